using QkdNetSim.Core.Units;
using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// What an analyzer needs besides the coincidence rows of an MDI run: the announced protocol settings (intensities,
/// probabilities, bases per user), the module wiring, the slots simulated (pulse pairs sent per user pair), the security
/// settings. Stored as JSON in the coincidences.parquet footer (key <see cref="MetadataKey"/>). Deterministic.
/// </summary>
public sealed class MdiRunManifest
{
    public const string MetadataKey = QkdNetSim.Runs.Access.DetectionLogSchema.ManifestKey;

    public string Tool { get; set; } = "qkdnetsim";
    public string ToolVersion { get; set; } = ToolInfo.Version;
    public string Kind { get; set; } = "mdiNetwork";
    public string ScenarioName { get; set; } = "";
    public string ScenarioHash { get; set; } = "";
    public string ScenarioYaml { get; set; } = "";
    public ulong Seed { get; set; }
    public string Mode { get; set; } = "fast";
    public double ClockRateHz { get; set; }
    public long CoincidenceWindowPs { get; set; }
    public double RequestedDurationS { get; set; }
    public long SimulatedSlots { get; set; }
    public double SimulatedTimeS { get; set; }
    public bool Interrupted { get; set; }
    public bool SharedEncoder { get; set; }
    public double Epsilon { get; set; } = 1e-10;
    public double ErrorCorrectionEfficiency { get; set; } = 1.16;
    public List<MdiManifestUser> Users { get; set; } = new();
    public List<MdiManifestModule> Modules { get; set; } = new();


    public string ToJson() => JsonContract.ToCompactJson(this);

    public static MdiRunManifest FromJson(string json, string file) => JsonContract.FromUserJson<MdiRunManifest>(json, file, MetadataKey);

    public static MdiRunManifest Build(MdiNetworkConfig c, string name, string hash, string yaml, string mode, double eps, double f,
        MdiSessionResult result) => new()
    {
        ScenarioName = name, ScenarioHash = hash, ScenarioYaml = yaml, Seed = c.Seed, Mode = mode,
        ClockRateHz = c.Timing.ClockRateHz, CoincidenceWindowPs = c.Timing.CoincidenceWindowPs,
        RequestedDurationS = c.DurationS, SimulatedSlots = result.SimulatedSlots, SimulatedTimeS = result.SimulatedTimeS,
        Interrupted = result.Interrupted, SharedEncoder = c.SharedEncoder, Epsilon = eps, ErrorCorrectionEfficiency = f,
        Users = c.Users.Select(u => new MdiManifestUser
        {
            Index = u.Index, Name = u.Name,
            Intensities = u.Encoder.MeanPhotonNumbers.ToArray(),
            Probabilities = u.Encoder.Probabilities.ToArray(),
            Bases = u.Encoder.Bases.Select(b => (int)b).ToArray(),
        }).ToList(),
        Modules = c.Modules.Select(m => new MdiManifestModule
        {
            Index = m.Index, Name = m.Name, UserA = m.UserA, UserB = m.UserB, ItuChannel = m.Line.ItuChannel,
            LossADb = Decibels.ToLossDb(m.TransmittanceA), LossBDb = Decibels.ToLossDb(m.TransmittanceB),
        }).ToList(),
    };
}

/// <summary>A user's announced encoder settings.</summary>
public sealed class MdiManifestUser
{
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public double[] Intensities { get; set; } = Array.Empty<double>();
    public double[] Probabilities { get; set; } = Array.Empty<double>();
    /// <summary>Basis per intensity: 0 = Z, 1 = X.</summary>
    public int[] Bases { get; set; } = Array.Empty<int>();
}

/// <summary>A BSM module's wiring.</summary>
public sealed class MdiManifestModule
{
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public int UserA { get; set; }
    public int UserB { get; set; }
    public int ItuChannel { get; set; }
    /// <summary>Loss from A's encoder to the beam splitter, dB (channel, DEMUX, BS excess).</summary>
    public double LossADb { get; set; }
    public double LossBDb { get; set; }
}

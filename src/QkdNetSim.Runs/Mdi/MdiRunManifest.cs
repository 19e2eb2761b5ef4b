using QkdNetSim.Core.Units;
using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Runs.Access;
using static QkdNetSim.Data.Scenarios.RuleChecker;

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


    public string ToJson() => JsonSerializer.Serialize(this, RunsJson.Compact);

    public static MdiRunManifest FromJson(string json, string file) => JsonContract.FromUserJson<MdiRunManifest>(json, file, MetadataKey, RunsJson.Compact);

    /// <summary>
    /// The scenario's ranges applied to a manifest read from a log (the limits of <see cref="ScenarioValidator"/> and
    /// <see cref="MdiScenarioValidator"/>): errors name the dotted manifest path in <paramref name="file"/>.
    /// </summary>
    public void Validate(string file)
    {
        var v = new RuleChecker(new ScenarioOrigins(file));
        const string p = MetadataKey;
        v.Positive($"{p}.clockRateHz", ClockRateHz);
        ScenarioValidator.AtMost(v, $"{p}.clockRateHz", ClockRateHz, ScenarioValidator.MaxGateRateHz);
        if (CoincidenceWindowPs <= 0) v.Fail($"{p}.coincidenceWindowPs", $"must be > 0, got {CoincidenceWindowPs}");
        v.NonNegative($"{p}.requestedDurationS", RequestedDurationS);
        v.NonNegative($"{p}.simulatedTimeS", SimulatedTimeS);
        ScenarioValidator.AtMost(v, $"{p}.simulatedTimeS", SimulatedTimeS, ScenarioValidator.MaxDurationS);
        v.AtLeast($"{p}.simulatedSlots", SimulatedSlots, 0);
        v.LeftOpen($"{p}.epsilon", Epsilon, 0, ScenarioValidator.MaxEpsilon);
        v.AtLeast($"{p}.errorCorrectionEfficiency", ErrorCorrectionEfficiency, 1.0);
        if (Users.Count > ScenarioValidator.MaxTimeBins) v.Fail($"{p}.users", $"lists {Users.Count} users, at most {ScenarioValidator.MaxTimeBins}");
        var indexOwner = new Dictionary<int, int>();
        for (int i = 0; i < Users.Count; i++)
        {
            var u = Users[i];
            string up = $"{p}.users.{i}";
            if (u.Index < 0 || u.Index >= ScenarioValidator.MaxTimeBins)
                v.Fail($"{up}.index", $"must be in [0, {ScenarioValidator.MaxTimeBins}), got {u.Index}");
            if (indexOwner.TryGetValue(u.Index, out int other)) v.Fail($"{up}.index", $"index {u.Index} is used by users.{other} and users.{i}");
            indexOwner[u.Index] = i;
            if (u.Intensities.Length == 0) v.Fail($"{up}.intensities", "must list at least one intensity");
            if (u.Intensities.Length > sbyte.MaxValue)
                v.Fail($"{up}.intensities", $"lists {u.Intensities.Length} intensities, at most {sbyte.MaxValue} (the log's intensity columns)");
            for (int k = 0; k < u.Intensities.Length; k++)
            {
                double mu = u.Intensities[k];
                if (!(mu >= 0 && mu <= ScenarioValidator.MaxIntensity))
                    v.Fail($"{up}.intensities.{k}", $"must be in [0, {F(ScenarioValidator.MaxIntensity)}] (mean photon number per qubit), got {F(mu)}");
            }
            if (u.Intensities.All(mu => mu == 0)) v.Fail($"{up}.intensities", "are all 0: the encoder sends no light");
            v.Distribution($"{up}.probabilities", u.Probabilities, u.Intensities.Length, "intensities", "probabilities");
            if (u.Bases.Length != u.Intensities.Length)
                v.Fail($"{up}.bases", $"has {u.Bases.Length} entries but intensities has {u.Intensities.Length} (one per entry)");
            for (int k = 0; k < u.Bases.Length; k++)
                if (u.Bases[k] is not (0 or 1)) v.Fail($"{up}.bases.{k}", $"must be 0 (Z) or 1 (X), got {u.Bases[k]}");
        }
        if (Modules.Count == 0) v.Fail(p, "manifest lists no BSM modules");
        if (Modules.Count > short.MaxValue) v.Fail($"{p}.modules", $"lists {Modules.Count} modules, at most {short.MaxValue} (the log's module column)");
        for (int i = 0; i < Modules.Count; i++)
        {
            var m = Modules[i];
            string mp = $"{p}.modules.{i}";
            if (!indexOwner.ContainsKey(m.UserA)) v.Fail($"{mp}.userA", $"user {m.UserA} is not a user of the manifest");
            if (!indexOwner.ContainsKey(m.UserB)) v.Fail($"{mp}.userB", $"user {m.UserB} is not a user of the manifest");
            if (m.UserA == m.UserB) v.Fail($"{mp}.userB", $"a module pairs two different users, got user {m.UserA} twice");
            v.NonNegative($"{mp}.lossADb", m.LossADb);
            v.NonNegative($"{mp}.lossBDb", m.LossBDb);
        }
    }

    /// <summary>The user with manifest index <paramref name="index"/> (after <see cref="Validate"/>, every module's users exist).</summary>
    public MdiManifestUser UserByIndex(int index) => Users.First(u => u.Index == index);

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

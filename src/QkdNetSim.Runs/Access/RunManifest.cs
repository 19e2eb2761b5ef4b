using System.Text.Json;
using System.Text.Json.Serialization;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Everything an analyzer needs besides the click rows: the announced protocol settings and the number of
/// pulses each user sent per intensity (Alice's own records in a lab). Stored as JSON in the Parquet footer
/// under <see cref="MetadataKey"/>, so detections.parquet is self-contained. Deterministic (no wall-clock values).
/// </summary>
public sealed class RunManifest
{
    public const string MetadataKey = QkdNetSim.Runs.Access.DetectionLogSchema.ManifestKey;

    public string Tool { get; set; } = "qkdnetsim";
    public string ToolVersion { get; set; } = ToolInfo.Version;
    public string ScenarioName { get; set; } = "";
    public string ScenarioHash { get; set; } = "";
    public string ScenarioYaml { get; set; } = "";
    public ulong Seed { get; set; }
    public string Mode { get; set; } = "fast";
    public double GateRateHz { get; set; }
    public int TimeBins { get; set; }
    public double RequestedDurationS { get; set; }
    public long SimulatedGates { get; set; }
    public double SimulatedTimeS { get; set; }
    public bool Interrupted { get; set; }
    public long KernelEvents { get; set; }
    public double Epsilon { get; set; } = 1e-10;
    public double ErrorCorrectionEfficiency { get; set; } = 1.1;
    public double BobBasis0Probability { get; set; } = 0.5;
    public List<ManifestUser> Users { get; set; } = new();


    public string ToJson() => JsonContract.ToCompactJson(this);

    public static RunManifest FromJson(string json, string file) => JsonContract.FromUserJson<RunManifest>(json, file, MetadataKey);
}

/// <summary>One user's announced settings and emitted-pulse counts.</summary>
public sealed class ManifestUser
{
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public int Slot { get; set; }
    public bool Active { get; set; }
    public double ChannelLossDb { get; set; }
    public double[] Intensities { get; set; } = Array.Empty<double>();
    public double[] Probabilities { get; set; } = Array.Empty<double>();
    public double Basis0Probability { get; set; } = 0.5;
    public long[] EmittedPulses { get; set; } = Array.Empty<long>();
}

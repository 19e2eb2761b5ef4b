using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNetSim.Data.Scenarios;
using static QkdNetSim.Data.Scenarios.RuleChecker;

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


    public string ToJson() => JsonSerializer.Serialize(this, RunsJson.Compact);

    public static RunManifest FromJson(string json, string file) => JsonContract.FromUserJson<RunManifest>(json, file, MetadataKey, RunsJson.Compact);

    /// <summary>
    /// The scenario's ranges (<see cref="ScenarioValidator"/>'s limits) applied to a manifest read from a log: finite,
    /// non-negative counts, probabilities that are probabilities, unique users and slots within the time bins. Errors
    /// name the dotted manifest path (e.g. <c>qkdnetsim.manifest.users.0.slot</c>) in <paramref name="file"/>.
    /// </summary>
    public void Validate(string file)
    {
        var v = new RuleChecker(new ScenarioOrigins(file));
        const string p = MetadataKey;
        v.Positive($"{p}.gateRateHz", GateRateHz);
        ScenarioValidator.AtMost(v, $"{p}.gateRateHz", GateRateHz, ScenarioValidator.MaxGateRateHz);
        v.AtLeast($"{p}.timeBins", TimeBins, 1);
        ScenarioValidator.AtMost(v, $"{p}.timeBins", TimeBins, ScenarioValidator.MaxTimeBins);
        v.NonNegative($"{p}.requestedDurationS", RequestedDurationS);
        v.NonNegative($"{p}.simulatedTimeS", SimulatedTimeS);
        ScenarioValidator.AtMost(v, $"{p}.simulatedTimeS", SimulatedTimeS, ScenarioValidator.MaxDurationS);
        v.AtLeast($"{p}.simulatedGates", SimulatedGates, 0);
        v.AtLeast($"{p}.kernelEvents", KernelEvents, 0);
        v.LeftOpen($"{p}.epsilon", Epsilon, 0, ScenarioValidator.MaxEpsilon);
        v.AtLeast($"{p}.errorCorrectionEfficiency", ErrorCorrectionEfficiency, 1.0);
        v.Open($"{p}.bobBasis0Probability", BobBasis0Probability, 0, 1);
        if (Users.Count > ScenarioValidator.MaxTimeBins)
            v.Fail($"{p}.users", $"lists {Users.Count} users, at most {ScenarioValidator.MaxTimeBins} (one time bin each)");
        var indexOwner = new Dictionary<int, int>();
        var slotOwner = new Dictionary<int, int>();
        for (int i = 0; i < Users.Count; i++)
        {
            var u = Users[i];
            string up = $"{p}.users.{i}";
            if (u.Index < 0 || u.Index >= ScenarioValidator.MaxTimeBins)
                v.Fail($"{up}.index", $"must be in [0, {ScenarioValidator.MaxTimeBins}), got {u.Index}");
            if (indexOwner.TryGetValue(u.Index, out int other))
                v.Fail($"{up}.index", $"index {u.Index} is used by users.{other} and users.{i}");
            indexOwner[u.Index] = i;
            if (u.Slot < 0 || u.Slot >= TimeBins)
                v.Fail($"{up}.slot", $"slot {u.Slot} is outside [0, {TimeBins}) (timeBins is {TimeBins})");
            if (slotOwner.TryGetValue(u.Slot, out other))
                v.Fail($"{up}.slot", $"slot {u.Slot} is used by users.{other} and users.{i}");
            slotOwner[u.Slot] = i;
            v.NonNegative($"{up}.channelLossDb", u.ChannelLossDb);
            if (u.Intensities.Length == 0) v.Fail($"{up}.intensities", "must list at least one intensity");
            if (u.Intensities.Length > sbyte.MaxValue)
                v.Fail($"{up}.intensities", $"lists {u.Intensities.Length} intensities, at most {sbyte.MaxValue} (the log's intensity column)");
            for (int k = 0; k < u.Intensities.Length; k++)
            {
                double mu = u.Intensities[k];
                if (!(mu >= 0 && mu <= ScenarioValidator.MaxIntensity))
                    v.Fail($"{up}.intensities.{k}", $"must be in [0, {F(ScenarioValidator.MaxIntensity)}] (mean photon number), got {F(mu)}");
            }
            if (u.Intensities.All(mu => mu == 0)) v.Fail($"{up}.intensities", "are all 0: the source sends no light");
            v.Distribution($"{up}.probabilities", u.Probabilities, u.Intensities.Length, "intensities", "probabilities");
            v.Open($"{up}.basis0Probability", u.Basis0Probability, 0, 1);
            for (int k = 0; k < u.EmittedPulses.Length; k++) v.AtLeast($"{up}.emittedPulses.{k}", u.EmittedPulses[k], 0);
        }
    }
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

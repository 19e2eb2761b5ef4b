using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNetSim.Core;
using QkdNetSim.Data.Scenarios;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// What `analyze` needs besides the samples, stored as JSON in the footer of cv_samples.parquet: the trusted detector
/// calibration (eta, v_el) per user, beta, z, and the true simulation parameters (for the analytic comparison only).
/// </summary>
public sealed class CvRunManifest
{
    public const string MetadataKey = QkdNetSim.Runs.Cv.CvSampleLogSchema.ManifestKey;

    public string Kind { get; set; } = "cvNetwork";
    public string ScenarioName { get; set; } = "";
    public string ScenarioHash { get; set; } = "";
    public string ScenarioYaml { get; set; } = "";
    public ulong Seed { get; set; }
    public long Rounds { get; set; }
    public string Modulation { get; set; } = "gaussian";
    public double ModulationVarianceSnu { get; set; }
    public double ReconciliationEfficiency { get; set; }
    public double ConfidenceStandardScore { get; set; }
    public List<CvManifestUser> Users { get; set; } = new();


    public string ToJson() => JsonSerializer.Serialize(this, RunsJson.Compact);

    /// <summary>The manifest of a scenario: its identity, settings and each Bob's calibration and true channel.</summary>
    public static CvRunManifest Of(LoadedCvScenario loaded, IReadOnlyList<QkdNetSim.Protocols.Cv.CvUserChannel> channels)
    {
        var s = loaded.Scenario;
        return new CvRunManifest
        {
            ScenarioName = s.Name, ScenarioHash = loaded.ScenarioHash, ScenarioYaml = loaded.CanonicalYaml, Seed = s.Seed, Rounds = s.Samples,
            Modulation = s.Modulation, ModulationVarianceSnu = s.ModulationVarianceSnu, ReconciliationEfficiency = s.ReconciliationEfficiency,
            ConfidenceStandardScore = s.ConfidenceStandardScore,
            Users = s.Users.Select((u, i) => new CvManifestUser
            {
                Name = string.IsNullOrEmpty(u.Name) ? $"bob{i + 1}" : u.Name, Efficiency = u.Efficiency, ElectronicNoiseSnu = u.ElectronicNoiseSnu,
                TrueTransmittance = channels[i].TotalTransmittance, TrueExcessNoiseSnu = channels[i].ExcessNoiseSnu,
            }).ToList(),
        };
    }

    public static CvRunManifest FromJson(string json, string file)
    {
        var m = JsonContract.FromUserJson<CvRunManifest>(json, file, MetadataKey, RunsJson.Compact);
        if (m.Users.Count < 1) throw new InputError(file, MetadataKey, "manifest lists no users");
        for (int i = 0; i < m.Users.Count; i++)
        {
            // The trusted detector's rules (Analysis.Cv.TrustedDetector), checked here so a bad manifest is bad input.
            var u = m.Users[i];
            if (!(u.Efficiency > 0.0 && u.Efficiency <= 1.0))
                throw new InputError(file, $"{MetadataKey}.users.{i}.efficiency", $"detector efficiency eta must lie in (0, 1] (got {u.Efficiency:G6})");
            if (!(u.ElectronicNoiseSnu >= 0.0) || !double.IsFinite(u.ElectronicNoiseSnu))
                throw new InputError(file, $"{MetadataKey}.users.{i}.electronicNoiseSnu", $"electronic noise v_el must be finite and >= 0 SNU (got {u.ElectronicNoiseSnu:G6})");
        }
        return m;
    }

    /// <summary>
    /// The scenario's ranges (<see cref="CvScenarioValidator"/>) for the rest of a manifest read from a log: rounds, beta,
    /// the modulation variance and the confidence score. Errors name the dotted manifest path in <paramref name="file"/>.
    /// </summary>
    public void Validate(string file)
    {
        var v = new RuleChecker(new ScenarioOrigins(file));
        const string p = MetadataKey;
        if (Rounds < 0 || Rounds > CvScenarioValidator.MaxSamples)
            v.Fail($"{p}.rounds", $"must lie in [0, {CvScenarioValidator.MaxSamples}], got {Rounds}");
        v.LeftOpen($"{p}.reconciliationEfficiency", ReconciliationEfficiency, 0, 1);
        v.Positive($"{p}.modulationVarianceSnu", ModulationVarianceSnu);
        QkdNetSim.Runs.Access.ScenarioValidator.AtMost(v, $"{p}.modulationVarianceSnu", ModulationVarianceSnu, CvScenarioValidator.MaxModulationVarianceSnu);
        v.Positive($"{p}.confidenceStandardScore", ConfidenceStandardScore);
        for (int i = 0; i < Users.Count; i++)
        {
            var u = Users[i];
            v.Closed($"{p}.users.{i}.trueTransmittance", u.TrueTransmittance, 0, 1);
            v.NonNegative($"{p}.users.{i}.trueExcessNoiseSnu", u.TrueExcessNoiseSnu);
            QkdNetSim.Runs.Access.ScenarioValidator.AtMost(v, $"{p}.users.{i}.electronicNoiseSnu", u.ElectronicNoiseSnu, CvScenarioValidator.MaxNoiseSnu);
        }
    }
}

/// <summary>One user's calibration and true channel in the manifest.</summary>
public sealed class CvManifestUser
{
    public string Name { get; set; } = "";
    public double Efficiency { get; set; }
    public double ElectronicNoiseSnu { get; set; }
    public double TrueTransmittance { get; set; }
    public double TrueExcessNoiseSnu { get; set; }
}

using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;
using QkdNetSim.Data.Scenarios.Cv;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Data.Runs.Cv;

/// <summary>
/// `run` for a `kind: cvNetwork` scenario: generates the samples, writes OUT/cv_samples.parquet (manifest in the
/// footer) and OUT/summary.json, both atomically.
/// </summary>
public static class CvRunPipeline
{
    public const string SummaryFileName = "summary.json";

    public static (CvRunSummary Summary, string SummaryPath) Execute(string scenarioPath, string outDir, IReadOnlyList<string>? overrides = null)
    {
        var loaded = CvScenarioLoader.Load(scenarioPath, overrides);
        return Execute(loaded, outDir);
    }

    public static (CvRunSummary Summary, string SummaryPath) Execute(LoadedCvScenario loaded, string outDir)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        Directory.CreateDirectory(outDir);
        var s = loaded.Scenario;
        var channels = loaded.BuildChannels();
        var manifest = new CvRunManifest
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
        string logPath = Path.Combine(outDir, CvSampleLogSchema.FileName);
        var generator = new CvSampleGenerator(loaded.BuildModulation(), channels, s.Seed);
        var metadata = new Dictionary<string, string> { [CvRunManifest.MetadataKey] = manifest.ToJson() };
        Analysis.Cv.Estimation.CvMomentAccumulator[] moments;
        var network = new Analysis.Cv.Estimation.CvNetworkMomentAccumulator(channels.Length);
        using (var log = new CvSampleLogWriter(logPath, metadata, s.RowGroupSize))
        {
            moments = CvSampleRunner.Run(generator, s.Samples, log, network);
            log.Complete();
        }
        var summary = CvSummaryBuilder.Build(manifest, moments, network, "run", loaded.SourcePath);
        string summaryPath = Path.Combine(outDir, SummaryFileName);
        AtomicFile.WriteAllText(summaryPath, summary.ToJson());
        return (summary, summaryPath);
    }
}

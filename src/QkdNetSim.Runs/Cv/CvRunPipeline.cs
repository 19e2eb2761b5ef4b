using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// `run` for a `kind: cvNetwork` scenario: generates the samples, writes OUT/cv_samples.parquet (manifest in the
/// footer; unless `log.enabled: false`) and OUT/summary.json, both atomically. An interrupted run (cancellation) keeps the
/// rounds done so far: the log and the summary cover exactly those, and the summary says `interrupted: true`.
/// </summary>
public static class CvRunPipeline
{
    public const string SummaryFileName = "summary.json";

    public static (CvRunSummary Summary, string SummaryPath) Execute(string scenarioPath, string outDir, IReadOnlyList<string>? overrides = null)
    {
        var loaded = CvScenarioLoader.Load(scenarioPath, overrides);
        return Execute(loaded, outDir);
    }

    public static (CvRunSummary Summary, string SummaryPath) Execute(LoadedCvScenario loaded, string outDir,
        Action<double>? progress = null, CancellationToken cancel = default)
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
        if (s.Log.Enabled)
        {
            using var log = new CvSampleLogWriter(logPath, metadata, s.Log.RowGroupSize);
            moments = CvSampleRunner.Run(generator, s.Samples, log, network, progress, cancel);
            if (generator.RoundsGenerated < s.Samples)
            {
                manifest.Rounds = generator.RoundsGenerated; // the footer describes the rows actually written
                log.SetMetadata(CvRunManifest.MetadataKey, manifest.ToJson());
            }
            log.Complete();
        }
        else moments = CvSampleRunner.Run(generator, s.Samples, null, network, progress, cancel);
        var summary = CvSummaryBuilder.Build(manifest, moments, network, "run", loaded.SourcePath);
        summary.Interrupted = generator.RoundsGenerated < s.Samples;
        string summaryPath = Path.Combine(outDir, SummaryFileName);
        AtomicFile.WriteAllText(summaryPath, summary.ToJson());
        return (summary, summaryPath);
    }
}

using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// The CV network's simulation step of `run`: generates the samples, streams them into cv_samples.parquet (manifest in
/// the footer) when a log path is given, and builds the summary once. An interrupted run (cancellation) keeps the rounds
/// done so far: the log and the summary cover exactly those, and the summary says `interrupted: true`.
/// </summary>
public static class CvSimulation
{
    public static CvRunSummary Simulate(LoadedCvScenario loaded, string? logPath, Action<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var wall = System.Diagnostics.Stopwatch.StartNew();
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
        var generator = new CvSampleGenerator(loaded.BuildModulation(), channels, s.Seed);
        var metadata = new Dictionary<string, string> { [CvRunManifest.MetadataKey] = manifest.ToJson() };
        var network = new Analysis.Cv.Estimation.CvNetworkMomentAccumulator(channels.Length);
        using var log = logPath is not null ? new CvSampleLogWriter(logPath, metadata, s.Log.RowGroupSize) : null;
        var moments = CvSampleRunner.Run(generator, s.Samples, log, network, progress, cancel);
        bool interrupted = generator.RoundsGenerated < s.Samples;
        if (log is not null)
        {
            if (interrupted)
            {
                manifest.Rounds = generator.RoundsGenerated; // the footer describes the rows actually written
                log.SetMetadata(CvRunManifest.MetadataKey, manifest.ToJson());
            }
            log.Complete();
        }
        return CvSummaryBuilder.Build(manifest, moments, network, "run", loaded.SourcePath, interrupted, wall.Elapsed.TotalSeconds, logPath ?? "");
    }
}

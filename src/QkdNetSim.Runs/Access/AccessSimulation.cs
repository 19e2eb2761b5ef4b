using QkdNetSim.Data.Files;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The access network's simulation step of `run`: simulate the scenario, stream the clicks into detections.parquet
/// (when a log path is given) and build the summary once. Mode `blocks` runs the <see cref="BlockSamplingAccessEngine"/>,
/// which feeds the same tallies with counts and writes no log (the run pipeline asks for none: <see cref="LoadedScenario"/>). The run layer's <see cref="RunPipeline"/> writes the files.
/// </summary>
public static class AccessSimulation
{
    /// <param name="outputDir">
    /// Where the run's further outputs go (the run pipeline's staging folder): timeseries.parquet when the scenario's
    /// `timeseries` is on. Null writes none.
    /// </param>
    public static RunSummary Simulate(LoadedScenario loaded, LogTarget? logTarget, Action<double>? progress = null, CancellationToken cancel = default,
        string? outputDir = null)
    {
        var scenario = loaded.Scenario;
        var config = AccessNetworkBuilder.Build(loaded);
        using var log = logTarget is not null && scenario.Mode != LoadedScenario.BlocksMode
            ? new DetectionLogWriter(logTarget.WritePath, new Dictionary<string, string>(), scenario.Log.RowGroupSize)
            : null;
        var seriesSpec = TimeSeriesSpec.Of(scenario);
        var active = config.Users.Where(u => u.Active).ToArray();
        var series = outputDir is not null && seriesSpec.Enabled
            ? new TimeSeriesTally(active.Select(u => u.Index).ToArray(), active.Select(u => u.Source.Levels).ToArray(),
                seriesSpec.BlockGates(config.GateRateHz), config.SessionGates)
            : null;
        var sinks = new RunSinks(log, series);
        var session = scenario.Mode == LoadedScenario.BlocksMode
            ? new AccessNetworkSession(config, new BlockSamplingAccessEngine(config) { CountObserver = sinks, SpanBoundaryGates = series?.BlockGates ?? 0 })
            : new AccessNetworkSession(config, scenario.Mode == "perPulse", sinks.RecordSink, drawTruthPhotons: log != null, gateObserver: sinks);
        SessionResult result = session.Run(progress, cancel);
        sinks.Tally.Complete();

        var manifest = BuildManifest(loaded, config, session.Engine, result);
        if (log != null)
        {
            log.SetMetadata(RunManifest.MetadataKey, manifest.ToJson());
            log.Complete();
        }
        string file = logTarget?.PublishedPath ?? loaded.SourcePath;
        if (series is not null)
        {
            var rows = TimeSeriesBuilder.Build(manifest, config, series, file);
            TimeSeriesWriter.Write(Path.Combine(outputDir!, TimeSeriesWriter.FileName), rows, active.Length == 0 ? 0 : active.Max(u => u.Source.Levels),
                seriesSpec.BlockS, series.BlockGates, config.GateRateHz, loaded.ScenarioHash);
        }
        return SummaryBuilder.Build(manifest, sinks.Tally, TruthFrom(session.Engine.Counters), "run", result.WallTimeS, file,
            eventsProcessed: session.Engine.Counters.ClickRows);
    }

    public static RunManifest BuildManifest(LoadedScenario loaded, AccessNetworkConfig config, AccessNetworkEngine engine, SessionResult result)
    {
        var s = loaded.Scenario;
        return BuildManifest(s.Name, loaded.ScenarioHash, loaded.CanonicalYaml, s.Mode, s.Analysis.Epsilon, s.Analysis.ErrorCorrectionEfficiency,
            config, engine, result);
    }

    /// <summary>Manifest of a session run from a config built in code (experiments), without a scenario file.</summary>
    public static RunManifest BuildManifest(string name, string scenarioHash, string scenarioYaml, string mode, double epsilon, double errorCorrectionEfficiency,
        AccessNetworkConfig config, AccessNetworkEngine engine, SessionResult result) =>
        BuildManifest(name, scenarioHash, scenarioYaml, mode, epsilon, errorCorrectionEfficiency, config,
            result.SimulatedGates, result.SimulatedTimeS, result.Interrupted, result.KernelEvents, engine.EmittedPulsesPerIntensity);

    /// <summary>
    /// The manifest of a session of <paramref name="config"/> that covered <paramref name="simulatedGates"/> gates, with each
    /// user's pulses per intensity from <paramref name="emittedPulses"/> (the engine's draws, or the model's expectation).
    /// </summary>
    public static RunManifest BuildManifest(string name, string scenarioHash, string scenarioYaml, string mode, double epsilon, double errorCorrectionEfficiency,
        AccessNetworkConfig config, long simulatedGates, double simulatedTimeS, bool interrupted, long kernelEvents, Func<int, long[]> emittedPulses) => new()
    {
        ScenarioName = name,
        ScenarioHash = scenarioHash,
        ScenarioYaml = scenarioYaml,
        Seed = config.Seed,
        Mode = mode,
        GateRateHz = config.GateRateHz,
        TimeBins = config.TimeBins,
        RequestedDurationS = config.DurationS,
        SimulatedGates = simulatedGates,
        SimulatedTimeS = simulatedTimeS,
        Interrupted = interrupted,
        KernelEvents = kernelEvents,
        Epsilon = epsilon,
        ErrorCorrectionEfficiency = errorCorrectionEfficiency,
        BobBasis0Probability = config.BobBasis0Probability,
        Users = config.Users.Select(u => new ManifestUser
        {
            Index = u.Index,
            Name = u.Name,
            Slot = u.Slot,
            Active = u.Active,
            ChannelLossDb = u.ChannelLossDb,
            Intensities = u.Source.MeanPhotonNumbers.ToArray(),
            Probabilities = u.Source.Probabilities.ToArray(),
            Basis0Probability = u.Source.Basis0Probability,
            EmittedPulses = emittedPulses(u.Index),
        }).ToList(),
    };

    /// <summary>Ground-truth click counts per cause, as counted by the engine for every record it wrote.</summary>
    public static TruthSummary TruthFrom(EngineCounters c) => new()
    {
        SignalPhoton = c.ClicksByCause[0], DarkCount = c.ClicksByCause[1], Afterpulse = c.ClicksByCause[2], Crosstalk = c.ClicksByCause[3],
    };

    /// <summary>Simulates a config built in code, tally only (no files), and analyses it like `run` does.</summary>
    public static RunSummary ExecuteInMemory(AccessNetworkConfig config, string name, Action<double>? progress = null, CancellationToken cancel = default,
        double epsilon = 1e-10, double errorCorrectionEfficiency = 1.1)
    {
        var sinks = new RunSinks(null);
        var session = new AccessNetworkSession(config, perPulse: false, sinks.RecordSink, drawTruthPhotons: false, gateObserver: sinks);
        SessionResult result = session.Run(progress, cancel);
        sinks.Tally.Complete();
        var manifest = BuildManifest(name, "", "", "fast", epsilon, errorCorrectionEfficiency, config, session.Engine, result);
        return SummaryBuilder.Build(manifest, sinks.Tally, TruthFrom(session.Engine.Counters), "run", result.WallTimeS, name,
            eventsProcessed: session.Engine.Counters.ClickRows);
    }
}

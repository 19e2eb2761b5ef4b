using QkdNetSim.Data.Files;
using QkdNetSim.Core.Random;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Protocols.AccessNetwork.Control;

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
        var seriesSpec = TimeSeriesSpec.Of(loaded.Scenario);
        var outcome = SimulateWithSeries(loaded, logTarget, progress, cancel, withSeries: outputDir is not null && seriesSpec.Enabled);
        if (outcome.Series is { } rows)
        {
            var config = outcome.Config;
            int levels = config.Users.Where(u => u.Active).Select(u => u.Source.Levels).DefaultIfEmpty(0).Max();
            TimeSeriesWriter.Write(Path.Combine(outputDir!, TimeSeriesWriter.FileName), rows, levels,
                seriesSpec.BlockS, seriesSpec.BlockGates(config.GateRateHz), config.GateRateHz, loaded.ScenarioHash);
        }
        return outcome.Summary;
    }

    /// <summary>A run's summary and, when asked for, its time-series rows (one per active user and block), built once.</summary>
    public sealed record Outcome(AccessNetworkConfig Config, RunSummary Summary, IReadOnlyList<TimeSeriesRow>? Series);

    /// <summary>As <see cref="Simulate"/>, returning the time-series rows instead of writing them (experiments read them in memory).</summary>
    public static Outcome SimulateWithSeries(LoadedScenario loaded, LogTarget? logTarget, Action<double>? progress, CancellationToken cancel, bool withSeries)
    {
        var scenario = loaded.Scenario;
        var config = AccessNetworkBuilder.Build(loaded);
        using var log = logTarget is not null && scenario.Mode != LoadedScenario.BlocksMode
            ? new DetectionLogWriter(logTarget.WritePath, new Dictionary<string, string>(), scenario.Log.RowGroupSize)
            : null;
        var seriesSpec = TimeSeriesSpec.Of(scenario);
        var active = config.Users.Where(u => u.Active).ToArray();
        var series = withSeries
            ? new TimeSeriesTally(active.Select(u => u.Index).ToArray(), active.Select(u => u.Source.Levels).ToArray(),
                seriesSpec.BlockGates(config.GateRateHz), config.SessionGates)
            : null;
        var plan = ControlPlanBuilder.Build(loaded);
        string file = logTarget?.PublishedPath ?? loaded.SourcePath;
        if (scenario.Mode == "fast" && log is null && plan.IsEmpty) // a static tally-only session: epochs on every core
            return SimulateEpochs(loaded, config, series, file, progress, cancel);
        var sinks = new RunSinks(log, series);
        var session = scenario.Mode == LoadedScenario.BlocksMode
            ? new AccessNetworkSession(config, new BlockSamplingAccessEngine(config) { CountObserver = sinks, SpanBoundaryGates = series?.BlockGates ?? 0 })
            : new AccessNetworkSession(config, scenario.Mode == "perPulse", sinks.RecordSink, drawTruthPhotons: log != null, gateObserver: sinks);
        AccessControl? control = null;
        var snapshots = new List<LinkSnapshot[]>();
        if (!plan.IsEmpty) // a static scenario adds no process: its run is today's, byte for byte
        {
            control = new AccessControl(plan, config, session.Engine.SetLinkState, new RngStreams(config.Seed), series?.BlockGates ?? long.MaxValue);
            sinks.Control = control.Observations;
            session.AddProcesses(control.Start);
        }
        var emittedAtBlockEnds = new List<long[][]>(); // per closed block: every user's cumulative emitted pulses per intensity
        if (series is not null && (control is not null || series.BlockGates < config.SessionGates)) // one block needs no boundary
            session.AddProcesses(s => s.Start(RecordBlocks(s, session.Engine, control, series, config, snapshots, emittedAtBlockEnds)));
        SessionResult result = session.Run(progress, cancel);
        sinks.Tally.Complete();

        var manifest = BuildManifest(loaded, config, session.Engine, result);
        if (log != null)
        {
            log.SetMetadata(RunManifest.MetadataKey, manifest.ToJson());
            log.Complete();
        }
        IReadOnlyList<TimeSeriesRow>? rows = null;
        if (series is not null)
        {
            Func<int, int, LinkSnapshot>? state = null;
            if (control is not null)
            {
                var final = series.Users.Select(control.Snapshot).ToArray(); // blocks a cancelled run did not close
                state = (j, a) => j < snapshots.Count ? snapshots[j][a] : final[a];
            }
            rows = TimeSeriesBuilder.Build(manifest, config, series, file, state,
                control is null ? null : (u, j) => Disclosed(control.Observations.Disclosed(u, j)),
                (j, u) => BlockEmitted(emittedAtBlockEnds, j, u, manifest));
        }
        var summary = SummaryBuilder.Build(manifest, sinks.Tally, TruthFrom(session.Engine.Counters), "run", result.WallTimeS, file,
            eventsProcessed: session.Engine.Counters.ClickRows,
            disclosed: control is null ? null : u => Disclosed(control.Observations.Disclosed(u)), expectedModel: config);
        return new Outcome(config, summary, rows);
    }

    /// <summary>
    /// User u's pulses per intensity in block j, exact: the engine closes its emission interval at every block end
    /// (<see cref="AccessNetworkEngine.CloseEmissionInterval"/>), so each block's cumulative count less the previous one's;
    /// the last block (or the block a cancelled run stopped in) ends at the run's totals.
    /// </summary>
    private static long[] BlockEmitted(List<long[][]> atBlockEnds, int j, int u, RunManifest manifest)
    {
        long[] end = j < atBlockEnds.Count ? atBlockEnds[j][u] : manifest.Users[u].EmittedPulses;
        if (j == 0) return (long[])end.Clone();
        long[] start = atBlockEnds[j - 1][u];
        return end.Select((e, k) => e - start[k]).ToArray();
    }

    private static DisclosedCounts Disclosed((long[] Bits, long[] Errors) d) => new(d.Bits, d.Errors);

    /// <summary>
    /// Block boundaries as a kernel process: 1 ps before each block's end time (the engine has then simulated exactly the
    /// block's gates, and the event makes the engine's spans of gates end there, so disclosed bits are attributed to the
    /// block of their gate exactly) it closes the engine's emission interval and records every user's cumulative emitted
    /// pulses, and, with control, every active user's link and controller state: the state in force over the block's last
    /// gate, unless a process changed it within that gate period.
    /// </summary>
    private static IEnumerable<QkdNetSim.Core.Kernel.Await> RecordBlocks(QkdNetSim.Core.Kernel.StepSession s, AccessNetworkEngine engine, AccessControl? control,
        TimeSeriesTally series, AccessNetworkConfig config, List<LinkSnapshot[]> snapshots, List<long[][]> emitted)
    {
        long periodPs = config.GatePeriodPs;
        for (long end = Math.Min(series.BlockGates, config.SessionGates); ; end = Math.Min(end + series.BlockGates, config.SessionGates))
        {
            long atPs = end * periodPs - (periodPs > 1 ? 1 : 0);
            if (atPs > s.Environment.NowPs) yield return QkdNetSim.Core.Kernel.Await.Timeout(atPs - s.Environment.NowPs);
            if (engine.ProcessedUntilGate < end && s.Stopping) yield break; // cancelled inside this block
            engine.CloseEmissionInterval();
            emitted.Add(config.Users.Select(u => engine.EmittedPulsesPerIntensity(u.Index)).ToArray());
            if (control is not null) snapshots.Add(series.Users.Select(control.Snapshot).ToArray());
            if (end >= config.SessionGates) yield break;
        }
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
        var epochs = RunEpochs(config, progress, cancel);
        var manifest = BuildManifest(name, "", "", "fast", epsilon, errorCorrectionEfficiency, config, epochs.Session.SimulatedGates,
            epochs.Session.SimulatedTimeS, epochs.Session.Interrupted, epochs.Session.KernelEvents, u => epochs.EmittedPulses[u]);
        return SummaryBuilder.Build(manifest, epochs.Observer.Tally, TruthFrom(epochs.Counters), "run", epochs.Session.WallTimeS, name,
            eventsProcessed: epochs.Counters.ClickRows, expectedModel: config);
    }

    /// <summary>
    /// A static tally-only session as parallel epochs (<see cref="EpochSessionRunner"/>), with its summary and, when asked
    /// for, its time series: the same counts as the kernel-driven session, for any number of workers.
    /// </summary>
    private static Outcome SimulateEpochs(LoadedScenario loaded, AccessNetworkConfig config, TimeSeriesTally? series, string file,
        Action<double>? progress, CancellationToken cancel)
    {
        var scenario = loaded.Scenario;
        var epochs = RunEpochs(config, progress, cancel, seriesBlockGates: series?.BlockGates ?? 0);
        bool perBlock = series is not null && series.BlockGates < config.SessionGates; // one block needs no boundary
        var manifest = BuildManifest(scenario.Name, loaded.ScenarioHash, loaded.CanonicalYaml, scenario.Mode, scenario.Analysis.Epsilon,
            scenario.Analysis.ErrorCorrectionEfficiency, config, epochs.Session.SimulatedGates, epochs.Session.SimulatedTimeS,
            epochs.Session.Interrupted, epochs.Session.KernelEvents, u => epochs.EmittedPulses[u]);
        IReadOnlyList<TimeSeriesRow>? rows = null;
        if (series is not null)
        {
            series.CompleteFrom(epochs.Observer.Block, manifest.SimulatedGates);
            rows = TimeSeriesBuilder.Build(manifest, config, series, file, null, null, // block j's pulses: its intervals' draws; one block: the totals
                (j, u) => (long[])(perBlock ? epochs.EmittedByBlock[j][u] : manifest.Users[u].EmittedPulses).Clone());
        }
        var summary = SummaryBuilder.Build(manifest, epochs.Observer.Tally, TruthFrom(epochs.Counters), "run", epochs.Session.WallTimeS, file,
            eventsProcessed: epochs.Counters.ClickRows, expectedModel: config);
        return new Outcome(config, summary, rows);
    }

    /// <summary>
    /// A static tally-only session as parallel epochs (<see cref="EpochSessionRunner"/>): the same counts as the kernel-driven
    /// session of the same config, for any number of workers.
    /// </summary>
    /// <param name="seriesBlockGates">
    /// Gates per time-series block (0: no series): per-block tallies, and, when the session holds several blocks, runs that
    /// stop at block boundaries with each block's emission intervals drawn as the kernel-driven session closes them.
    /// </param>
    public static EpochSessionRunner.Result<EpochSinks> RunEpochs(AccessNetworkConfig config, Action<double>? progress, CancellationToken cancel,
        int workers = 0, long seriesBlockGates = 0) =>
        EpochSessionRunner.Run(config, () => new EpochSinks(seriesBlockGates, config.SessionGates), (into, from, sign) => into.Accumulate(from, sign), workers, progress, cancel,
            seriesBlockGates > 0 && seriesBlockGates < config.SessionGates ? seriesBlockGates : 0);
}

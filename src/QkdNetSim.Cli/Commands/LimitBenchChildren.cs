using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QkdNetSim.Cli.Output;
using QkdNetSim.Core.Units;
using QkdNetSim.Data.Files;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Cli.Commands;

/// <summary>
/// The child processes of the "Closer to the limit" bench section (<see cref="LimitBench"/>), each started as
/// `bench --child --child-kind KIND --child-duration X` and answering with one JSON line:
/// <list type="bullet">
/// <item>"limit": the raw skip-ahead loop (<see cref="SkipAheadLimit"/>) for X detection events.</item>
/// <item>"phases": a default tally-only run of X simulated seconds on 1 worker, its steps timed one by one.</item>
/// <item>"uneven": ns per detection event of 8 users at one distance and of 8 users at 8 distances, X simulated seconds each.</item>
/// </list>
/// </summary>
public static class LimitBenchChildren
{
    public const string LimitKind = "limit";
    public const string PhasesKind = "phases";
    public const string UnevenKind = "uneven";

    /// <summary>Rounds of interleaved in-process measurements (medians are reported).</summary>
    public const int Rounds = 3;

    /// <summary>The overrides that switch off secondary clicks (afterpulses and crosstalk) of the built-in detector.</summary>
    public static readonly string[] NoSecondaryOverrides = ["receiver.detector.afterpulseProbability=0", "receiver.detector.crosstalkProbability=0"];

    /// <summary>The 8 fibre lengths of the uneven network, km: 0 to 35 in 5-km steps (1 dB apart at 0.2 dB/km).</summary>
    public static readonly double[] UnevenDistancesKm = [0, 5, 10, 15, 20, 25, 30, 35];

    /// <summary>Runs child <paramref name="kind"/>; null when the kind is not one of these.</summary>
    public static int? Run(string? kind, double x, CancellationToken cancel) => kind switch
    {
        LimitKind => Print(SkipAheadLimit.Run((long)x)),
        PhasesKind => Phases(x, cancel),
        UnevenKind => Uneven(x, cancel),
        _ => null,
    };

    private static int Print<T>(T result)
    {
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>An observer that ignores everything: the engine loop alone.</summary>
    public sealed class NoOpObserver : IGateObserver, IGateCountObserver
    {
        public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask)
        {
        }

        public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
        {
        }
    }

    private static EpochSessionRunner.Result<NoOpObserver> EngineOnly(AccessNetworkConfig config, CancellationToken cancel) =>
        EpochSessionRunner.Run(config, () => new NoOpObserver(), (_, _, _) => { }, 1, null, cancel);

    private static List<string> Overrides(double durationS, params string[] more) =>
        [$"durationS={durationS.ToString("R", CultureInfo.InvariantCulture)}", "log.enabled=false", .. more];

    /// <summary>
    /// The phases of a default tally-only run (1 worker), in seconds; start-up is measured from the process start
    /// (<see cref="Process.StartTime"/>, kept by the kernel in 10-ms ticks) to this child's code.
    /// </summary>
    public sealed record PhasesResult(double StartupS, double FirstCallS, double TieringS, double LoadS, double EngineS, double SecondaryS, double TallyS,
        double AnalysisS, double SeriesS, double SummaryJsonS, double TableS, double InternalS, double SessionS, long Events, long PrimaryEvents,
        long SecondaryClicks, double NsPerPrimary, double NsPerPrimaryWithoutSecondaries, long PrimaryEventsWithoutSecondaries,
        double[] TallyRoundsS, double[] SecondaryRoundsS);

    /// <summary>One pass of `run`'s steps (<see cref="RunCommand"/> through <see cref="RunPipeline.Execute(INetworkKind, IRunScenario, string, Action{double}?, CancellationToken)"/>), timed one by one.</summary>
    private sealed record PipelineTimes(double LoadS, double SimulateS, double SessionS, double SummaryJsonS, double TableS, RunSummary Summary)
    {
        public double TotalS => LoadS + SimulateS + SummaryJsonS + TableS;
    }

    /// <summary>
    /// `run`'s steps in order: load (kind detection, YAML, validation; the builder), the simulation into the staged output
    /// folder (session, then manifest, time series and finite-key analysis), summary.json written and the folder published,
    /// then the console table.
    /// </summary>
    private static PipelineTimes Pipeline(IReadOnlyList<string> overrides, string outDir, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var (kind, scenario) = RunPipeline.Load(null, overrides, BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        AccessNetworkBuilder.Build((LoadedScenario)scenario);
        double load = clock.Elapsed.TotalSeconds;
        RunSummary summary;
        double simulate, json;
        using (var dir = StagedDirectory.Open(outDir))
        {
            double open = clock.Elapsed.TotalSeconds;
            summary = (RunSummary)kind.Simulate(scenario, null, dir.StagingPath, null, cancel);
            simulate = clock.Elapsed.TotalSeconds - open;
            AtomicFile.WriteAllText(dir.PathFor(RunPipeline.SummaryFileName), summary.ToJson());
            var produced = kind.ExtraOutputNames.Where(name => File.Exists(dir.PathFor(name))).Append(RunPipeline.SummaryFileName).ToList();
            dir.Publish(produced, RunPipeline.RunOutputNames);
            json = clock.Elapsed.TotalSeconds - simulate - load;
        }
        double beforeTable = clock.Elapsed.TotalSeconds;
        ResultWriter.Write(kind.Rows(summary), OutputFormat.Table, outDir);
        return new PipelineTimes(load, simulate, summary.Run.WallTimeS, json, clock.Elapsed.TotalSeconds - beforeTable, summary);
    }

    private static int Phases(double durationS, CancellationToken cancel)
    {
        var entry = DateTime.Now;
        var internalClock = Stopwatch.StartNew();
        double startup = (entry - Process.GetCurrentProcess().StartTime).TotalSeconds;
        EpochSessionRunner.DefaultWorkers = 1;
        string dir = BenchCommand.ScratchDir(Environment.ProcessId);
        try
        {
            string outDir = Path.Combine(dir, "run");
            // First-call costs: the same steps at a tiny duration, cold and then warm; the difference is what the first call pays.
            var tiny = Overrides(1e-4);
            double cold = Pipeline(tiny, outDir, cancel).TotalS;
            double warm = Pipeline(tiny, outDir, cancel).TotalS;
            var defaults = Overrides(durationS);
            var config = AccessNetworkBuilder.Build(ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, defaults));
            var noSecondaries = AccessNetworkBuilder.Build(ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath,
                Overrides(durationS, NoSecondaryOverrides)));
            EngineOnly(config with { DurationS = 1e-4 }, cancel); // the no-op observer's own first call, not a cost of `run`
            // The first full session of the process: tiered compilation of the code around the hot loop still runs during it,
            // as in `run`; the sessions after it are warm.
            var first = Pipeline(defaults, outDir, cancel);

            var runs = new List<PipelineTimes>();
            var engine = new List<double>();
            var engineNoSecondaries = new List<double>();
            var secondary = new List<double>();
            var tally = new List<double>();
            long primaries = 0, primariesNoSecondaries = 0, secondaryClicks = 0;
            for (int r = 0; r < Rounds; r++)
            {
                cancel.ThrowIfCancellationRequested();
                // Each pair compared (run and engine loop; engine loop and no secondaries) is adjacent, in alternating order: drifts cancel.
                PipelineTimes p;
                EpochSessionRunner.Result<NoOpObserver> e, n;
                if (r % 2 == 0)
                {
                    p = Pipeline(defaults, outDir, cancel);
                    e = EngineOnly(config, cancel);
                    n = EngineOnly(noSecondaries, cancel);
                }
                else
                {
                    n = EngineOnly(noSecondaries, cancel);
                    e = EngineOnly(config, cancel);
                    p = Pipeline(defaults, outDir, cancel);
                }
                primaries = e.Counters.PrimaryEvents;
                primariesNoSecondaries = n.Counters.PrimaryEvents;
                secondaryClicks = e.Counters.ClicksByCause[2] + e.Counters.ClicksByCause[3];
                engine.Add(e.Session.WallTimeS);
                engineNoSecondaries.Add(n.Session.WallTimeS);
                // The secondaries' cost: the engine's time beyond what its primary events cost at the no-secondary run's rate.
                secondary.Add(e.Session.WallTimeS - primaries * (n.Session.WallTimeS / Math.Max(1, primariesNoSecondaries)));
                tally.Add(p.SessionS - e.Session.WallTimeS);
                runs.Add(p);
            }
            if (cancel.IsCancellationRequested) return Cli.InterruptedExitCode;
            // The finite-key analysis alone, on the counts of a real session (the summary builder of `run`).
            var counted = AccessSimulation.RunEpochs(config, null, cancel, 1);
            var loaded = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, defaults);
            var manifest = AccessSimulation.BuildManifest(loaded.Scenario.Name, loaded.ScenarioHash, loaded.CanonicalYaml, loaded.Scenario.Mode,
                loaded.Scenario.Analysis.Epsilon, loaded.Scenario.Analysis.ErrorCorrectionEfficiency, config, counted.Session.SimulatedGates,
                counted.Session.SimulatedTimeS, counted.Session.Interrupted, counted.Session.KernelEvents, u => counted.EmittedPulses[u]);
            var analysis = new List<double>();
            for (int r = 0; r < Rounds; r++)
            {
                var clock = Stopwatch.StartNew();
                SummaryBuilder.Build(manifest, counted.Observer.Tally, AccessSimulation.TruthFrom(counted.Counters), "run", counted.Session.WallTimeS,
                    loaded.SourcePath, eventsProcessed: counted.Counters.ClickRows, expectedModel: config);
                analysis.Add(clock.Elapsed.TotalSeconds);
            }
            double analysisS = LimitBench.Median(analysis);
            double afterSession = LimitBench.Median(runs.Select(p => p.SimulateS - p.SessionS).ToList());
            double engineS = LimitBench.Median(engine), engineNoSecondariesS = LimitBench.Median(engineNoSecondaries);
            double sessionS = LimitBench.Median(runs.Select(p => p.SessionS).ToList());
            var result = new PhasesResult(startup, cold - warm, first.SessionS - sessionS, LimitBench.Median(runs.Select(p => p.LoadS).ToList()), engineS,
                LimitBench.Median(secondary), LimitBench.Median(tally), analysisS, afterSession - analysisS,
                LimitBench.Median(runs.Select(p => p.SummaryJsonS).ToList()), LimitBench.Median(runs.Select(p => p.TableS).ToList()),
                internalClock.Elapsed.TotalSeconds, sessionS, runs[^1].Summary.Run.EventsProcessed ?? 0,
                primaries, secondaryClicks, engineS * 1e9 / Math.Max(1, primaries), engineNoSecondariesS * 1e9 / Math.Max(1, primariesNoSecondaries),
                primariesNoSecondaries, [.. tally], [.. secondary]);
            return Print(result);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Cli.InterruptedExitCode;
        }
        finally
        {
            BenchCommand.DeleteScratch(dir);
        }
    }

    /// <summary>One network of the uneven-distance comparison: its fibre lengths, detection events and session wall time (median).</summary>
    public sealed record UnevenRow(double[] DistancesKm, long Events, double SessionS, double NsPerEvent);

    public sealed record UnevenResult(double SimulatedS, UnevenRow Same, UnevenRow Different)
    {
        public double Ratio => Different.NsPerEvent / Same.NsPerEvent;
    }

    /// <summary>
    /// The fibre length at which 8 users get the mean transmittance of users at <paramref name="distancesKm"/>: in the
    /// linear regime (mean photon number x transmittance x detection efficiency &lt;&lt; 1) the same total click rate.
    /// </summary>
    public static double EqualRateDistanceKm(IReadOnlyList<double> distancesKm, double fibreLossDbPerKm) =>
        Decibels.ToLossDb(distancesKm.Average(d => Decibels.ToTransmittance(Decibels.FibreLossDb(d, fibreLossDbPerKm)))) / fibreLossDbPerKm;

    /// <summary>The built-in scenario with 8 users, one per bin and splitter port, at the given fibre lengths.</summary>
    public static string EightUserYaml(IReadOnlyList<double> distancesKm)
    {
        string yaml = BuiltInScenarios.Seed004Default;
        int users = yaml.IndexOf("\nusers:", StringComparison.Ordinal);
        if (users < 0) throw new InvalidOperationException("the built-in scenario has no top-level users list");
        var inv = CultureInfo.InvariantCulture;
        var lines = distancesKm.Select((d, i) => $"  - {{name: U{i + 1}, slot: {i}, port: {i}, fibreLengthKm: {d.ToString("R", inv)}}}");
        return yaml[..(users + 1)] + "users:\n" + string.Join("\n", lines) + "\n";
    }

    private static int Uneven(double durationS, CancellationToken cancel)
    {
        EpochSessionRunner.DefaultWorkers = 1;
        var overrides = Overrides(durationS);
        var different = ScenarioLoader.LoadFromText(EightUserYaml(UnevenDistancesKm), BuiltInScenarios.DefaultVirtualPath, overrides);
        double same = EqualRateDistanceKm(UnevenDistancesKm, different.Users[0].FibreLossDbPerKm);
        double[] sameDistances = Enumerable.Repeat(same, UnevenDistancesKm.Length).ToArray();
        var configs = new[]
        {
            AccessNetworkBuilder.Build(ScenarioLoader.LoadFromText(EightUserYaml(sameDistances), BuiltInScenarios.DefaultVirtualPath, overrides)),
            AccessNetworkBuilder.Build(different),
        };
        foreach (var c in configs) AccessSimulation.RunEpochs(c with { DurationS = Math.Min(durationS, 1e-3) }, null, cancel, 1); // first calls
        var walls = new[] { new List<double>(), new List<double>() };
        var events = new long[2];
        for (int r = 0; r < Rounds; r++)
            for (int i = 0; i < 2; i++) // interleaved: same, different, same, ...
            {
                var run = AccessSimulation.RunEpochs(configs[i], null, cancel, 1);
                if (run.Session.Interrupted) return Cli.InterruptedExitCode;
                walls[i].Add(run.Session.WallTimeS);
                events[i] = run.Counters.ClickRows;
            }
        UnevenRow Row(int i, double[] d)
        {
            double wall = LimitBench.Median(walls[i]);
            return new UnevenRow(d, events[i], wall, wall * 1e9 / Math.Max(1, events[i]));
        }
        return Print(new UnevenResult(durationS, Row(0, sameDistances), Row(1, UnevenDistancesKm)));
    }
}

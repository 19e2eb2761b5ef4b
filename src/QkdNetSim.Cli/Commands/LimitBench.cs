using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNetSim.Runs;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>
/// The bench section "Closer to the limit" (issue 14): the access engine's speed as ratios of wall times measured in one
/// bench run, every process started by bench one after another, never in tests.
/// <list type="number">
/// <item>Whole-process wall of the raw skip-ahead loop (<see cref="SkipAheadLimit"/>) for the event count of a default
/// tally-only `run`, against that `run` on every core and with `--workers 1`, interleaved; and the loop alone against the
/// runs' session wall (summary.json run.wallTimeS).</item>
/// <item>Where a default `run --workers 1` spends its wall time, phase by phase (<see cref="LimitBenchChildren"/>).</item>
/// <item>ns per detection event of 8 users at one distance against 8 users at 8 distances with about the same click rate.</item>
/// <item>Speed-up of a 5x longer tally-only run on every core over 1 worker, with the two summary.json files compared.</item>
/// <item>Fixed costs: whole-process wall of a `run` of 0.1 ms simulated, and of a child that does nothing (the floor).</item>
/// </list>
/// </summary>
public static class LimitBench
{
    /// <summary>Interleaved rounds of each whole-process comparison.</summary>
    public const int Rounds = 3;

    /// <summary>Repetitions of the fixed-cost runs.</summary>
    public const int FixedRepeats = 5;

    /// <summary>Simulated seconds of a fixed-cost run.</summary>
    public const double FixedRunS = 1e-4;

    /// <summary>The epoch runs simulate this many times the section's seconds (300 s for the default 60 s).</summary>
    public const double EpochsFactor = 5;

    /// <summary>The uneven-distance networks (8 users, about 5x the default's 2-user click rate) simulate this fraction of the section's seconds: about as many events.</summary>
    public const double UnevenFactor = 0.2;

    /// <summary>summary.json fields that hold wall times: the only ones allowed to differ between two runs of one scenario.</summary>
    public static readonly string[] WallTimeFields = ["wallTimeS", "eventsPerWallSecond"];

    /// <summary>Wall times of repeated processes: whole process, and inside it (the loop or the session) when known.</summary>
    public sealed record Series(List<double> WholeS, List<double> InnerS)
    {
        public Series() : this([], []) { }

        public double Whole => Median(WholeS);
        public double Inner => Median(InnerS);
    }

    /// <summary>Everything the section measured.</summary>
    public sealed record Section(double SimulatedS, int Cores, long Events, Series Limit, Series RunAll, Series RunOne, bool RunsAgree,
        LimitBenchChildren.PhasesResult Phases, double PhasesWholeS, LimitBenchChildren.UnevenResult Uneven,
        double EpochsSimulatedS, long EpochsEvents, Series EpochsOne, Series EpochsAll, bool EpochsAgree,
        Series FixedRun, Series FixedFloor, string LoadBefore, string LoadAfter)
    {
        public double WholeRatio => Limit.Whole / RunAll.Whole;
        public double WholeRatioOneWorker => Limit.Whole / RunOne.Whole;
        public double LoopRatio => Limit.Inner / RunAll.Inner;
        public double LoopRatioOneWorker => Limit.Inner / RunOne.Inner;
        public double EpochsSpeedUp => EpochsOne.Whole / EpochsAll.Whole;
        public double EpochsSessionSpeedUp => EpochsOne.Inner / EpochsAll.Inner;

        /// <summary>The phases child's whole-process wall less its start-up and its own measured span: process exit.</summary>
        public double ExitS => PhasesWholeS - Phases.StartupS - Phases.InternalS;
    }

    /// <summary>The median (mean of the middle two for an even count); NaN for none.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>A ratio as bench prints it: two decimals, "n/a" when it is not a finite number.</summary>
    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Whether two summary.json texts are equal once every <see cref="WallTimeFields"/> property is removed, at any depth.</summary>
    public static bool SameExceptWallTime(string summaryA, string summaryB)
    {
        var a = JsonNode.Parse(summaryA);
        var b = JsonNode.Parse(summaryB);
        StripWallTimes(a);
        StripWallTimes(b);
        return JsonNode.DeepEquals(a, b);
    }

    private static void StripWallTimes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string f in WallTimeFields) o.Remove(f);
                foreach (var (_, v) in o) StripWallTimes(v);
                break;
            case JsonArray a:
                foreach (var v in a) StripWallTimes(v);
                break;
        }
    }

    private static string S(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>`run`'s arguments for a default tally-only run of <paramref name="seconds"/> into <paramref name="outDir"/>, with <paramref name="workers"/> when given.</summary>
    public static string[] RunArgs(double seconds, int? workers, string outDir) =>
        ["run", "--no-log", "--quiet", "--duration", S(seconds), .. workers is int w ? new[] { "--workers", w.ToString(CultureInfo.InvariantCulture) } : [], "--out", outDir];

    /// <summary>The arguments of a child of this section.</summary>
    public static string[] ChildArgs(string kind, double x) => ["bench", "--child", "--child-kind", kind, "--child-duration", S(x)];

    /// <summary>A command line as the Markdown shows it.</summary>
    private static string Command(IEnumerable<string> args) => "qkdnetsim " + string.Join(' ', args);

    private const string Scratch = "<scratch>";

    /// <summary>A `run` child: whole-process wall, and its summary.json (text, events, session wall).</summary>
    private static (double WholeS, string Json, long Events, double SessionS) Run(double seconds, int? workers, string outDir, CancellationToken cancel)
    {
        var (_, whole) = BenchCommand.RunSelf(RunArgs(seconds, workers, outDir), cancel);
        string json = File.ReadAllText(Path.Combine(outDir, RunPipeline.SummaryFileName));
        var run = JsonNode.Parse(json)!["run"]!;
        return (whole, json, run["eventsProcessed"]!.GetValue<long>(), run["wallTimeS"]!.GetValue<double>());
    }

    private static (T Result, double WholeS) Child<T>(string kind, double x, CancellationToken cancel)
    {
        var (output, whole) = BenchCommand.RunSelf(ChildArgs(kind, x), cancel);
        string json = output.Split('\n').Last(l => l.StartsWith('{'));
        return (JsonSerializer.Deserialize<T>(json)!, whole);
    }

    private static void Say(string what) => AnsiConsole.MarkupLine($"[grey]bench: closer to the limit, {Markup.Escape(what)} ...[/]");

    /// <summary>Runs the section (parent side); throws OperationCanceledException on a signal, as the other sections do.</summary>
    public static Section Measure(double seconds, CancellationToken cancel)
    {
        string loadBefore = StudyBench.LoadAverage();
        int cores = Environment.ProcessorCount;
        string scratch = BenchCommand.ScratchDir(Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(scratch);
            string runDir = Path.Combine(scratch, "run"), oneDir = Path.Combine(scratch, "run-1");
            Say($"raw skip-ahead limit against `run` ({S(seconds)} s simulated), {Rounds} rounds");
            Series limit = new(), all = new(), one = new();
            long events = 0;
            bool agree = true;
            string? reference = null;
            for (int r = 0; r < Rounds; r++)
            {
                var a = Run(seconds, null, runDir, cancel);
                events = a.Events;
                all.WholeS.Add(a.WholeS);
                all.InnerS.Add(a.SessionS);
                var (l, lWhole) = Child<SkipAheadLimit.Result>(LimitBenchChildren.LimitKind, events, cancel);
                limit.WholeS.Add(lWhole);
                limit.InnerS.Add(l.LoopS);
                var o = Run(seconds, 1, oneDir, cancel);
                one.WholeS.Add(o.WholeS);
                one.InnerS.Add(o.SessionS);
                reference ??= a.Json;
                agree &= SameExceptWallTime(reference, a.Json) && SameExceptWallTime(reference, o.Json);
            }

            Say($"phases of `run --workers 1` ({S(seconds)} s simulated)");
            var (phases, phasesWhole) = Child<LimitBenchChildren.PhasesResult>(LimitBenchChildren.PhasesKind, seconds, cancel);

            double unevenS = seconds * UnevenFactor;
            Say($"8 users at one distance and at 8 distances ({S(unevenS)} s simulated each), 1 worker");
            var (uneven, _) = Child<LimitBenchChildren.UnevenResult>(LimitBenchChildren.UnevenKind, unevenS, cancel);

            double epochsS = seconds * EpochsFactor;
            Say($"epochs, `run --duration {S(epochsS)}` with 1 and {cores} workers, {Rounds} rounds");
            Series epochsOne = new(), epochsAll = new();
            bool epochsAgree = true;
            long epochsEvents = 0;
            string? epochsReference = null;
            for (int r = 0; r < Rounds; r++)
            {
                var o = Run(epochsS, 1, oneDir, cancel);
                var a = Run(epochsS, cores, runDir, cancel);
                epochsOne.WholeS.Add(o.WholeS);
                epochsOne.InnerS.Add(o.SessionS);
                epochsAll.WholeS.Add(a.WholeS);
                epochsAll.InnerS.Add(a.SessionS);
                epochsEvents = o.Events;
                epochsReference ??= o.Json;
                epochsAgree &= SameExceptWallTime(epochsReference, o.Json) && SameExceptWallTime(epochsReference, a.Json);
            }

            Say($"fixed costs, `run --duration {S(FixedRunS)}` and an empty child, {FixedRepeats} times each");
            Series fixedRun = new(), floor = new();
            for (int r = 0; r < FixedRepeats; r++)
            {
                fixedRun.WholeS.Add(Run(FixedRunS, null, runDir, cancel).WholeS);
                floor.WholeS.Add(Child<SkipAheadLimit.Result>(LimitBenchChildren.LimitKind, 0, cancel).WholeS);
            }
            return new Section(seconds, cores, events, limit, all, one, agree, phases, phasesWhole, uneven, epochsS, epochsEvents,
                epochsOne, epochsAll, epochsAgree, fixedRun, floor, loadBefore, StudyBench.LoadAverage());
        }
        finally
        {
            BenchCommand.DeleteScratch(scratch);
        }
    }

    private static string F(double x, int digits) => x.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string N(long x) => x.ToString("N0", CultureInfo.InvariantCulture);

    private static readonly string[] LimitColumns = ["process", "command", "whole-process wall s", "loop or session s", "detection events"];

    private static string[][] LimitRows(Section s) =>
    [
        ["raw skip-ahead limit", Command(ChildArgs(LimitBenchChildren.LimitKind, s.Events)), F(s.Limit.Whole, 3), F(s.Limit.Inner, 3) + " (loop)", N(s.Events)],
        [$"run, every core ({s.Cores} workers)", Command(RunArgs(s.SimulatedS, null, Scratch)), F(s.RunAll.Whole, 3), F(s.RunAll.Inner, 3) + " (session)", N(s.Events)],
        ["run, 1 worker", Command(RunArgs(s.SimulatedS, 1, Scratch)), F(s.RunOne.Whole, 3), F(s.RunOne.Inner, 3) + " (session)", N(s.Events)],
    ];

    private static string[] LimitFindings(Section s) =>
    [
        $"Whole process: limit / run = {Ratio(s.WholeRatio)} on every core (target: at least 0.5 on the default scenario), " +
        $"{Ratio(s.WholeRatioOneWorker)} with 1 worker (the limit is one thread).",
        $"Engine loop only: limit loop / run session (summary.json run.wallTimeS) = {Ratio(s.LoopRatio)} on every core, {Ratio(s.LoopRatioOneWorker)} with 1 worker.",
        $"summary.json of every `run` above: {(s.RunsAgree ? "identical" : "differs")} except wall-time fields ({string.Join(", ", WallTimeFields)}).",
    ];

    private static readonly string[] PhaseColumns = ["phase", "ms", "% of total"];

    /// <summary>The decomposition rows (name, seconds); the engine loop split into primaries and the secondary-click estimate.</summary>
    private static (string Name, double S)[] Phases(Section s)
    {
        var p = s.Phases;
        return
        [
            ("start-up: process start to the bench child's code (runtime, CLI parsing; Process.StartTime, 10-ms ticks)", p.StartupS),
            ("first-call costs (JIT and first use: a 0.1-ms run's steps cold less warm)", p.FirstCallS),
            ("tiered JIT during the first session (its session wall less the later sessions')", p.TieringS),
            ("scenario load (kind detection, YAML, validation, AccessNetworkBuilder)", p.LoadS),
            ("engine loop, primary events (no-op observer, 1 worker)", p.EngineS - p.SecondaryS),
            ("engine loop, secondary clicks: afterpulse/crosstalk draws, queue, per-gate path (estimate)", p.SecondaryS),
            ("tally (EpochSinks: session with the real observer less the no-op session)", p.TallyS),
            ("finite-key analysis (SummaryBuilder.Build)", p.AnalysisS),
            ("manifest and time series (timeseries.parquet)", p.SeriesS),
            ("summary.json (staged folder, JSON, publish)", p.SummaryJsonS),
            ("console table", p.TableS),
            ("process exit (bench's whole-process wall of the child less the above)", s.ExitS),
        ];
    }

    private static string[][] PhaseRows(Section s)
    {
        var rows = Phases(s);
        double total = rows.Sum(r => r.S);
        return [.. rows.Select(r => new[] { r.Name, F(r.S * 1e3, 2), F(100 * r.S / total, 1) }), ["total", F(total * 1e3, 2), "100.0"]];
    }

    private static string[] PhaseFindings(Section s)
    {
        var p = s.Phases;
        double total = Phases(s).Sum(r => r.S);
        string Ms(double[] rounds) => string.Join(", ", rounds.Select(x => F(x * 1e3, 1)));
        return
        [
            $"Sum of the phases: {F(total, 3)} s; the whole-process wall of `run --workers 1` measured above: {F(s.RunOne.Whole, 3)} s " +
            $"(session {F(p.SessionS, 3)} s: engine {F(p.EngineS, 3)} s + tally {F(p.TallyS, 3)} s; {N(p.Events)} detection events, {N(p.PrimaryEvents)} primary events). " +
            $"Per round, tally {Ms(p.TallyRoundsS)} ms and secondary clicks {Ms(p.SecondaryRoundsS)} ms: differences of two sessions, as noisy as they are.",
            $"Secondary clicks (estimate): the engine costs {F(p.NsPerPrimary, 1)} ns per primary event with afterpulses and crosstalk and " +
            $"{F(p.NsPerPrimaryWithoutSecondaries, 1)} ns without them (receiver.detector.afterpulseProbability=0, crosstalkProbability=0: the same " +
            $"primary events, {N(p.PrimaryEventsWithoutSecondaries)}, and no secondary click); the difference times the primary events, " +
            $"{F(p.SecondaryS * 1e3, 1)} ms, is what the {N(p.SecondaryClicks)} secondary clicks cost " +
            $"({F(p.SecondaryS * 1e9 / Math.Max(1, p.SecondaryClicks), 1)} ns each): their delay draws, the detector pair's queue and the per-gate path of the gates they reach.",
        ];
    }

    private static readonly string[] UnevenColumns = ["network", "fibre lengths km", "detection events", "session s", "ns per event"];

    private static string[][] UnevenRows(Section s)
    {
        string Lengths(double[] d) => d.Distinct().Count() == 1 ? $"8 x {F(d[0], 2)}" : string.Join(", ", d.Select(x => F(x, 0)));
        var u = s.Uneven;
        return
        [
            ["8 users, one distance", Lengths(u.Same.DistancesKm), N(u.Same.Events), F(u.Same.SessionS, 3), F(u.Same.NsPerEvent, 1)],
            ["8 users, 8 distances", Lengths(u.Different.DistancesKm), N(u.Different.Events), F(u.Different.SessionS, 3), F(u.Different.NsPerEvent, 1)],
        ];
    }

    private static string UnevenFinding(Section s) =>
        $"Uneven distances: ns per event at 8 distances / at one distance = {Ratio(s.Uneven.Ratio)} (target: at most 1.2).";

    private static readonly string[] EpochsColumns = ["workers", "command", "whole-process wall s", "session s", "detection events"];

    private static string[][] EpochsRows(Section s) =>
    [
        ["1", Command(RunArgs(s.EpochsSimulatedS, 1, Scratch)), F(s.EpochsOne.Whole, 3), F(s.EpochsOne.Inner, 3), N(s.EpochsEvents)],
        [s.Cores.ToString(CultureInfo.InvariantCulture), Command(RunArgs(s.EpochsSimulatedS, s.Cores, Scratch)), F(s.EpochsAll.Whole, 3), F(s.EpochsAll.Inner, 3), N(s.EpochsEvents)],
    ];

    private static string EpochsFinding(Section s) =>
        $"Epochs on every core: speed-up x{Ratio(s.EpochsSpeedUp)} whole process, x{Ratio(s.EpochsSessionSpeedUp)} session (target: at least x1.8 on 2 cores); " +
        $"summary.json with 1 and {s.Cores} workers: {(s.EpochsAgree ? "identical" : "differs")} except wall-time fields.";

    private static readonly string[] FixedColumns = ["process", "command", "median wall s", "min s", "max s"];

    private static string[][] FixedRows(Section s) =>
    [
        ["run of 0.1 ms simulated", Command(RunArgs(FixedRunS, null, Scratch)), F(s.FixedRun.Whole, 3), F(s.FixedRun.WholeS.Min(), 3), F(s.FixedRun.WholeS.Max(), 3)],
        ["floor: a child that does nothing", Command(ChildArgs(LimitBenchChildren.LimitKind, 0)), F(s.FixedFloor.Whole, 3), F(s.FixedFloor.WholeS.Min(), 3), F(s.FixedFloor.WholeS.Max(), 3)],
    ];

    private static string FixedFinding(Section s) =>
        $"Fixed costs per run: {F(s.FixedRun.Whole, 3)} s whole process, median of {FixedRepeats} (target: under 0.15 s); " +
        $"the floor of any qkdnetsim process (runtime start, CLI parsing, exit): {F(s.FixedFloor.Whole, 3)} s.";

    /// <summary>The console tables and findings.</summary>
    public static void Print(Section s)
    {
        BenchCommand.Table($"qkdnetsim bench: raw skip-ahead limit against run (built-in network, {S(s.SimulatedS)} s simulated, medians of {Rounds})", LimitColumns, LimitRows(s));
        foreach (string line in LimitFindings(s)) AnsiConsole.WriteLine(line);
        BenchCommand.Table("qkdnetsim bench: where the wall time of `run --workers 1` goes", PhaseColumns, PhaseRows(s));
        foreach (string line in PhaseFindings(s)) AnsiConsole.WriteLine(line);
        BenchCommand.Table($"qkdnetsim bench: uneven distances, 8 users on 8 bins, 1 worker, {S(s.Uneven.SimulatedS)} s simulated", UnevenColumns, UnevenRows(s));
        AnsiConsole.WriteLine(UnevenFinding(s));
        BenchCommand.Table($"qkdnetsim bench: epochs on every core, {S(s.EpochsSimulatedS)} s simulated, medians of {Rounds}", EpochsColumns, EpochsRows(s));
        AnsiConsole.WriteLine(EpochsFinding(s));
        BenchCommand.Table("qkdnetsim bench: fixed costs per process", FixedColumns, FixedRows(s));
        AnsiConsole.WriteLine(FixedFinding(s));
    }

    private static string[][] Code(string[][] rows, int column) =>
        rows.Select(r => r.Select((c, i) => i == column ? $"`{c}`" : c).ToArray()).ToArray();

    /// <summary>The Markdown section "Closer to the limit (issue 14)".</summary>
    public static void AppendMarkdown(StringBuilder sb, Section s)
    {
        sb.AppendLine();
        sb.AppendLine("## Closer to the limit (issue 14)");
        sb.AppendLine();
        sb.AppendLine("Every figure here is a ratio of wall times measured in this one bench run: each process is started by bench, one after another, " +
                      $"and the comparisons are interleaved ({Rounds} rounds, medians). `<scratch>` is a temporary folder bench removes afterwards; " +
                      "the children's `bench --child ...` commands are internal but can be run by hand.");
        sb.AppendLine();
        sb.AppendLine("### Raw skip-ahead limit, whole process");
        sb.AppendLine();
        sb.AppendLine($"The limit (issue 14) is a loop that does per detection event only what an exact skip-ahead simulation cannot avoid: one geometric gap " +
                      $"to the next clicked gate (floor(ln U / ln(1 - p)), p = {S(SkipAheadLimit.ClickProbabilityPerGate)} per gate), one 64-bit draw whose bits give " +
                      $"intensity, bases, bit and detector, an afterpulse check of part of that number against {S(SkipAheadLimit.AfterpulseProbability)}, and an append " +
                      $"to columnar buffers (chunks of {N(SkipAheadLimit.ChunkEntries)} gates as long, detectors and settings as byte); no kernel, no analysis, no I/O " +
                      "(QkdNetSim's xoshiro256**). It runs for the event count of the default tally-only `run` (summary.json run.eventsProcessed).");
        sb.AppendLine();
        BenchCommand.MarkdownTable(sb, LimitColumns, Code(LimitRows(s), 1), firstColumnLeft: true);
        sb.AppendLine();
        foreach (string line in LimitFindings(s)) sb.AppendLine("- " + line);
        sb.AppendLine();
        sb.AppendLine("### Where the wall time of a run goes");
        sb.AppendLine();
        sb.AppendLine($"`{Command(ChildArgs(LimitBenchChildren.PhasesKind, s.SimulatedS))}` runs the steps of `run --workers 1` on the default scenario one by one, " +
                      $"timed with a stopwatch: once cold, then {LimitBenchChildren.Rounds} warm rounds (medians; differences are taken within a round, between adjacent runs in alternating order): load, the simulation into a staged folder, summary.json and its publication, " +
                      "the console table. The session is split by running the same engine with an observer that ignores everything (the engine loop) and, for " +
                      "the secondary-click estimate, with afterpulse and crosstalk probabilities 0. First-call costs are a 0.1-ms run's steps timed cold less the same " +
                      "steps timed again warm; the first full session's excess over the warm ones is the tiered compilation `run` pays during its session; " +
                      "the other rows are warm. Process exit is bench's whole-process wall of this child less its start-up and its own span.");
        sb.AppendLine();
        BenchCommand.MarkdownTable(sb, PhaseColumns, PhaseRows(s), firstColumnLeft: true);
        sb.AppendLine();
        foreach (string line in PhaseFindings(s)) sb.AppendLine("- " + line);
        sb.AppendLine();
        sb.AppendLine("### Uneven distances");
        sb.AppendLine();
        sb.AppendLine($"`{Command(ChildArgs(LimitBenchChildren.UnevenKind, s.Uneven.SimulatedS))}`: the built-in network with 8 users on the 8 bins and splitter " +
                      "ports, all at one fibre length or at 8 lengths 5 km apart; the one length gives the same mean transmittance, so about the same total click " +
                      "rate. Tally-only session on 1 worker (summary.json's session wall), interleaved, medians.");
        sb.AppendLine();
        BenchCommand.MarkdownTable(sb, UnevenColumns, UnevenRows(s), firstColumnLeft: true);
        sb.AppendLine();
        sb.AppendLine("- " + UnevenFinding(s));
        sb.AppendLine();
        sb.AppendLine("### Epochs on every core");
        sb.AppendLine();
        sb.AppendLine("A static tally-only session runs as epochs on the workers with the same numbers for any worker count (EpochSessionRunner). " +
                      "Whole-process and session wall (summary.json run.wallTimeS), medians of the interleaved pairs.");
        sb.AppendLine();
        BenchCommand.MarkdownTable(sb, EpochsColumns, Code(EpochsRows(s), 1), firstColumnLeft: true);
        sb.AppendLine();
        sb.AppendLine("- " + EpochsFinding(s));
        sb.AppendLine();
        sb.AppendLine("### Fixed costs per run");
        sb.AppendLine();
        BenchCommand.MarkdownTable(sb, FixedColumns, Code(FixedRows(s), 1), firstColumnLeft: true);
        sb.AppendLine();
        sb.AppendLine("- " + FixedFinding(s));
        sb.AppendLine();
        sb.AppendLine($"Load average (1, 5, 15 min) before this section: {s.LoadBefore}; after: {s.LoadAfter} (on {s.Cores} cores; other processes sharing " +
                      "the machine raise every wall time and lower the speed-up).");
    }
}

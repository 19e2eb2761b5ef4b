using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>
/// The parsed options of `bench`: simulated seconds (access, MDI) and CV rounds per measurement, the Markdown file,
/// and, in a measurement's child process only, what to measure (the hidden `--child*` options). Studies section
/// (<see cref="StudyBench"/>): <paramref name="StudyPoints"/> points of the model study (0: no studies section) and
/// <paramref name="StudySeconds"/> simulated seconds per point of the simulation study. "Closer to the limit" section
/// (<see cref="LimitBench"/>): <paramref name="LimitSeconds"/> simulated seconds of its default-scenario runs (0: no such section).
/// </summary>
public sealed record BenchOptions(double Seconds = 300, double MdiSeconds = 100, double CvRounds = 5e6, string? OutFile = null, BenchChild? Child = null,
    int StudyPoints = 1000, double StudySeconds = 60, double LimitSeconds = 60);

/// <summary>
/// One measurement in a child process: network kind ("access", "mdi", "cv"), study ("study-model", "study-simulate") or
/// a child of the "closer to the limit" section ("limit", "phases", "uneven": <see cref="LimitBenchChildren"/>), with the Parquet log or not, seconds or rounds (a model study: its points), and a study's workers.
/// </summary>
public sealed record BenchChild(string? Kind, bool Log, double? Duration, int Workers = 1);

/// <summary>
/// `qkdnetsim bench`: detection events per second and simulated gates per second of the fast engine on the
/// built-in seed-004 network, tally-only and with Parquet logging, plus peak memory for a session and a 10x longer
/// one; then the same for the MDI and CV networks, the studies section (<see cref="StudyBench"/>) and "closer to the limit"
/// (<see cref="LimitBench"/>). Each measurement
/// runs in a fresh child process so peak memory (VmHWM) and JIT state are its own.
/// </summary>
public static class BenchCommand
{
    /// <summary>
    /// Runs the measurements (or, with <see cref="BenchOptions.Child"/>, one of them). A signal (<paramref name="cancel"/>)
    /// stops the running child and returns the interrupted exit code; a child that dies of a signal (e.g. SIGKILL) ends
    /// bench with 128 + that signal. Either way no results are written and every child's scratch folder is removed.
    /// </summary>
    public static int Execute(BenchOptions o, CancellationToken cancel)
    {
        if (o.Child is BenchChild child)
        {
            if (LimitBenchChildren.Run(child.Kind, child.Duration ?? 0, cancel) is int code) return code;
            return child.Kind switch
            {
                "mdi" => MdiChild(child.Log, child.Duration ?? 10, cancel),
                "cv" => CvChild(child.Log, (long)(child.Duration ?? 1e6), cancel),
                "study-model" or "study-simulate" => StudyBench.Child(child.Kind, child.Duration ?? 20, child.Workers, cancel),
                BlocksKind => Child(child.Log, child.Duration ?? 10, cancel, LoadedScenario.BlocksMode),
                _ => Child(child.Log, child.Duration ?? 10, cancel),
            };
        }
        // The MDI and CV sections read the repository's models/: outside a checkout that is the user's input error, said
        // before any measurement runs (not a failed child afterwards).
        QkdNetSim.Experiments.RepoPaths.Root();
        RemoveScratchOfKilledRuns();
        double seconds = o.Seconds;
        double mdiSeconds = o.MdiSeconds;
        double cvRounds = o.CvRounds;
        List<BenchResult> rows, mdiRows, cvRows;
        BenchResult blocks;
        StudyBench.Section? studies = null;
        LimitBench.Section? limit = null;
        string loadStart = StudyBench.LoadAverage(), loadStudies = "";
        try
        {
            rows = Measure("access", "", seconds, cancel);
            AnsiConsole.MarkupLine($"[grey]bench: block-sampling engine, tally-only, {seconds:G4} s simulated ...[/]");
            blocks = RunChild<BenchResult>(BlocksKind, false, seconds, 0, cancel);
            mdiRows = Measure("mdi", "MDI network, ", mdiSeconds, cancel);
            cvRows = Measure("cv", "CV network, ", cvRounds, cancel);
            loadStudies = StudyBench.LoadAverage();
            if (o.StudyPoints > 0) studies = StudyBench.Measure(o.StudyPoints, o.StudySeconds, cancel);
            if (o.LimitSeconds > 0) limit = LimitBench.Measure(o.LimitSeconds, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted: bench stopped, no results written");
            return Cli.InterruptedExitCode;
        }
        catch (ChildStoppedException e)
        {
            Console.Error.WriteLine($"bench: a measurement process was stopped by signal {e.ExitCode - 128}; no results written");
            return e.ExitCode;
        }
        double growth = (double)rows[2].PeakRssBytes / rows[0].PeakRssBytes - 1;
        double mdiGrowth = (double)mdiRows[2].PeakRssBytes / mdiRows[0].PeakRssBytes - 1;
        Print("qkdnetsim bench (built-in seed-004 network, fast engine, one simulation thread)", AccessColumns, rows);
        AnsiConsole.MarkupLine($"peak memory growth for a 10x longer session: {growth * 100:F1} % (target <= 20 %)");
        AnsiConsole.MarkupLine(BlocksLine(blocks, rows[0]));
        Print("qkdnetsim bench (seed-002 four-user MDI network, 30 dB per pair, fast engine, one simulation thread)", MdiColumns, mdiRows);
        Print("qkdnetsim bench (seed-000 three-node CV network, sample level, one simulation thread)", CvColumns, cvRows);
        if (studies is not null) StudyBench.Print(studies);
        if (limit is not null) LimitBench.Print(limit);
        if (o.OutFile is string md)
        {
            var sb = Markdown(o, rows, growth, blocks, mdiRows, mdiGrowth, cvRows, loadStart);
            if (studies is not null) StudyBench.AppendMarkdown(sb, studies, loadStudies, StudyBench.LoadAverage());
            if (limit is not null) LimitBench.AppendMarkdown(sb, limit);
            QkdNetSim.Data.Files.AtomicFile.WriteAllText(md, sb.ToString());
        }
        return 0;
    }

    // The last three columns: the whole `run` step (scenario build, session, the log's completion: its last row groups'
    // encoding, footer, fsync and publication; the summary), and, with the log, its bytes per row and encoder threads.
    private static readonly string[] AccessColumns = ["mode", "simulated s", "detection events", "wall s", "events/s", "gates/s", "peak RSS MiB",
        "run wall s", "log B/event", "encoder threads"];
    private static readonly string[] MdiColumns = ["mode", "simulated s", "coincidences", "wall s", "coincidences/s", "pulse pairs/s", "peak RSS MiB",
        "run wall s", "log B/coincidence", "encoder threads"];
    private static readonly string[] CvColumns = ["mode", "rounds", "rows (round x Bob)", "wall s", "rows/s", "rounds/s", "peak RSS MiB",
        "run wall s", "log B/row", "encoder threads"];

    /// <summary>
    /// Four child runs: tally-only, with the Parquet log, and both 10x longer (peak memory with the log off and on; with the
    /// log, the longer run also shows the log's steady rate).
    /// </summary>
    private static List<BenchResult> Measure(string kind, string label, double seconds, CancellationToken cancel)
    {
        var rows = new List<BenchResult>();
        foreach (var (log, dur) in new[] { (false, seconds), (true, seconds), (false, seconds * 10), (true, seconds * 10) })
        {
            AnsiConsole.MarkupLine($"[grey]bench: {label}{(log ? "with Parquet log" : "tally-only")}, {dur:G4} {(kind == "cv" ? "rounds" : "s simulated")} ...[/]");
            rows.Add(RunChild<BenchResult>(kind, log, dur, 0, cancel));
        }
        return rows;
    }

    /// <summary>The cells of one result row, in column order (console and Markdown share them).</summary>
    private static string[] Cells(BenchResult r, bool markdown)
    {
        var inv = CultureInfo.InvariantCulture;
        return [r.Log ? (markdown ? "Parquet log" : "parquet log") : "tally-only", r.SimulatedS.ToString("G4", inv), r.Events.ToString("N0", inv),
            r.WallS.ToString("F2", inv), r.EventsPerS.ToString("E3", inv), r.GatesPerS.ToString("E3", inv), (r.PeakRssBytes / 1048576.0).ToString("F1", inv),
            r.RunWallS.ToString("F2", inv),
            r.LogBytes is long bytes && r.Events > 0 ? (bytes / (double)r.Events).ToString("F2", inv) : "-",
            r.Log ? r.EncoderThreads.ToString(inv) : "-"];
    }

    private static void Print(string title, string[] columns, List<BenchResult> rows) =>
        Table(title, columns, rows.Select(r => Cells(r, markdown: false)));

    /// <summary>A console table of right-aligned columns (every bench section's).</summary>
    internal static void Table(string title, string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        foreach (var c in columns) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in rows) table.AddRow(r);
        AnsiConsole.Write(table);
    }

    private static void AppendMarkdownTable(System.Text.StringBuilder sb, string[] columns, List<BenchResult> rows) =>
        MarkdownTable(sb, columns, rows.Select(r => Cells(r, markdown: true)), firstColumnLeft: true);

    /// <summary>A Markdown table: right-aligned columns, the first left-aligned when <paramref name="firstColumnLeft"/>.</summary>
    internal static void MarkdownTable(System.Text.StringBuilder sb, string[] columns, IEnumerable<string[]> rows, bool firstColumnLeft)
    {
        sb.AppendLine("| " + string.Join(" | ", columns) + " |");
        sb.AppendLine((firstColumnLeft ? "|---" : "|---:") + string.Concat(Enumerable.Repeat("|---:", columns.Length - 1)) + "|");
        foreach (var r in rows) sb.AppendLine("| " + string.Join(" | ", r) + " |");
    }

    /// <summary>Child kind of the block-sampling measurement: the access network with `mode: blocks`, tally-only.</summary>
    private const string BlocksKind = "access-blocks";

    /// <summary>The block-sampling engine against the fast engine's tally-only row (same scenario and simulated time).</summary>
    private static string BlocksLine(BenchResult blocks, BenchResult fast) =>
        string.Create(CultureInfo.InvariantCulture,
            $"block-sampling engine (mode: blocks), tally-only, {blocks.SimulatedS:G4} s simulated: {blocks.WallS:F3} s wall, " +
            $"{fast.WallS / blocks.WallS:F1}x faster than the fast engine ({fast.WallS:F2} s)");

    private static System.Text.StringBuilder Markdown(BenchOptions o, List<BenchResult> rows, double growth, BenchResult blocks,
        List<BenchResult> mdiRows, double mdiGrowth, List<BenchResult> cvRows, string loadStart)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine($"Command: `dotnet run --project src/QkdNetSim.Cli -c Release -- bench --seconds {o.Seconds.ToString(inv)} --mdi-seconds {o.MdiSeconds.ToString(inv)} " +
                      $"--cv-rounds {o.CvRounds.ToString(inv)} --study-points {o.StudyPoints.ToString(inv)} --study-seconds {o.StudySeconds.ToString(inv)} --limit-seconds {o.LimitSeconds.ToString(inv)} --out results/BENCHMARKS.md`");
        sb.AppendLine();
        sb.AppendLine($"Machine: {System.Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, " +
                      $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}); each row is a fresh process. The simulation is single-threaded; " +
                      "with the Parquet log, full row groups are encoded and compressed on the encoder threads beside it (bytes independent of their number). " +
                      "Scenario: the built-in seed-004 network (N = 8 bins at 1 GHz, two transmitters at 13.6 / 14.0 dB), fast engine. " +
                      "Wall time is the simulation session (engine, analysis tally, and, with logging, filling the log's column buffers and waiting for the encoder threads when they fall behind); " +
                      "start-up and the final summary are excluded. Run wall time is the whole `run` step: scenario build, session, the log's completion " +
                      "(encoding the row groups still in flight, footer, fsync, publication) and the summary. " +
                      $"Load average (1, 5, 15 min) when bench started: {loadStart} (other processes sharing the cores slow every row).");
        sb.AppendLine();
        AppendMarkdownTable(sb, AccessColumns, rows);
        sb.AppendLine();
        sb.AppendLine($"Peak memory of a 10x longer session (tally-only): {(growth * 100).ToString("F1", inv)} % above the shorter one (target: at most 20 %); " +
                      $"with the Parquet log: {(Growth(rows, log: true) * 100).ToString("F1", inv)} % (issue 14: flat with the log on as well as off).");
        sb.AppendLine();
        sb.AppendLine(BlocksLine(blocks, rows[0]) + " (issue 12: counts drawn per span, no per-click work).");
        sb.AppendLine();
        sb.AppendLine("Targets (issue 2): >= 2e7 detection events/s tally-only and >= 5e6/s with Parquet logging on one core; " +
                      "issue 14: >= 1e7/s with the Parquet log, encoding on other threads.");
        sb.AppendLine();
        sb.AppendLine("## MDI network (issue 3)");
        sb.AppendLine();
        sb.AppendLine("Scenario: models/networks/seed002-four-user-mdi.yaml (four users, six BSM modules, 15 dB per user, 100 MHz, SNSPD dead time 40 ns), fast engine " +
                      "(exact thinning to candidate slots, dead-time look-back). A coincidence is a two-fold of one module (|Psi-> or same-bin); " +
                      "each SNSPD also clicks ~1.4e6 times per simulated second, and those singles are not simulated one by one except in the look-back.");
        sb.AppendLine();
        AppendMarkdownTable(sb, MdiColumns, mdiRows);
        sb.AppendLine();
        sb.AppendLine($"Peak memory of a 10x longer MDI session (tally-only): {(mdiGrowth * 100).ToString("F1", inv)} % above the shorter one; " +
                      $"with the Parquet log: {(Growth(mdiRows, log: true) * 100).ToString("F1", inv)} % ({LogPlateau}).");
        sb.AppendLine();
        sb.AppendLine(TargetLine($">= {MdiTargetPerS.ToString("0.#e0", inv)} coincidences/s tally-only at 30 dB per pair on one core (670 ns per coincidence; " +
            "its draws alone, ~110 uniforms, 4 cosines and ~7 logarithms for 1.9 proposals, 1.5 candidates and 6.3 dead-time look-back " +
            "module-slots, cost ~350 ns)", mdiRows[0].EventsPerS, MdiTargetPerS));
        sb.AppendLine();
        sb.AppendLine("## CV network (issue 4)");
        sb.AppendLine();
        sb.AppendLine("Scenario: models/networks/seed000-three-node-cv.yaml (Gaussian modulation, 1:2 splitter, two heterodyne Bobs). A round is one Alice symbol " +
                      "and both Bobs' outcomes; a row is one (round, Bob) line of cv_samples.parquet. Wall time covers generation, the per-user and network moment " +
                      "sums, the summary (16 jackknife key-rate evaluations) and, with logging, Parquet encoding (the whole `run` step: wall and run wall are one measurement).");
        sb.AppendLine();
        AppendMarkdownTable(sb, CvColumns, cvRows);
        double cvGrowth = (double)cvRows[2].PeakRssBytes / cvRows[0].PeakRssBytes - 1;
        sb.AppendLine();
        sb.AppendLine($"Peak memory of a 10x longer CV run (no log): {(cvGrowth * 100).ToString("F1", inv)} % above the shorter one (streaming sums: memory is flat in the round count); " +
                      $"with the Parquet log: {(Growth(cvRows, log: true) * 100).ToString("F1", inv)} % (row groups of 2^17 rows, 5 MB of buffers each; {LogPlateau}).");
        sb.AppendLine();
        // The first-call costs of a fresh process (JIT of generator, encoder and analysis; first touch of the buffers) are the
        // shorter logged run's wall less a tenth of the longer one's, if both ran at the longer run's rate.
        double firstCallS = cvRows[1].WallS - cvRows[3].WallS / 10;
        sb.AppendLine(TargetLine($">= {CvLogTargetPerS.ToString("0.#e0", inv)} rows/s with the Parquet log, on the {cvRows[3].SimulatedS.ToString("G4", inv)}-round run " +
            "(100 ns per row: generation and moment sums ~27 ns, content hash and column copies ~5 ns, Parquet encoding of ~32 incompressible " +
            "bytes and the write ~50 ns, with the encoding on other cores); the " + cvRows[1].SimulatedS.ToString("G4", inv) + "-round run " +
            $"reaches {cvRows[1].EventsPerS.ToString("E3", inv)}/s, because it also carries the fresh process's first-call costs, about " +
            $"{firstCallS.ToString("F3", inv)} s of its {cvRows[1].WallS.ToString("F3", inv)} s (its wall less a tenth of the longer run's)",
            cvRows[3].EventsPerS, CvLogTargetPerS));
        return sb;
    }

    /// <summary>Why a logged run's peak memory can grow from the short run to the long one, and where it stops.</summary>
    private const string LogPlateau = "the log writer allocates its buffer sets, up to encoder threads + 1 row groups, and the encoder's pooled " +
        "memory as the first row groups pass; a short run that writes only a few groups has not reached that bound, a longer one stays at it";

    /// <summary>Peak memory of the 10x longer run over the shorter one, less 1, with the log on or off (rows as <see cref="Measure"/> orders them).</summary>
    private static double Growth(List<BenchResult> rows, bool log) =>
        log ? (double)rows[3].PeakRssBytes / rows[1].PeakRssBytes - 1 : (double)rows[2].PeakRssBytes / rows[0].PeakRssBytes - 1;

    /// <summary>Issue 14 targets: MDI coincidences/s tally-only (30 dB per pair), CV rows/s with the Parquet log (10x run).</summary>
    private const double MdiTargetPerS = 1.5e6, CvLogTargetPerS = 1.0e7;

    /// <summary>"Target (issue 14): ...; measured X/s: met." from the measured row, never assumed.</summary>
    private static string TargetLine(string target, double measuredPerS, double targetPerS) =>
        $"Target (issue 14): {target}; measured {measuredPerS.ToString("E3", CultureInfo.InvariantCulture)}/s: " +
        (measuredPerS >= targetPerS ? "met." : "not met.");

    /// <param name="RunWallS">The whole `run` step (<see cref="RunPipeline.Execute(IRunScenario, string, Action{double}?, CancellationToken)"/>).</param>
    /// <param name="LogBytes">Size of the published log, with the log.</param>
    /// <param name="EncoderThreads">The log writer's encoder threads in the child (<see cref="QkdNetSim.Data.Log.ColumnarLogWriter.DefaultEncoderThreads"/>).</param>
    private sealed record BenchResult(bool Log, double SimulatedS, long Events, double WallS, double EventsPerS, double GatesPerS, long PeakRssBytes,
        double RunWallS, long? LogBytes, int EncoderThreads);

    /// <summary>Size of the log a child's run published in <paramref name="dir"/> (null without one).</summary>
    private static long? LogBytes(string dir, string kind)
    {
        string? name = KindRegistry.Get(kind).LogFileName;
        return name is not null && File.Exists(Path.Combine(dir, name)) ? new FileInfo(Path.Combine(dir, name)).Length : null;
    }

    /// <summary>The scratch folder a measurement child simulates into: under the temp dir, named after the child's process id.</summary>
    public static string ScratchDir(int processId) => Path.Combine(Path.GetTempPath(), ScratchPrefix + processId);

    private const string ScratchPrefix = "qkdnetsim-bench-";

    /// <summary>Scratch folders whose process no longer runs (a bench killed outright together with its child).</summary>
    private static void RemoveScratchOfKilledRuns()
    {
        foreach (string dir in Directory.GetDirectories(Path.GetTempPath(), ScratchPrefix + "*"))
            if (OwnerProcess.FromFolderName(dir, ScratchPrefix) is int pid && !OwnerProcess.IsRunning(pid))
                DeleteScratch(dir);
    }

    /// <summary>A measurement child ended by a signal (exit code 128 + signal).</summary>
    private sealed class ChildStoppedException(int exitCode) : Exception($"bench child stopped by signal {exitCode - 128}")
    {
        public int ExitCode { get; } = exitCode;
    }

    /// <summary>Runs one measurement child (`bench --child ...`, <paramref name="workers"/> &gt; 0 for a study) and reads its JSON line.</summary>
    internal static T RunChild<T>(string kind, bool log, double durationS, int workers, CancellationToken cancel)
    {
        var args = new List<string> { "bench", "--child", "--child-kind", kind, "--child-log", log ? "1" : "0", "--child-duration", durationS.ToString("R", CultureInfo.InvariantCulture) };
        if (workers > 0) args.AddRange(["--child-workers", workers.ToString(CultureInfo.InvariantCulture)]);
        string output = RunSelf(args, cancel).Stdout;
        string json = output.Split('\n').Last(l => l.StartsWith('{'));
        return JsonSerializer.Deserialize<T>(json)!;
    }

    /// <summary>
    /// Runs this program with <paramref name="args"/> in a fresh process: its stdout and its whole-process wall time (from just
    /// before the start to its exit). A signal to bench kills it (OperationCanceledException); one that died of a signal
    /// throws <see cref="ChildStoppedException"/>, any other failure InvalidOperationException.
    /// </summary>
    internal static (string Stdout, double WallS) RunSelf(IReadOnlyList<string> args, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        string self = System.Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.FileName = self;
            psi.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }
        else psi.FileName = self;
        foreach (var x in args) psi.ArgumentList.Add(x);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        string output;
        double wall;
        try
        {
            // A signal to bench ends the child at once (it is a measurement, nothing of it is kept); its folder goes below.
            using (cancel.Register(() => Kill(p)))
            {
                output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                wall = clock.Elapsed.TotalSeconds;
            }
        }
        finally
        {
            Kill(p);
            // The child removes its folder itself, except when it is killed (SIGKILL runs no cleanup): remove it here.
            DeleteScratch(ScratchDir(p.Id));
        }
        cancel.ThrowIfCancellationRequested();
        if (p.ExitCode is > 128 and <= 128 + 64) throw new ChildStoppedException(p.ExitCode);
        if (p.ExitCode != 0) throw new InvalidOperationException($"bench child failed ({p.ExitCode}): {output}");
        return (output, wall);
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    internal static void DeleteScratch(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Prints the measurement as one JSON line for the parent; an interrupted child prints nothing and says so by its exit code.</summary>
    private static int Report(BenchResult r, bool interrupted)
    {
        if (interrupted) return Cli.InterruptedExitCode;
        Console.WriteLine(JsonSerializer.Serialize(r));
        return 0;
    }

    private static int Child(bool log, double durationS, CancellationToken cancel, string mode = "fast")
    {
        var overrides = new List<string> { $"durationS={durationS.ToString("R", CultureInfo.InvariantCulture)}", $"log.enabled={(log ? "true" : "false")}", $"mode={mode}" };
        var loaded = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, overrides);
        string dir = ScratchDir(System.Environment.ProcessId);
        try
        {
            var clock = Stopwatch.StartNew();
            var summary = (RunSummary)RunPipeline.Execute(KindRegistry.Get(KindNames.Access), loaded, dir, cancel: cancel);
            double runWall = clock.Elapsed.TotalSeconds;
            double wall = summary.Run.WallTimeS; // the simulation session itself (engine + sinks + filling the log), not start-up
            long events = summary.Run.EventsProcessed ?? 0; // a simulated run always counts its events
            var r = new BenchResult(log, summary.Run.SimulatedTimeS, events, wall,
                events / wall, summary.Run.SimulatedGates / wall, PeakRssBytes(), runWall, LogBytes(dir, KindNames.Access),
                QkdNetSim.Data.Log.ColumnarLogWriter.DefaultEncoderThreads);
            return Report(r, summary.WasInterrupted());
        }
        finally
        {
            DeleteScratch(dir);
        }
    }

    private static int MdiChild(bool log, double durationS, CancellationToken cancel)
    {
        var overrides = new List<string> { $"durationS={durationS.ToString("R", CultureInfo.InvariantCulture)}", $"log.enabled={(log ? "true" : "false")}" };
        var loaded = QkdNetSim.Runs.Mdi.MdiScenarioLoader.Load(
            QkdNetSim.Experiments.RepoPaths.Model(QkdNetSim.Experiments.Seed002.Seed002Setup.NetworkFile), overrides);
        string dir = ScratchDir(System.Environment.ProcessId);
        try
        {
            var clock = Stopwatch.StartNew();
            var summary = (QkdNetSim.Runs.Mdi.MdiRunSummary)RunPipeline.Execute(KindRegistry.Get(KindNames.Mdi), loaded, dir, cancel: cancel);
            double runWall = clock.Elapsed.TotalSeconds;
            double wall = summary.Run.WallTimeS;
            var r = new BenchResult(log, summary.SimulatedTimeS, summary.Run.Coincidences, wall,
                summary.Run.Coincidences / wall, summary.SimulatedSlots / wall, PeakRssBytes(), runWall, LogBytes(dir, KindNames.Mdi),
                QkdNetSim.Data.Log.ColumnarLogWriter.DefaultEncoderThreads);
            return Report(r, summary.WasInterrupted());
        }
        finally
        {
            DeleteScratch(dir);
        }
    }

    private static int CvChild(bool log, long rounds, CancellationToken cancel)
    {
        var overrides = new List<string> { $"samples={rounds.ToString(CultureInfo.InvariantCulture)}", $"log.enabled={(log ? "true" : "false")}" };
        var loaded = QkdNetSim.Runs.Cv.CvScenarioLoader.Load(QkdNetSim.Experiments.RepoPaths.Model("networks/seed000-three-node-cv.yaml"), overrides);
        string dir = ScratchDir(System.Environment.ProcessId);
        try
        {
            var clock = Stopwatch.StartNew();
            var summary = (QkdNetSim.Runs.Cv.CvRunSummary)RunPipeline.Execute(KindRegistry.Get(KindNames.Cv), loaded, dir, cancel: cancel);
            double wall = clock.Elapsed.TotalSeconds;
            long rows = summary.Rounds * summary.Users.Count;
            var r = new BenchResult(log, summary.Rounds, rows, wall, rows / wall, summary.Rounds / wall, PeakRssBytes(), wall, LogBytes(dir, KindNames.Cv),
                QkdNetSim.Data.Log.ColumnarLogWriter.DefaultEncoderThreads);
            return Report(r, summary.WasInterrupted());
        }
        finally
        {
            DeleteScratch(dir);
        }
    }

    /// <summary>Peak resident set size of this process (Linux VmHWM), else the managed peak working set.</summary>
    internal static long PeakRssBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

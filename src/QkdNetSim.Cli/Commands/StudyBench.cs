using System.Diagnostics;
using System.Globalization;
using System.Text;
using QkdNetSim.Studies;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>
/// The studies section of `bench` (issue 11, "Performance"): studies of the built-in seed-004 network run through
/// <see cref="StudyRunner"/>, each in a fresh child process (like the other measurements) that writes into its scratch
/// folder (<see cref="BenchCommand.ScratchDir"/>), removed on every exit.
/// <list type="bullet">
/// <item>A model-engine study of P points on every core: its wall time (prepare, run, collect) and the sweep machinery's
/// per-point overhead, the mean over points of (point wall time − engine time). A point's wall time covers the scenario
/// load with its overrides, the engine call and point.json; the engine time is the model plus its staged, locked
/// publication of summary.json (<see cref="ModelPipeline"/>), as <see cref="PointOutcome.EngineS"/> defines it.</item>
/// <item>The same study at P / 5 points: peak memory of the two (VmHWM through the run phase, and with the dataset
/// collection), as a ratio — memory per worker is flat in the number of points when the ratio is near 1.</item>
/// <item>A 16-point simulation study (distance x afterpulse probability, tally-only) with 1 worker and with every core:
/// the speed-up is the ratio of the two studies' wall times, with CPU time and GC pauses to tell contention apart.</item>
/// </list>
/// </summary>
public static class StudyBench
{
    /// <summary>Points of the simulation study (issue 11: "a 16-point simulation study").</summary>
    public const int SimulationPoints = 16;

    /// <summary>Model-study grid: 4 capacities x 5 afterpulse probabilities x k distances, so its size is a multiple of this.</summary>
    public const int ModelGridStep = 20;

    /// <summary>One study measured in a child: its size, workers, phase times, per-point means, CPU, GC and memory.</summary>
    public sealed record StudyBenchResult(string Engine, int Points, int Workers, double SimulatedSPerPoint, double TotalS, double PrepareS,
        double RunS, double CollectS, double MeanPointS, double MeanEngineS, double MeanOverheadS, double MaxOverheadS, double CpuS,
        double GcPauseS, int Gen2Collections, long PeakRssRunBytes, long PeakRssBytes);

    /// <summary>The studies section: model studies at <paramref name="points"/> and points / 5, simulation study with 1 and all workers.</summary>
    public sealed record Section(StudyBenchResult Small, StudyBenchResult Large, StudyBenchResult Serial, StudyBenchResult Parallel)
    {
        public double OverheadMs => Large.MeanOverheadS * 1e3;
        public double MemoryRatioRun => (double)Large.PeakRssRunBytes / Small.PeakRssRunBytes;
        public double MemoryRatio => (double)Large.PeakRssBytes / Small.PeakRssBytes;
        public double SpeedUp => Serial.TotalS / Parallel.TotalS;

        /// <summary>
        /// The speed-up the parallel run's CPU time allows: serial wall time over the parallel run's CPU time spread evenly on
        /// its workers' cores, i.e. what it would reach with the cores to itself (16 points of similar cost share out evenly).
        /// </summary>
        public double CpuBoundSpeedUp => Serial.TotalS / (Parallel.CpuS / Parallel.Workers);

        /// <summary>CPU seconds the serial process spent beyond its worker's engine calls (runtime background work: tiered JIT, GC; start-up excluded).</summary>
        public double SerialBackgroundCpuS => Serial.CpuS - Serial.MeanEngineS * Serial.Points;
    }

    /// <summary>The model study's size for a requested size: the nearest multiple of <see cref="ModelGridStep"/>, at least one step.</summary>
    public static int ModelPoints(int requested) => ModelGridStep * DistanceSteps(requested);

    private static int DistanceSteps(int points) => Math.Max(1, (int)Math.Round(points / (double)ModelGridStep));

    /// <summary>Runs the four children (parent side); throws OperationCanceledException on a signal, as the other sections do.</summary>
    public static Section Measure(int points, double simulatedS, CancellationToken cancel)
    {
        int cores = Environment.ProcessorCount;
        int large = ModelPoints(points), small = ModelPoints(large / 5);
        AnsiConsole.MarkupLine($"[grey]bench: studies, {small}-point model study on {cores} workers ...[/]");
        var s = BenchCommand.RunChild<StudyBenchResult>("study-model", false, small, cores, cancel);
        AnsiConsole.MarkupLine($"[grey]bench: studies, {large}-point model study on {cores} workers ...[/]");
        var l = BenchCommand.RunChild<StudyBenchResult>("study-model", false, large, cores, cancel);
        AnsiConsole.MarkupLine($"[grey]bench: studies, {SimulationPoints}-point simulation study ({simulatedS:G4} s simulated per point), 1 worker ...[/]");
        var one = BenchCommand.RunChild<StudyBenchResult>("study-simulate", false, simulatedS, 1, cancel);
        AnsiConsole.MarkupLine($"[grey]bench: studies, {SimulationPoints}-point simulation study, {cores} workers ...[/]");
        var all = BenchCommand.RunChild<StudyBenchResult>("study-simulate", false, simulatedS, cores, cancel);
        return new Section(s, l, one, all);
    }

    /// <summary>The model study file: the built-in network, capacity x afterpulse probability x distance, no log.</summary>
    public static string ModelStudyYaml(int points)
    {
        var inv = CultureInfo.InvariantCulture;
        string distances = string.Join(", ", Enumerable.Range(0, DistanceSteps(points)).Select(i => (i * 0.5).ToString("R", inv)));
        return $"""
            name: bench-model
            base: builtin
            engine: model
            set: [log.enabled=false]
            parameters:
              capacity: [2, 4, 8, 16]
              afterpulseProbability: {"{"}from: 0.02, to: 0.1, steps: 5{"}"}
              distance: [{distances}]

            """;
    }

    /// <summary>The simulation study file: the built-in network, 4 distances x 4 afterpulse probabilities, tally-only.</summary>
    public static string SimulationStudyYaml(double simulatedS) => $"""
        name: bench-simulate
        base: builtin
        engine: simulate
        set: [log.enabled=false, durationS={simulatedS.ToString("R", CultureInfo.InvariantCulture)}]
        parameters:
          distance: [0, 5, 10, 15]
          afterpulseProbability: [0.02, 0.04, 0.06, 0.08]

        """;

    /// <summary>
    /// Child side: writes the study into this process's scratch folder, runs it (dataset collected separately so the peak
    /// memory of the run phase is read before it), prints one JSON line. Any point not done fails the measurement.
    /// </summary>
    public static int Child(string engine, double size, int workers, CancellationToken cancel)
    {
        string dir = BenchCommand.ScratchDir(Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "study.yaml");
            bool model = engine == "study-model";
            File.WriteAllText(file, model ? ModelStudyYaml((int)size) : SimulationStudyYaml(size));
            string outDir = Path.Combine(dir, "out");
            double cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var pause0 = GC.GetTotalPauseDuration();
            int gen2 = GC.CollectionCount(2);
            var clock = Stopwatch.StartNew();
            var study = StudyFile.Load(file);
            var r = StudyRunner.Run(study, new StudyRunOptions(outDir, workers, WriteDataset: false), null, cancel);
            long rssRun = BenchCommand.PeakRssBytes();
            if (r.Interrupted) return Cli.InterruptedExitCode;
            double collect0 = clock.Elapsed.TotalSeconds;
            StudyDataset.Collect(outDir);
            double total = clock.Elapsed.TotalSeconds;
            if (r.Points.FirstOrDefault(p => p.Status != PointStatus.Done) is PointOutcome bad)
                throw new InvalidOperationException($"bench study point {bad.Point.Point.Id} {bad.Status}: {bad.Error}");
            var overhead = r.Points.Select(p => p.WallTimeS - p.EngineS).ToArray();
            var result = new StudyBenchResult(model ? "model" : "simulate", r.Points.Count, workers, model ? 0 : size, total,
                r.PrepareS, r.RunS, total - collect0, r.Points.Average(p => p.WallTimeS), r.Points.Average(p => p.EngineS),
                overhead.Average(), overhead.Max(), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu0,
                (GC.GetTotalPauseDuration() - pause0).TotalSeconds, GC.CollectionCount(2) - gen2, rssRun, BenchCommand.PeakRssBytes());
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(result));
            return 0;
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

    private static readonly string[] ModelColumns = ["points", "workers", "total s", "prepare s", "run s", "collect s", "point ms", "engine ms",
        "overhead ms (mean / max)", "peak RSS MiB (run / with collect)"];

    private static readonly string[] SimulationColumns = ["points", "workers", "simulated s per point", "total s", "run s", "engine s per point",
        "CPU s", "cores used", "GC pause ms", "peak RSS MiB"];

    private static string[] ModelCells(StudyBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        return [r.Points.ToString("N0", inv), r.Workers.ToString(inv), r.TotalS.ToString("F2", inv), r.PrepareS.ToString("F2", inv), r.RunS.ToString("F2", inv),
            r.CollectS.ToString("F2", inv), (r.MeanPointS * 1e3).ToString("F2", inv), (r.MeanEngineS * 1e3).ToString("F2", inv),
            $"{(r.MeanOverheadS * 1e3).ToString("F2", inv)} / {(r.MaxOverheadS * 1e3).ToString("F1", inv)}",
            $"{Mib(r.PeakRssRunBytes)} / {Mib(r.PeakRssBytes)}"];
    }

    private static string[] SimulationCells(StudyBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        return [r.Points.ToString(inv), r.Workers.ToString(inv), r.SimulatedSPerPoint.ToString("G4", inv), r.TotalS.ToString("F2", inv), r.RunS.ToString("F2", inv),
            r.MeanEngineS.ToString("F3", inv), r.CpuS.ToString("F2", inv), (r.CpuS / r.TotalS).ToString("F2", inv), (r.GcPauseS * 1e3).ToString("F1", inv), Mib(r.PeakRssBytes)];
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string[] Findings(Section s)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            $"{s.Large.Points:N0}-point model study on {s.Large.Workers} workers: {s.Large.TotalS.ToString("F2", inv)} s in all (target: under 60 s on 2 cores); " +
            $"sweep overhead per point {s.OverheadMs.ToString("F2", inv)} ms (target: under 20 ms).",
            $"Peak memory, {s.Large.Points:N0} vs {s.Small.Points:N0} points: x{s.MemoryRatioRun.ToString("F3", inv)} through the run phase, " +
            $"x{s.MemoryRatio.ToString("F3", inv)} with the dataset collection.",
            $"{SimulationPoints}-point simulation study: {s.Serial.TotalS.ToString("F2", inv)} s on 1 worker, {s.Parallel.TotalS.ToString("F2", inv)} s on " +
            $"{s.Parallel.Workers}: speed-up x{s.SpeedUp.ToString("F2", inv)} (target: at least x1.8). The processes got {(s.Serial.CpuS / s.Serial.TotalS).ToString("F2", inv)} " +
            $"and {(s.Parallel.CpuS / s.Parallel.TotalS).ToString("F2", inv)} cores; the parallel run used x{(s.Parallel.CpuS / s.Serial.CpuS).ToString("F3", inv)} the serial run's CPU time, " +
            $"so with {s.Parallel.Workers} cores to itself it would reach about x{s.CpuBoundSpeedUp.ToString("F2", inv)}. The serial process spent " +
            $"{s.SerialBackgroundCpuS.ToString("F2", inv)} CPU s beyond its worker's engine time (runtime background threads: tiered JIT compilation, GC), " +
            "work it gets from the otherwise idle second core and the parallel run takes from its workers.",
        ];
    }

    /// <summary>The console tables and findings.</summary>
    public static void Print(Section s)
    {
        Table(
            "qkdnetsim bench: model-engine study of the built-in network (capacity x afterpulse probability x distance), every core", ModelColumns,
            [ModelCells(s.Small), ModelCells(s.Large)]);
        Table($"qkdnetsim bench: {SimulationPoints}-point simulation study of the built-in network (distance x afterpulse probability, tally-only)",
            SimulationColumns, [SimulationCells(s.Serial), SimulationCells(s.Parallel)]);
        foreach (string line in Findings(s)) AnsiConsole.WriteLine(line);
    }

    private static void Table(string title, string[] columns, string[][] rows) => BenchCommand.Table(title, columns, rows);

    private static void MarkdownTable(StringBuilder sb, string[] columns, string[][] rows) =>
        BenchCommand.MarkdownTable(sb, columns, rows, firstColumnLeft: false);

    /// <summary>The Markdown section "Studies (issue 11)".</summary>
    public static void AppendMarkdown(StringBuilder sb, Section s, string loadBefore, string loadAfter)
    {
        sb.AppendLine();
        sb.AppendLine("## Studies (issue 11)");
        sb.AppendLine();
        sb.AppendLine("Each study runs in a fresh process through `StudyRunner` (the engine of `qkdnetsim sweep`), on the built-in seed-004 network with " +
                      "`log.enabled=false`, into a scratch folder. Model study: `engine: model`, grid capacity [2, 4, 8, 16] x afterpulseProbability " +
                      "(5 values) x distance (0, 0.5, ... km). A point's time covers the scenario load with its overrides, the engine and point.json; " +
                      "its engine time is the model plus the staged, locked publication of summary.json; the overhead is their difference, averaged " +
                      "over the points. Total = study file load + prepare (every point validated) + run + collect (points.parquet). Peak RSS is VmHWM " +
                      "after the run phase and after the collection.");
        sb.AppendLine();
        MarkdownTable(sb, ModelColumns, [ModelCells(s.Small), ModelCells(s.Large)]);
        sb.AppendLine();
        sb.AppendLine($"Simulation study: `engine: simulate`, distance [0, 5, 10, 15] km x afterpulseProbability [0.02, 0.04, 0.06, 0.08], " +
                      "tally-only; the speed-up is the ratio of the two total wall times. CPU s is the process's user + system time.");
        sb.AppendLine();
        MarkdownTable(sb, SimulationColumns, [SimulationCells(s.Serial), SimulationCells(s.Parallel)]);
        sb.AppendLine();
        foreach (string line in Findings(s)) sb.AppendLine("- " + line);
        sb.AppendLine();
        sb.AppendLine($"Load average (1, 5, 15 min) before this section: {loadBefore}; after: {loadAfter} (on {Environment.ProcessorCount} cores; " +
                      "other processes sharing the machine lower the speed-up and raise the times" +
                      (Autogroup() ? "; the kernel schedules by session (sched_autogroup_enabled = 1), so under contention a process gets one session's " +
                       "share of the cores whatever its thread count" : "") + ").");
    }

    /// <summary>Whether Linux shares CPU time between sessions rather than threads (/proc/sys/kernel/sched_autogroup_enabled).</summary>
    private static bool Autogroup()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/sched_autogroup_enabled").Trim() == "1";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux /proc/loadavg), or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}

using System.Globalization;
using QkdNetSim.Cli.Output;
using QkdNetSim.Core;
using QkdNetSim.Runs;
using QkdNetSim.Studies;
using QkdNetSim.Studies.Slurm;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>What `sweep` does: run a study file, collect a study folder's points.parquet, or show its status.</summary>
public enum SweepMode
{
    Run,
    Collect,
    Status,
}

/// <summary>
/// The parsed options of `sweep` (see <see cref="CliParser"/>). <see cref="Target"/> is the study file (run) or the study
/// folder (collect, status). <see cref="Task"/>/<see cref="Tasks"/> are the hidden array-task options of the Slurm script.
/// </summary>
public sealed record SweepOptions(SweepMode Mode, string Target, string? OutDir = null, int? Workers = null, bool Resume = false, string Backend = "local",
    bool DryRun = false, bool Quiet = false, int? Task = null, int? Tasks = null);

/// <summary>`qkdnetsim sweep`: studies at scale (README "Studies (sweep)").</summary>
public static class SweepCommand
{
    /// <summary>
    /// Before the points run, on stderr: the logs the `simulate` points keep in their folders, summed (one line, not with
    /// --quiet), or, from the warning threshold on (<see cref="LogSizeEstimate.WarnBytes"/>), a warning with the way out
    /// (`log.enabled=false` in the study's `set:`), also with --quiet. Nothing when no point keeps a log.
    /// </summary>
    private static void AnnounceLogs(IEnumerable<PlannedPoint> points, string outDir, bool quiet)
    {
        if (StudyPlan.ExpectedLogs(points) is not { } logs) return;
        var (total, count) = logs;
        string where = string.Create(CultureInfo.InvariantCulture,
            $"{count} point{(count == 1 ? "" : "s")} keep {total.FileName} under {Path.Combine(outDir, StudyPoint.PointsFolder)}, about " +
            $"{LogSizeEstimate.FormatBytes(total.Bytes)} in all ({LogSizeEstimate.FormatCount(total.Rows)} {total.RowName}s x " +
            $"{total.BytesPerRow.ToString("0.##", CultureInfo.InvariantCulture)} B/{total.RowName})");
        if (total.IsLarge(LogSizeEstimate.WarnBytes()))
            Console.Error.WriteLine($"warning: {where}; add `log.enabled=false` to the study's `set:` to keep only the summaries (the dataset stays the same)");
        else if (!quiet) Console.Error.WriteLine($"logs: {where}");
    }

    public static int Execute(SweepOptions o, CancellationToken cancel)
    {
        switch (o.Mode)
        {
            case SweepMode.Collect:
                var dataset = StudyDataset.Collect(o.Target);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{dataset.Path}: {dataset.Rows} rows, {dataset.Columns.Count} columns ({Statuses(dataset.Statuses)})"));
                return 0;
            case SweepMode.Status:
                WriteStatus(StudyStatus.Read(o.Target), o.Target);
                return 0;
        }

        var study = StudyFile.Load(o.Target);
        string outDir = o.OutDir ?? Path.Combine("studies", study.Name);
        if (o.Backend == "slurm") return Slurm(study, o, outDir, cancel);
        if (o.DryRun)
        {
            var plan = StudyPlan.Prepare(study, o.Workers ?? 0, null, cancel);
            StudyOutput.CheckTarget(outDir, study, o.Resume);
            WritePoints(plan);
            AnnounceLogs(plan.Points, outDir, quiet: false);
            return 0;
        }

        var options = new StudyRunOptions(outDir, o.Workers ?? 0, o.Resume, o.Task, o.Tasks,
            Planned: o.Task is null ? (_, points) => AnnounceLogs(points, outDir, o.Quiet) : null);
        StudyRunResult result;
        if (o.Quiet) result = StudyRunner.Run(study, options, null, cancel);
        else
        {
            result = null!;
            ConsoleSetup.Stderr().Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape($"study {study.Name}"), maxValue: Math.Max(1, study.PointCount));
                    result = StudyRunner.Run(study, options, p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Finished;
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                            $"study {study.Name}: {p.Finished}/{p.Total} points, {p.Running} running, {p.Failed} failed"));
                    }, cancel);
                });
        }
        int skipped = result.Points.Count(p => p.Skipped);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"study {study.Name}: {result.Points.Count} points run or kept: {result.Count(PointStatus.Done)} done ({skipped} already done), {result.Count(PointStatus.Failed)} failed, {result.Count(PointStatus.Interrupted)} interrupted{(result.Interrupted ? " (stopped)" : "")}"));
        foreach (var f in result.Points.Where(p => p.Status == PointStatus.Failed).Take(10))
            Console.Out.WriteLine($"  failed {f.Point.Point.RelativeDir}: {f.Error}");
        Console.Out.WriteLine(o.Task is null
            ? $"outputs in {outDir} (dataset {Path.Combine(outDir, StudyOutput.DatasetFileName)})"
            : $"outputs in {outDir} (array task {o.Task} of {o.Tasks}; `qkdnetsim sweep collect {outDir}` builds the dataset)");
        return result.Interrupted ? Cli.InterruptedExitCode : 0;
    }

    /// <summary>
    /// `--backend slurm`: every point validated, DIR/study.json written, then DIR/slurm/job.sbatch (a job array of
    /// <see cref="SlurmBackend.TaskCount"/> tasks unless --tasks says, each running its points with --workers threads,
    /// default 1) submitted with sbatch. `--dry-run` prints the script and writes nothing.
    /// </summary>
    private static int Slurm(Study study, SweepOptions o, string outDir, CancellationToken cancel)
    {
        StudyOutput.CheckTarget(outDir, study, o.Resume);
        var plan = StudyPlan.Prepare(study, o.Workers ?? 0, null, cancel);
        int points = plan.AllPoints.Count;
        var spec = new SlurmJobSpec(Path.GetFullPath(study.File), Path.GetFullPath(outDir), points, o.Tasks ?? SlurmBackend.TaskCount(points),
            ToolCommand.Current(), "qkdnetsim-" + study.Name, o.Workers ?? 1);
        if (o.DryRun)
        {
            Console.Out.Write(SlurmBackend.Script(spec));
            return 0;
        }
        AnnounceLogs(plan.Points, outDir, o.Quiet);
        Directory.CreateDirectory(outDir);
        StudyOutput.Write(outDir, study, plan.Points.Select(p => p.ContentHash).ToArray());
        var submitted = SlurmBackend.Submit(spec, dryRun: false);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"study {study.Name}: {points} points in {spec.Tasks} array tasks, slurm job {submitted.JobId} ({submitted.ScriptPath})"));
        Console.Out.WriteLine($"progress: qkdnetsim sweep status {outDir}; when done: qkdnetsim sweep collect {outDir}");
        return 0;
    }

    private static void WritePoints(StudyPlan plan)
    {
        var study = plan.Study;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{study.Name}: {plan.AllPoints.Count} points (dry run: validated, nothing written)"));
        table.AddColumn("#");
        table.AddColumn("point");
        foreach (var p in study.Parameters) table.AddColumn(new TableColumn(Markup.Escape(p.Name)).RightAligned());
        table.AddColumn("engine");
        table.AddColumn("repeat");
        table.AddColumn(new TableColumn("seed").RightAligned());
        foreach (var p in plan.AllPoints)
        {
            var cells = new List<string> { p.Index.ToString(CultureInfo.InvariantCulture), p.Id };
            cells.AddRange(p.Values.Select(v => Markup.Escape(v.Text)));
            cells.Add(p.Engine);
            cells.Add(p.Repeat.ToString(CultureInfo.InvariantCulture));
            cells.Add(p.Seed.ToString(CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Console.Write(table);
    }

    private static void WriteStatus(StudyStatus s, string outDir)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"study {s.Name}: {s.Points} points: {s.Done} done, {s.Failed} failed, {s.Interrupted} interrupted, {s.Pending} pending"));
        if (s.SlurmJobId is not null)
            Console.Out.WriteLine(SlurmBackend.State(outDir) is { } j
                ? string.Create(CultureInfo.InvariantCulture, $"slurm job {j.JobId}: {j.Pending} pending, {j.Running} running, {j.Completed} completed, {j.Failed} failed array tasks")
                : $"slurm job {s.SlurmJobId}");
        foreach (var (point, error) in s.Failures.Take(10)) Console.Out.WriteLine($"  failed {point}: {error}");
    }

    private static string Statuses(IReadOnlyDictionary<string, int> statuses) =>
        string.Join(", ", statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")));
}

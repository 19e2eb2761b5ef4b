using System.Diagnostics;
using QkdNetSim.Core;

namespace QkdNetSim.Studies;

/// <summary>
/// How to run a study. <paramref name="Workers"/>: threads, one point each at a time (0: every core). <paramref name="Resume"/>:
/// skip points whose point.json says done with the same content hash. <paramref name="Task"/> of <paramref name="Tasks"/>:
/// run only the points whose index i has i % Tasks == Task (a Slurm array task), never writing points.parquet (and, like a
/// resume, skipping points already done). <paramref name="WriteDataset"/>: build points.parquet at the end.
/// <paramref name="Planned"/>: called with the validated plan and the points this call will run, before any output exists
/// (e.g. to announce the logs they keep).
/// </summary>
public sealed record StudyRunOptions(string OutDir, int Workers = 0, bool Resume = false, int? Task = null, int? Tasks = null, bool WriteDataset = true,
    Action<StudyPlan, IReadOnlyList<PlannedPoint>>? Planned = null);

/// <summary>Progress of a study run: points to run in this call, finished (done, skipped, failed, interrupted) and running.</summary>
public sealed record StudyProgress(int Total, int Done, int Skipped, int Failed, int Interrupted, int Running)
{
    public int Finished => Done + Skipped + Failed + Interrupted;
}

/// <summary>
/// How one point ended: status (<see cref="PointStatus"/>), its error line, wall time of the whole point (load, engine,
/// publish, point.json) and of the engine call alone (RunPipeline.Execute or the model), and whether it was skipped as
/// already done.
/// </summary>
public sealed record PointOutcome(PlannedPoint Point, string Status, string? Error, double WallTimeS, double EngineS, bool Skipped);

/// <summary>A study run: per-point outcomes (index order), whether it was interrupted, and where the time went.</summary>
public sealed record StudyRunResult(string OutDir, IReadOnlyList<PointOutcome> Points, bool Interrupted, double PrepareS, double RunS, double CollectS)
{
    public int Count(string status) => Points.Count(p => p.Status == status);
}

/// <summary>
/// Runs a study: validates every point (<see cref="StudyPlan"/>), checks and creates the output folder, writes study.json,
/// runs the points on worker threads (one point per worker at a time, in index order), each into its own run directory
/// with its point.json, and builds points.parquet. A failed point is recorded with its error line and the study goes on;
/// cancellation stops taking points, marks the running ones interrupted and keeps everything finished.
/// </summary>
public static class StudyRunner
{
    public static StudyRunResult Run(Study study, StudyRunOptions options, Action<StudyProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tasks is int t && (t < 1 || options.Task is not int k || k < 0 || k >= t))
            throw new InputError("command line", "--task", $"expects 0 <= --task < --tasks, got --task {options.Task} --tasks {options.Tasks}");
        bool taskMode = options.Task is not null;
        if (taskMode && options.Tasks is null) throw new InputError("command line", "--tasks", "--task needs --tasks (the number of array tasks)");
        int workers = options.Workers > 0 ? options.Workers : Environment.ProcessorCount;
        var clock = Stopwatch.StartNew();

        bool haveStudyJson = StudyOutput.CheckTarget(options.OutDir, study, options.Resume);
        if (taskMode && !haveStudyJson && Directory.Exists(options.OutDir) && Directory.EnumerateFileSystemEntries(options.OutDir).Any())
            throw new InputError(options.OutDir, StagedDirectory.Field, "holds another study: an array task runs only into an empty folder or its own study's; submit the study again");
        Func<StudyPoint, bool>? select = taskMode ? p => p.Index % options.Tasks!.Value == options.Task!.Value : null;
        // An array task validates its own points, unless it is the first to reach an empty folder and writes study.json.
        var plan = StudyPlan.Prepare(study, workers, taskMode && haveStudyJson ? select : null, cancel);
        var points = select is null ? plan.Points : plan.Points.Where(p => select(p.Point)).ToArray();
        options.Planned?.Invoke(plan, points);
        Directory.CreateDirectory(options.OutDir);
        if (!taskMode || !haveStudyJson)
        {
            var hashes = new string[plan.AllPoints.Count];
            foreach (var p in plan.Points) hashes[p.Point.Index] = p.ContentHash;
            StudyOutput.Write(options.OutDir, study, hashes.Select(h => h ?? "").ToArray());
        }
        double prepareS = clock.Elapsed.TotalSeconds;

        var outcomes = Execute(plan, points, options.OutDir, workers, options.Resume || taskMode, progress, cancel);
        double runS = clock.Elapsed.TotalSeconds - prepareS;
        if (!taskMode && options.WriteDataset) StudyDataset.Collect(options.OutDir);
        return new StudyRunResult(options.OutDir, outcomes, cancel.IsCancellationRequested, prepareS, runS, clock.Elapsed.TotalSeconds - prepareS - runS);
    }

    private static PointOutcome[] Execute(StudyPlan plan, IReadOnlyList<PlannedPoint> points, string outDir, int workers, bool skipDone,
        Action<StudyProgress>? progress, CancellationToken cancel)
    {
        var outcomes = new PointOutcome?[points.Count];
        var gate = new object();
        int done = 0, skipped = 0, failed = 0, interrupted = 0, running = 0;
        void Report()
        {
            lock (gate) progress?.Invoke(new StudyProgress(points.Count, done, skipped, failed, interrupted, running));
        }
        Report();
        int next = -1;
        int threadCount = Math.Max(1, Math.Min(workers, points.Count));
        void Work()
        {
            // A study on N workers uses N cores: points running at once share them, each point's epochs (a static access
            // session) get a share (N = 1: everything on one core; fewer points than workers: the spare cores go to epochs).
            QkdNetSim.Protocols.AccessNetwork.EpochSessionRunner.WorkersOnThisThread = Math.Max(1, workers / threadCount);
            int i;
            while (!cancel.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < points.Count)
            {
                var p = points[i];
                if (skipDone && PointRecord.TryRead(StudyOutput.PointDir(outDir, p.Point)) is { Status: PointStatus.Done } r && r.ContentHash == p.ContentHash)
                {
                    outcomes[i] = new PointOutcome(p, PointStatus.Done, null, r.WallTimeS, 0, Skipped: true);
                    Interlocked.Increment(ref skipped);
                    Report();
                    continue;
                }
                Interlocked.Increment(ref running);
                Report();
                var o = RunPoint(plan, p, outDir, cancel);
                outcomes[i] = o;
                Interlocked.Decrement(ref running);
                if (o.Status == PointStatus.Done) Interlocked.Increment(ref done);
                else if (o.Status == PointStatus.Failed) Interlocked.Increment(ref failed);
                else Interlocked.Increment(ref interrupted);
                Report();
            }
        }
        var threads = Enumerable.Range(0, threadCount).Select(w => new Thread(Work) { Name = $"study worker {w}", IsBackground = true }).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        return outcomes.OfType<PointOutcome>().ToArray();
    }

    /// <summary>
    /// Runs one point into its run directory: point.json is removed first (so a point cut off by a crash reads as not done),
    /// then the engine runs (simulate: <see cref="RunPipeline.Execute(INetworkKind, IRunScenario, string, Action{double}?, CancellationToken)"/>;
    /// model: <see cref="ModelPipeline.Execute"/>) and point.json records how it ended.
    /// </summary>
    public static PointOutcome RunPoint(StudyPlan plan, PlannedPoint p, string outDir, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string dir = StudyOutput.PointDir(outDir, p.Point);
        string status;
        string? error = null;
        double engineS = 0;
        try
        {
            Directory.CreateDirectory(dir);
            File.Delete(Path.Combine(dir, PointRecord.FileName));
            var kind = plan.Base.Kind;
            var scenario = kind.Load(plan.Base.Yaml, plan.Base.VirtualPath, p.Overrides);
            double start = clock.Elapsed.TotalSeconds;
            var summary = p.Point.Engine == Study.Model
                ? ModelPipeline.Execute(kind, scenario, dir, cancel)
                : RunPipeline.Execute(kind, scenario, dir, null, cancel);
            engineS = clock.Elapsed.TotalSeconds - start;
            status = summary.WasInterrupted() ? PointStatus.Interrupted : PointStatus.Done;
            if (status == PointStatus.Interrupted) error = "interrupted: the summary covers the part simulated before the stop";
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            status = PointStatus.Interrupted;
            error = "interrupted before the point finished";
        }
        catch (Exception e)
        {
            status = PointStatus.Failed;
            error = ErrorLine(e);
        }
        double wall = clock.Elapsed.TotalSeconds;
        try
        {
            PointRecord.For(plan.Study, p, status, error, wall).Write(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            status = PointStatus.Failed;
            error = $"point.json not written: {e.Message.ReplaceLineEndings(" ")}";
        }
        return new PointOutcome(p, status, error, wall, engineS, Skipped: false);
    }

    /// <summary>The one line a failed point records: an input error's "file: field: rule", otherwise "Type: message".</summary>
    public static string ErrorLine(Exception e) => (e is InputError ? e.Message : $"{e.GetType().Name}: {e.Message}").ReplaceLineEndings(" ");
}

/// <summary>
/// The model engine's counterpart of <see cref="RunPipeline"/>: the kind's expected-value model computes the summary,
/// written to summary.json through the same staged, locked publication (no log; any kind's earlier log in the folder goes).
/// </summary>
public static class ModelPipeline
{
    public static SummaryEnvelope Execute(INetworkKind kind, IRunScenario scenario, string outDir, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(scenario);
        using var dir = StagedDirectory.Open(outDir);
        var summary = kind.Model(scenario, cancel);
        try
        {
            AtomicFile.WriteAllText(dir.PathFor(RunPipeline.SummaryFileName), summary.ToJson());
        }
        catch (IOException e) when (StagedDirectory.StorageFailure(e) is string rule)
        {
            throw new InputError(outDir, StagedDirectory.Field, rule, e);
        }
        dir.Publish([RunPipeline.SummaryFileName], RunPipeline.RunOutputNames);
        return summary;
    }
}

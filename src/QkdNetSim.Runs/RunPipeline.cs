using QkdNetSim.Core;

namespace QkdNetSim.Runs;

/// <summary>
/// `qkdnetsim run`, for every kind: load the scenario through its kind, simulate into DIR/&lt;kind's log&gt; (unless the
/// log is disabled) and write DIR/summary.json. A run directory holds exactly one run: the outputs are staged and published
/// as one unit (<see cref="StagedDirectory"/>); bad input is reported before the output directory is created; an
/// interrupted run still publishes what it simulated.
/// </summary>
public static class RunPipeline
{
    public const string SummaryFileName = "summary.json";

    /// <summary>
    /// Every file a run of any registered kind may leave in a run directory besides summary.json (logs and extra outputs):
    /// a run removes those it does not produce itself.
    /// </summary>
    public static IEnumerable<string> RunOutputNames =>
        KindRegistry.Kinds.SelectMany(k => k.ExtraOutputNames.Prepend(k.LogFileName)).OfType<string>().Distinct();

    /// <summary>
    /// Loads a scenario file (or, with a null path, <paramref name="builtInYaml"/>) through its kind. A relative path that
    /// does not exist is looked up in the model root's models/ (<see cref="ModelRoot.FindScenario"/>).
    /// </summary>
    /// <param name="prepareOutputs">A run follows: the kind prepares its writers while the scenario loads (<see cref="INetworkKind.PrepareOutputs"/>).</param>
    public static (INetworkKind Kind, IRunScenario Scenario) Load(string? path, IReadOnlyList<string> overrides,
        string? builtInYaml = null, string builtInPath = "(built-in)", bool prepareOutputs = false)
    {
        if (path is not null) path = ModelRoot.FindScenario(path);
        string yaml = path is null ? builtInYaml ?? throw new ArgumentNullException(nameof(builtInYaml)) : ScenarioDocument.ReadFile(path);
        string file = path ?? builtInPath;
        var kind = KindRegistry.Detect(yaml, file);
        if (kind.LogFileName is null)
            throw new InputError(file, ScenarioKind.Key, $"a {kind.Name} file is analysed, not run: use `qkdnetsim analyze {file}`");
        if (prepareOutputs) kind.PrepareOutputs();
        return (kind, kind.Load(yaml, file, overrides));
    }

    /// <summary>Simulates a loaded scenario through the kind that loaded it.</summary>
    public static SummaryEnvelope Execute(IRunScenario scenario, string outDir, Action<double>? progress = null, CancellationToken cancel = default) =>
        Execute(KindRegistry.Get(scenario.Kind), scenario, outDir, progress, cancel);

    /// <summary>
    /// Simulates a loaded scenario into <paramref name="outDir"/>; returns the summary written. The run holds the directory's
    /// lock (a second run into it gets "in use"), writes into a hidden staging folder and publishes its files as one unit
    /// that replaces the earlier run's: every registered kind's log and extra output (<see cref="INetworkKind.ExtraOutputNames"/>) that this run does not
    /// write is removed (so `analyze` never reads an earlier run's log), the log and the extra outputs the kind staged are
    /// moved in, summary.json last. A run that throws leaves the earlier run's
    /// files as they were; an interrupted run (the kind returns a summary marked interrupted) publishes what it simulated.
    /// </summary>
    public static SummaryEnvelope Execute(INetworkKind kind, IRunScenario scenario, string outDir,
        Action<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(scenario);
        using var dir = StagedDirectory.Open(outDir);
        string? logName = scenario.LogEnabled ? kind.LogFileName : null;
        string? stagedLog = logName is null ? null : dir.PathFor(logName);
        string? finalLog = logName is null ? null : Path.Combine(outDir, logName);
        SummaryEnvelope summary;
        try
        {
            summary = kind.Simulate(scenario, stagedLog is null ? null : new LogTarget(stagedLog, finalLog!), dir.StagingPath, progress, cancel);
            AtomicFile.WriteAllText(dir.PathFor(SummaryFileName), summary.ToJson());
        }
        catch (InputError e) when (stagedLog is not null && e.File == stagedLog)
        {
            // Bad input found during the run names the log as the user will know it, never the staging folder.
            throw new InputError(finalLog!, e.Field, e.Rule, e);
        }
        catch (IOException e) when (StagedDirectory.StorageFailure(e) is string rule)
        {
            throw new InputError(outDir, StagedDirectory.Field, rule, e);
        }
        var produced = new List<string>();
        if (logName is not null) produced.Add(logName);
        produced.AddRange(kind.ExtraOutputNames.Where(name => File.Exists(dir.PathFor(name))));
        produced.Add(SummaryFileName);
        dir.Publish(produced, RunOutputNames);
        return summary;
    }
}

/// <summary>
/// `qkdnetsim analyze TARGET`, for every kind: the first registered kind that claims TARGET (its log in a run directory,
/// its log file, or an analysis input of its own) recomputes the summary from it alone, written atomically.
/// </summary>
public static class AnalyzePipeline
{
    /// <summary>
    /// Analyses <paramref name="target"/>; cancellation stops the read at the next chunk and writes nothing (an earlier
    /// summary.json stays as it was), also when it comes after the last chunk but before the summary is written.
    /// </summary>
    public static (INetworkKind Kind, SummaryEnvelope Summary, string SummaryPath) Execute(string target, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        foreach (var kind in KindRegistry.ForAnalyze)
        {
            if (kind.AnalyzeInput(target) is not string input) continue;
            var summary = kind.Analyze(input, cancel);
            cancel.ThrowIfCancellationRequested();
            string summaryPath = kind.SummaryPathFor(input);
            AtomicFile.WriteAllText(summaryPath, summary.ToJson());
            return (kind, summary, summaryPath);
        }
        if (Directory.Exists(target))
            throw new InputError(target, "file", $"no log in this directory (expected one of: {string.Join(", ", KindRegistry.Kinds.Select(k => k.LogFileName).OfType<string>())})");
        throw new InputError(target, "file", "not a log (.parquet) of any kind nor an analysis input; run scenarios with `qkdnetsim run`");
    }
}

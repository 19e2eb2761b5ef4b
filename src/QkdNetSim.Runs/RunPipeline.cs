using QkdNetSim.Core;

namespace QkdNetSim.Runs;

/// <summary>
/// `qkdnetsim run`, for every kind: load the scenario through its kind, simulate into DIR/&lt;kind's log&gt; (unless the
/// log is disabled) and write DIR/summary.json. Every output appears atomically (temporary file, then rename); bad
/// input is reported before the output directory is created; an interrupted run still writes what it simulated.
/// </summary>
public static class RunPipeline
{
    public const string SummaryFileName = "summary.json";

    /// <summary>Loads a scenario file (or, with a null path, <paramref name="builtInYaml"/>) through its kind.</summary>
    public static (INetworkKind Kind, IRunScenario Scenario) Load(string? path, IReadOnlyList<string> overrides,
        string? builtInYaml = null, string builtInPath = "(built-in)")
    {
        string yaml = path is null ? builtInYaml ?? throw new ArgumentNullException(nameof(builtInYaml)) : ScenarioDocument.ReadFile(path);
        string file = path ?? builtInPath;
        var kind = KindRegistry.Detect(yaml, file);
        if (kind.LogFileName is null)
            throw new InputError(file, ScenarioKind.Key, $"a {kind.Name} file is analysed, not run: use `qkdnetsim analyze {file}`");
        return (kind, kind.Load(yaml, file, overrides));
    }

    /// <summary>Simulates a loaded scenario through the kind that loaded it.</summary>
    public static SummaryEnvelope Execute(IRunScenario scenario, string outDir, Action<double>? progress = null, CancellationToken cancel = default) =>
        Execute(KindRegistry.Get(scenario.Kind), scenario, outDir, progress, cancel);

    /// <summary>Simulates a loaded scenario into <paramref name="outDir"/>; returns the summary written.</summary>
    public static SummaryEnvelope Execute(INetworkKind kind, IRunScenario scenario, string outDir,
        Action<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(scenario);
        Directory.CreateDirectory(outDir);
        string? logPath = scenario.LogEnabled ? Path.Combine(outDir, kind.LogFileName!) : null;
        var summary = kind.Simulate(scenario, logPath, progress, cancel);
        AtomicFile.WriteAllText(Path.Combine(outDir, SummaryFileName), summary.ToJson());
        return summary;
    }
}

/// <summary>
/// `qkdnetsim analyze TARGET`, for every kind: the first registered kind that claims TARGET (its log in a run directory,
/// its log file, or an analysis input of its own) recomputes the summary from it alone, written atomically.
/// </summary>
public static class AnalyzePipeline
{
    public static (INetworkKind Kind, SummaryEnvelope Summary, string SummaryPath) Execute(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        foreach (var kind in KindRegistry.ForAnalyze)
        {
            if (kind.AnalyzeInput(target) is not string input) continue;
            var summary = kind.Analyze(input);
            string summaryPath = kind.SummaryPathFor(input);
            AtomicFile.WriteAllText(summaryPath, summary.ToJson());
            return (kind, summary, summaryPath);
        }
        if (Directory.Exists(target))
            throw new InputError(target, "file", $"no log in this directory (expected one of: {string.Join(", ", KindRegistry.Kinds.Select(k => k.LogFileName).OfType<string>())})");
        throw new InputError(target, "file", "not a log (.parquet) of any kind nor an analysis input; run scenarios with `qkdnetsim run`");
    }
}

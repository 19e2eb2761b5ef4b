namespace QkdNetSim.Runs;

/// <summary>
/// A network kind as the run layer sees it: one folder of small parts (scenario schema, validator, builder, column map,
/// manifest, summary body, result table) behind this interface. The one run pipeline (<see cref="RunPipeline"/>) and
/// the one analyze pipeline (<see cref="AnalyzePipeline"/>) serve every kind through it; a new kind joins by
/// registering in <see cref="KindRegistry"/>, with no change to the pipelines, Data or the CLI.
/// </summary>
public interface INetworkKind
{
    /// <summary>The scenario's `kind:` value.</summary>
    string Name { get; }

    /// <summary>One line for help texts.</summary>
    string Description { get; }

    /// <summary>File a run writes its rows to inside the run directory (e.g. detections.parquet); null for a kind that is only analysed.</summary>
    string? LogFileName { get; }

    /// <summary>Loads, merges (model files, overrides) and validates a scenario; every rule broken is an InputError.</summary>
    IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides);

    /// <summary>
    /// Simulates the scenario, writing the log to <paramref name="log"/>'s write path when it is given (the run
    /// pipeline's staging folder), and builds the summary once, naming the log where it will be published. Cancellation
    /// keeps the work done: the summary then says interrupted.
    /// </summary>
    SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, Action<double>? progress, CancellationToken cancel);

    /// <summary>
    /// Files besides the log and summary.json that a run of this kind may leave in the run directory (e.g.
    /// timeseries.parquet, and the timeseries.png `run` draws from it). The run pipeline publishes those the kind staged
    /// and removes the others (and every other kind's), so a run directory never shows an earlier run's.
    /// </summary>
    IReadOnlyList<string> ExtraOutputNames => [];

    /// <summary>
    /// <see cref="Simulate(IRunScenario, LogTarget?, Action{double}?, CancellationToken)"/> that may also write
    /// <see cref="ExtraOutputNames"/> into <paramref name="outputDir"/> (the run pipeline's staging folder).
    /// </summary>
    SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, string outputDir, Action<double>? progress, CancellationToken cancel) =>
        Simulate(scenario, log, progress, cancel);

    /// <summary>
    /// Starts, on another core, the one-time set-up of the writers a run of this kind will use (e.g. JIT-compiling a Parquet
    /// encoder), so that it overlaps the scenario's loading instead of following the session. Nothing a run writes depends
    /// on it; `run` calls it once before the kind loads the scenario.
    /// </summary>
    void PrepareOutputs() { }

    /// <summary>The input `analyze TARGET` reads for this kind (a log in a run directory, a log file, ...), or null when TARGET is not this kind's.</summary>
    string? AnalyzeInput(string target);

    /// <summary>
    /// Recomputes the summary from an input <see cref="AnalyzeInput"/> accepted. Cancellation stops the read at the next
    /// chunk (OperationCanceledException): an analysis is all or nothing, so a stopped one gives no summary.
    /// </summary>
    SummaryEnvelope Analyze(string input, CancellationToken cancel);

    /// <summary>Where `analyze` writes the summary of <paramref name="input"/>.</summary>
    string SummaryPathFor(string input) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input)) ?? ".", RunPipeline.SummaryFileName);

    /// <summary>The per-user results of a summary this kind built.</summary>
    ResultRows Rows(SummaryEnvelope summary);

    /// <summary>
    /// The summary's key of its per-unit array (access: users; MDI: pairs; CV: users, one per Bob): a study's dataset
    /// has one row per item of it.
    /// </summary>
    string UnitsKey => "users";

    /// <summary>
    /// The expected-value engine (`engine: model`): the same summary fields the simulator gives, computed from the
    /// kind's expected-count or analytic model at the scenario's parameters, with null where a model cannot give a field
    /// (jackknife errors, truth counts). Writes no log.
    /// </summary>
    SummaryEnvelope Model(IRunScenario scenario, CancellationToken cancel) =>
        throw new NotSupportedException($"the {Name} kind has no model engine");

    /// <summary>Whether <see cref="Model"/> is implemented.</summary>
    bool HasModel => false;

    /// <summary>
    /// The finite-key secret key rate of the worst unit that should have key (bit/s), the quantity a capacity search
    /// holds at its target; null when the summary has no such unit.
    /// </summary>
    double? WorstKeyRateBitPerS(SummaryEnvelope summary) => null;

    /// <summary>
    /// The finite-key secret key rate of each unit that should have key (bit/s; the units <see cref="WorstKeyRateBitPerS"/>
    /// takes the minimum of), in the order of the summary's units; null when the kind does not say. A capacity search's
    /// simulated check pools the units the model ranks worst (the worst of several statistically equal units lies below
    /// their common rate, so the minimum of a simulation is not the model's worst rate).
    /// </summary>
    IReadOnlyList<double>? UnitKeyRatesBitPerS(SummaryEnvelope summary) => null;

    /// <summary>
    /// The expected size of the log a run of <paramref name="scenario"/> writes (rows from the kind's expected-count model at
    /// the scenario's parameters, times <see cref="LogRowBytes"/>), for `run` to announce before it starts; null when the
    /// run writes no log or the kind cannot say. Cheap: no simulation.
    /// </summary>
    LogSizeEstimate? EstimateLog(IRunScenario scenario) => null;

    /// <summary>The C# type of this kind's summaries (a study's dataset types its columns by it); null when unknown.</summary>
    Type? SummaryType => null;

    /// <summary>Named study parameters this kind understands besides dotted `--set` paths (e.g. access `capacity`).</summary>
    IReadOnlyList<StudyKnob> Knobs => [];
}

/// <summary>
/// A named study parameter that is not one scenario field: setting it to a value rewrites the scenario through
/// ordinary `--set` overrides (<paramref name="Overrides"/>, given the loaded base scenario), so a point's resolved
/// scenario and hash cover it. <paramref name="Unit"/> is printed after values (e.g. "km", "users").
/// </summary>
public sealed record StudyKnob(string Name, string Unit, string Description, bool IsInteger, double Minimum, double Maximum,
    Func<IRunScenario, double, IReadOnlyList<string>> Overrides)
{
    /// <summary>
    /// The knob rebuilds the users from the scenario's first user (network size): a study applies such knobs before every
    /// other knob, so a knob that sets a user property (e.g. a distance) acts on the rebuilt users, whatever the study's order.
    /// </summary>
    public bool RebuildsUsers { get; init; }
}

/// <summary>A loaded, validated scenario of some kind: what the run pipeline needs to know without knowing the kind.</summary>
public interface IRunScenario
{
    /// <summary>The kind that loaded it (its `kind:` name).</summary>
    string Kind { get; }

    string Name { get; }

    /// <summary>How long the run is, for the progress line (e.g. "60 s", "1,000,000 rounds").</summary>
    string Length { get; }

    /// <summary>Whether the run writes its log (`log.enabled`, --no-log).</summary>
    bool LogEnabled { get; }

    /// <summary>
    /// SHA-256 of the canonical scenario (the summary's `scenarioHash`), known before the run: a study identifies a point's
    /// finished output by it (`sweep --resume`). Empty when a kind does not say; the built-in kinds' loaded scenarios do.
    /// </summary>
    string ScenarioHash => "";
}

/// <summary>Where a run writes its log (<paramref name="WritePath"/>, inside the staging folder) and where it is published.</summary>
public sealed record LogTarget(string WritePath, string PublishedPath);

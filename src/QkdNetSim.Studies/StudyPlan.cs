using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QkdNetSim.Core;

namespace QkdNetSim.Studies;

/// <summary>A study's base scenario: its kind, text and the path its model references resolve against.</summary>
public sealed record StudyBase(INetworkKind Kind, string Yaml, string VirtualPath)
{
    /// <summary>Reads the base scenario file (null: the built-in seed-004 network) and finds its kind.</summary>
    public static StudyBase Open(string? basePath)
    {
        string yaml = basePath is null ? BuiltInScenarios.Seed004Default : ScenarioDocument.ReadFile(basePath);
        string path = basePath ?? BuiltInScenarios.DefaultVirtualPath;
        var kind = KindRegistry.Detect(yaml, path);
        if (kind.LogFileName is null)
            throw new InputError(path, ScenarioKind.Key, $"a {kind.Name} file is analysed, not run: a study's base must be a network scenario");
        return new StudyBase(kind, yaml, path);
    }
}

/// <summary>
/// A validated point: the `--set` overrides that make its scenario (the study's fixed overrides, then knob overrides, then
/// parameter paths, then `seed=`), the resolved scenario's hash, and the content hash that identifies its finished output:
/// SHA-256 of (scenario hash, seed, engine, tool version).
/// </summary>
/// <param name="Log">The log a `simulate` point keeps in its folder (its kind's estimate, <see cref="INetworkKind.EstimateLog"/>); null when it keeps none.</param>
public sealed record PlannedPoint(StudyPoint Point, IReadOnlyList<string> Overrides, string ScenarioHash, string ContentHash, LogSizeEstimate? Log = null);

/// <summary>
/// A study checked end to end before anything runs: every selected point's scenario is loaded through its kind with all
/// overrides (so a bad value anywhere is one input error before any output exists).
/// </summary>
public sealed class StudyPlan
{
    private StudyPlan(Study study, StudyBase basis, IReadOnlyList<StudyPoint> all, IReadOnlyList<PlannedPoint> planned)
    {
        Study = study;
        Base = basis;
        AllPoints = all;
        Points = planned;
    }

    public Study Study { get; }

    public StudyBase Base { get; }

    /// <summary>Every point of the study, in index order.</summary>
    public IReadOnlyList<StudyPoint> AllPoints { get; }

    /// <summary>The selected points (all of them unless a selection was given), validated, in index order.</summary>
    public IReadOnlyList<PlannedPoint> Points { get; }

    /// <summary>
    /// The logs <paramref name="points"/> keep, as one estimate (rows and bytes summed; a study has one kind, so one file
    /// name and bytes per row), and how many points keep one; null when none does.
    /// </summary>
    public static (LogSizeEstimate Total, int Points)? ExpectedLogs(IEnumerable<PlannedPoint> points)
    {
        var logs = points.Select(p => p.Log).OfType<LogSizeEstimate>().Where(l => double.IsFinite(l.Rows)).ToArray();
        if (logs.Length == 0) return null;
        return (logs[0] with { Rows = logs.Sum(l => l.Rows) }, logs.Length);
    }

    /// <summary>
    /// Expands and validates <paramref name="study"/> with up to <paramref name="workers"/> threads; only points
    /// <paramref name="select"/> accepts are loaded (a Slurm array task checks its own). A point whose scenario does not load
    /// is an <see cref="InputError"/> naming the study file, the study field of the offending override and the point.
    /// </summary>
    public static StudyPlan Prepare(Study study, int workers = 0, Func<StudyPoint, bool>? select = null, CancellationToken cancel = default)
    {
        var basis = StudyBase.Open(study.BasePath);
        var all = study.Points();
        var chosen = select is null ? all : all.Where(select).ToArray();
        var knobs = basis.Kind.Knobs.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var setOrigins = SetOrigins(study);
        IRunScenario? baseScenario = study.Parameters.Any(p => p.IsKnob) ? LoadMapped(basis, study, study.Sets, setOrigins, null) : null;

        var planned = new PlannedPoint[chosen.Count];
        var errors = new Exception?[chosen.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount, CancellationToken = cancel };
        // The error reported is the lowest-index point's, whatever the threads' timing: later points are skipped once one fails.
        int firstError = int.MaxValue;
        Parallel.For(0, chosen.Count, options, i =>
        {
            if (i > Volatile.Read(ref firstError)) return;
            try
            {
                planned[i] = Plan(study, basis, knobs, baseScenario, setOrigins, chosen[i]);
            }
            catch (InputError e)
            {
                errors[i] = e;
                Lower(ref firstError, i);
            }
            catch (ArgumentException e)
            {
                // A knob refusing a value (or a physics check) is still the study's bad input.
                errors[i] = new InputError(study.File, "parameters", $"{e.Message.ReplaceLineEndings(" ")} (point {Describe(study, chosen[i])})", e);
                Lower(ref firstError, i);
            }
        });
        cancel.ThrowIfCancellationRequested();
        if (errors.FirstOrDefault(e => e is not null) is { } first) throw first;
        return new StudyPlan(study, basis, all, planned);
    }

    private static void Lower(ref int target, int value)
    {
        int seen;
        while (value < (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    /// <summary>Each fixed override's path and the study field that wrote it (`set.0`, `set.1`, ...).</summary>
    private static List<(string Path, string Field)> SetOrigins(Study study) =>
        study.Sets.Select((s, i) => (OverrideParser.Parse(s).Path, "set." + i.ToString(CultureInfo.InvariantCulture))).ToList();

    private static PlannedPoint Plan(Study study, StudyBase basis, Dictionary<string, StudyKnob> knobs, IRunScenario? baseScenario,
        IReadOnlyList<(string Path, string Field)> setOrigins, StudyPoint point)
    {
        var overrides = new List<string>(study.Sets);
        var origins = new List<(string Path, string Field)>(setOrigins);
        // Knobs that rebuild the users go first (StudyKnob.RebuildsUsers), the rest in study order.
        var knobOrder = Enumerable.Range(0, study.Parameters.Count).Where(i => study.Parameters[i].IsKnob)
            .OrderBy(i => knobs[study.Parameters[i].Name].RebuildsUsers ? 0 : 1);
        foreach (int i in knobOrder)
        {
            var p = study.Parameters[i];
            foreach (string o in knobs[p.Name].Overrides(baseScenario!, point.Values[i].Number))
            {
                overrides.Add(o);
                origins.Add((OverrideParser.Parse(o).Path, Field(p)));
            }
        }
        for (int i = 0; i < study.Parameters.Count; i++)
        {
            var p = study.Parameters[i];
            if (p.IsKnob) continue;
            overrides.Add(p.Name + "=" + point.Values[i].OverrideText);
            origins.Add((p.Name, Field(p)));
        }
        overrides.Add("seed=" + point.Seed.ToString(CultureInfo.InvariantCulture));
        var scenario = LoadMapped(basis, study, overrides, origins, point);
        string scenarioHash = scenario.ScenarioHash.Length > 0 ? scenario.ScenarioHash : Sha256(basis.Yaml + "\n" + string.Join('\n', overrides));
        var log = point.Engine == Study.Simulate && scenario.LogEnabled ? basis.Kind.EstimateLog(scenario) : null;
        return new PlannedPoint(point, overrides, scenarioHash, ContentHash(scenarioHash, point.Seed, point.Engine), log);
    }

    /// <summary>SHA-256 of (resolved scenario hash, seed, engine, tool version): equal hashes, equal outputs.</summary>
    public static string ContentHash(string scenarioHash, ulong seed, string engine) =>
        Sha256($"qkdnetsim point content v1\nscenario={scenarioHash}\nseed={seed.ToString(CultureInfo.InvariantCulture)}\nengine={engine}\ntool={ToolInfo.Version}\n");

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Field(StudyParameter p) => p.Group switch
    {
        ParameterGroup.Zip => "zip." + p.Name,
        ParameterGroup.Sample => "sample.parameters." + p.Name,
        _ => "parameters." + p.Name,
    };

    /// <summary>
    /// Loads a scenario; an error about an override (file "--set") becomes an error of the study file, on the study field
    /// that wrote the override (the last one whose path covers the error's field), naming the point.
    /// </summary>
    private static IRunScenario LoadMapped(StudyBase basis, Study study, IReadOnlyList<string> overrides, IReadOnlyList<(string Path, string Field)> origins, StudyPoint? point)
    {
        try
        {
            return basis.Kind.Load(basis.Yaml, basis.VirtualPath, overrides);
        }
        catch (InputError e) when (e.File == OverrideParser.SourceName)
        {
            var match = origins.LastOrDefault(o => Covers(o.Path, e.Field) || Covers(e.Field, o.Path));
            string field = match.Field ?? (origins.Count > 0 ? origins[^1].Field : "set");
            string where = point is null ? "" : $" (point {Describe(study, point)})";
            string rule = e.Field == match.Path ? e.Rule : $"{e.Field}: {e.Rule}";
            throw new InputError(study.File, field, rule + where, e);
        }
    }

    private static bool Covers(string path, string field) => field == path || field.StartsWith(path + ".", StringComparison.Ordinal);

    /// <summary>"a=1, b=x, engine=simulate, repeat=0".</summary>
    public static string Describe(Study study, StudyPoint point) =>
        string.Join(", ", study.Parameters.Select((p, i) => $"{p.Name}={point.Values[i].Text}")
            .Append($"engine={point.Engine}").Append($"repeat={point.Repeat.ToString(CultureInfo.InvariantCulture)}"));
}

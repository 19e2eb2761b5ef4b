using QkdNetSim.Cli.Output;
using QkdNetSim.Data.Runs;
using QkdNetSim.Data.Runs.Mdi;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Data.Scenarios.Mdi;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `run` (see <see cref="CliParser"/>): values already typed and range-checked.</summary>
public sealed record RunOptions(string? Scenario, string? OutDir, ulong? Seed, double? DurationS, IReadOnlyList<string> Sets, bool NoLog, bool Quiet,
    OutputFormat Format = OutputFormat.Table);

/// <summary>`qkdnetsim run`: simulate a scenario, write the detection log and summary.json, print a table.</summary>
public static class RunCommand
{
    public static int Execute(RunOptions o, CancellationToken cancel)
    {
        var overrides = new List<string>(o.Sets);
        if (o.Seed is ulong seed) overrides.Add($"seed={seed}");
        if (o.DurationS is double duration) overrides.Add($"durationS={duration.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        if (o.NoLog) overrides.Add("log.enabled=false");
        var kind = o.Scenario is string file ? ScenarioKind.Detect(file) : NetworkKind.AccessNetwork;
        if (kind == NetworkKind.MdiNetwork)
            return RunMdi(MdiScenarioLoader.Load(o.Scenario!, overrides), o, cancel);
        if (kind == NetworkKind.CvNetwork)
            return RunCv(o.Scenario!, overrides, o, cancel);
        if (kind == NetworkKind.CvCovariance)
            throw new QkdNetSim.Core.InputError(o.Scenario!, "kind", "a cvCovariance file is analysed, not run: use `qkdnetsim analyze FILE.yaml`");
        LoadedScenario loaded = o.Scenario is not null
            ? ScenarioLoader.Load(o.Scenario, overrides)
            : ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, overrides);
        string outDir = o.OutDir ?? Path.Combine("runs", loaded.Scenario.Name);

        RunSummary summary = Progress.Run($"simulating {loaded.Scenario.Name} ({loaded.Scenario.DurationS:G4} s)", o.Quiet, o.Format,
            p => RunPipeline.Execute(loaded, outDir, p, cancel));
        SummaryTable.Print(summary, outDir, o.Format);
        return summary.Run.Interrupted ? 130 : 0;
    }

    private static int RunCv(string path, IReadOnlyList<string> overrides, RunOptions o, CancellationToken cancel)
    {
        var loaded = QkdNetSim.Data.Scenarios.Cv.CvScenarioLoader.Load(path, overrides);
        string outDir = o.OutDir ?? Path.Combine("runs", loaded.Scenario.Name);
        var (summary, summaryPath) = Progress.Run($"simulating {loaded.Scenario.Name} ({loaded.Scenario.Samples:N0} rounds)", o.Quiet, o.Format,
            p => QkdNetSim.Data.Runs.Cv.CvRunPipeline.Execute(loaded, outDir, p, cancel));
        CvSummaryTable.Print(summary, summaryPath, o.Format);
        return summary.Interrupted ? 130 : 0;
    }

    private static int RunMdi(LoadedMdiScenario loaded, RunOptions o, CancellationToken cancel)
    {
        var s = loaded.Scenario;
        string outDir = o.OutDir ?? Path.Combine("runs", s.Name);
        var id = new MdiRunPipeline.RunIdentity(s.Name, loaded.ScenarioHash, loaded.CanonicalYaml, s.Mode, s.Analysis.Epsilon,
            s.Analysis.ErrorCorrectionEfficiency, s.Log.Enabled, s.Log.RowGroupSize);
        MdiRunSummary summary = Progress.Run($"simulating {s.Name} ({s.DurationS:G4} s)", o.Quiet, o.Format,
            p => MdiRunPipeline.Execute(loaded.Config, id, outDir, p, cancel));
        MdiSummaryTable.Print(summary, outDir, o.Format);
        return summary.Interrupted ? 130 : 0;
    }
}

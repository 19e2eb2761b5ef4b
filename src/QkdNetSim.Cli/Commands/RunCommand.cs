using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Runs.Mdi;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>`qkdnetsim run`: simulate a scenario, write the detection log and summary.json, print a table.</summary>
public static class RunCommand
{
    private static readonly HashSet<string> ValueOptions = new() { "out", "seed", "duration", "set" };
    private static readonly HashSet<string> Flags = new() { "no-log", "quiet" };

    public static int Execute(string[] args, CancellationToken cancel)
    {
        var a = CliArguments.Parse("run", args, ValueOptions, Flags);
        if (a.Positionals.Count > 1) throw new QkdNetSim.Core.InputError("command line", a.Positionals[1], "run takes at most one scenario file");
        var overrides = new List<string>(a.All("set"));
        if (a.UInt64Option("seed") is ulong seed) overrides.Add($"seed={seed}");
        if (a.DoubleOption("duration") is double d && !(d > 0 && double.IsFinite(d)))
            throw new QkdNetSim.Core.InputError("command line", "--duration", $"must be > 0 and finite, got {a.Option("duration")}");
        if (a.DoubleOption("duration") is double duration) overrides.Add($"durationS={duration.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        if (a.Flag("no-log")) overrides.Add("log.enabled=false");
        var kind = a.Positionals.Count == 1 ? KindNames.Detect(a.Positionals[0]) : KindNames.Default;
        if (kind == KindNames.Mdi)
            return RunMdi(MdiScenarioLoader.Load(a.Positionals[0], overrides), a.Option("out"), a.Flag("quiet"), cancel);
        if (kind == KindNames.Cv)
            return RunCv(a.Positionals[0], overrides, a.Option("out"), a.Flag("quiet"), cancel);
        if (kind == KindNames.CvCovariance)
            throw new QkdNetSim.Core.InputError(a.Positionals[0], "kind", "a cvCovariance file is analysed, not run: use `qkdnetsim analyze FILE.yaml`");
        LoadedScenario loaded = a.Positionals.Count == 1
            ? ScenarioLoader.Load(a.Positionals[0], overrides)
            : ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, overrides);
        string outDir = a.Option("out") ?? Path.Combine("runs", loaded.Scenario.Name);
        bool quiet = a.Flag("quiet");

        RunSummary summary = quiet
            ? AccessSimulation.Execute(loaded, outDir, null, cancel)
            : Progress.Run($"simulating {loaded.Scenario.Name} ({loaded.Scenario.DurationS:G4} s)", p => AccessSimulation.Execute(loaded, outDir, p, cancel));
        SummaryTable.Print(summary, outDir);
        return summary.Run.Interrupted ? 130 : 0;
    }

    private static int RunCv(string path, IReadOnlyList<string> overrides, string? outOption, bool quiet, CancellationToken cancel)
    {
        var loaded = QkdNetSim.Runs.Cv.CvScenarioLoader.Load(path, overrides);
        string outDir = outOption ?? Path.Combine("runs", loaded.Scenario.Name);
        var (summary, summaryPath) = quiet
            ? QkdNetSim.Runs.Cv.CvSimulation.Execute(loaded, outDir, null, cancel)
            : Progress.Run($"simulating {loaded.Scenario.Name} ({loaded.Scenario.Samples:N0} rounds)",
                p => QkdNetSim.Runs.Cv.CvSimulation.Execute(loaded, outDir, p, cancel));
        CvSummaryTable.Print(summary, summaryPath);
        return summary.Interrupted ? 130 : 0;
    }

    private static int RunMdi(LoadedMdiScenario loaded, string? outOption, bool quiet, CancellationToken cancel)
    {
        var s = loaded.Scenario;
        string outDir = outOption ?? Path.Combine("runs", s.Name);
        var id = new MdiSimulation.RunIdentity(s.Name, loaded.ScenarioHash, loaded.CanonicalYaml, s.Mode, s.Analysis.Epsilon,
            s.Analysis.ErrorCorrectionEfficiency, s.Log.Enabled, s.Log.RowGroupSize);
        MdiRunSummary summary = quiet
            ? MdiSimulation.Execute(loaded.Config, id, outDir, null, cancel)
            : Progress.Run($"simulating {s.Name} ({s.DurationS:G4} s)", p => MdiSimulation.Execute(loaded.Config, id, outDir, p, cancel));
        MdiSummaryTable.Print(summary, outDir);
        return summary.Interrupted ? 130 : 0;
    }
}

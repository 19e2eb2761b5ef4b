using QkdNetSim.Data.Runs;
using QkdNetSim.Data.Scenarios;
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
        LoadedScenario loaded = a.Positionals.Count == 1
            ? ScenarioLoader.Load(a.Positionals[0], overrides)
            : ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, overrides);
        string outDir = a.Option("out") ?? Path.Combine("runs", loaded.Scenario.Name);
        bool quiet = a.Flag("quiet");

        RunSummary summary = quiet
            ? RunPipeline.Execute(loaded, outDir, null, cancel)
            : Progress.Run($"simulating {loaded.Scenario.Name} ({loaded.Scenario.DurationS:G4} s)", p => RunPipeline.Execute(loaded, outDir, p, cancel));
        SummaryTable.Print(summary, outDir);
        return summary.Run.Interrupted ? 130 : 0;
    }
}

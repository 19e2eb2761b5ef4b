using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed004;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>`qkdnetsim reproduce seed004 [--full] [--out DIR] [--seed N]`: regenerate a paper's figures under results/.</summary>
public static class ReproduceCommand
{
    public static int Execute(string[] args, CancellationToken cancel)
    {
        var a = CliArguments.Parse("reproduce", args, new HashSet<string> { "out", "seed" }, new HashSet<string> { "full" });
        if (a.Positionals.Count != 1 || a.Positionals[0] != "seed004")
            throw new QkdNetSim.Core.InputError("command line", "reproduce", "expects a paper: seed004");
        string outDir = a.Option("out") ?? Path.Combine(RepoPaths.Root(), "results", "seed004");
        string report = "";
        try
        {
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(pctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var ctx = new ExperimentContext
                    {
                        OutDir = outDir,
                        Full = a.Flag("full"),
                        Seed = a.UInt64Option("seed") ?? 1,
                        Cancel = cancel,
                        Progress = (label, f) =>
                        {
                            if (!tasks.TryGetValue(label, out var t)) tasks[label] = t = pctx.AddTask(Markup.Escape(label), maxValue: 1.0);
                            t.Value = Math.Clamp(f, 0, 1);
                        },
                    };
                    report = Seed004Reproduction.Run(ctx);
                });
        }
        catch (OperationCanceledException e)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(e.Message)}: finished figures are kept in {Markup.Escape(outDir)}[/]");
            return 130;
        }
        AnsiConsole.MarkupLine($"report: {Markup.Escape(report)}");
        return 0;
    }
}

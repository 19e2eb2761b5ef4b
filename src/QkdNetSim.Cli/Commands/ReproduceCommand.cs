using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed004;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `reproduce`: the paper (one of <see cref="ReproduceCommand.PaperNames"/>), scale, output directory, seed.</summary>
public sealed record ReproduceOptions(string Paper, bool Full, string? OutDir, ulong? Seed);

/// <summary>`qkdnetsim reproduce seed004|seed002 [--full] [--out DIR] [--seed N]`: regenerate a paper's figures under results/.</summary>
public static class ReproduceCommand
{
    private static readonly Dictionary<string, Func<ExperimentContext, string>> Papers = new()
    {
        ["seed004"] = Seed004Reproduction.Run,
        ["seed002"] = QkdNetSim.Experiments.Seed002.Seed002Reproduction.Run,
        ["seed000"] = QkdNetSim.Experiments.Seed000.Seed000Reproduction.Run,
        ["seed003"] = QkdNetSim.Experiments.Seed003.Seed003Reproduction.Run,
        ["seed001"] = QkdNetSim.Experiments.Seed001.Seed001Reproduction.Run,
    };

    /// <summary>The papers `reproduce` knows, in the order they are listed.</summary>
    public static IReadOnlyList<string> PaperNames => Papers.Keys.ToArray();

    public static int Execute(ReproduceOptions o, CancellationToken cancel)
    {
        if (!Papers.ContainsKey(o.Paper))
            throw new QkdNetSim.Core.InputError("command line", "reproduce", $"expects a paper: {string.Join(" or ", Papers.Keys)}");
        string paper = o.Paper;
        string outDir = o.OutDir ?? Path.Combine(RepoPaths.Root(), "results", paper);
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
                        Full = o.Full,
                        Seed = o.Seed ?? 1,
                        Cancel = cancel,
                        // Experiments report from parallel workers (Parallel.ForEach, shards): one lock keeps the task table consistent.
                        Progress = (label, f) =>
                        {
                            lock (tasks)
                            {
                                if (!tasks.TryGetValue(label, out var t)) tasks[label] = t = pctx.AddTask(Markup.Escape(label), maxValue: 1.0);
                                t.Value = Math.Clamp(f, 0, 1);
                            }
                        },
                    };
                    report = Papers[paper](ctx);
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

using System.Diagnostics;
using System.Globalization;
using System.Text;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// The interference part of the seed-002 reproduction: Fig. 3 (HOM/BSM visibility, soliton vs chaotic comb) and
/// Supplementary Figs. 9, 10 (relative-delay scan). Writes each figure's Parquet tables and PNG into ctx.OutDir as soon as
/// it is done and returns the REPORT.md sections.
/// </summary>
public static class Seed002Interference
{
    /// <summary>Runs the experiments; throws <see cref="OperationCanceledException"/> when ctx.Cancel fires between runs.</summary>
    public static string RunAll(ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        Directory.CreateDirectory(ctx.OutDir);
        var paper = Seed002InterferencePaper.Load();
        var sb = new StringBuilder();

        ctx.Cancel.ThrowIfCancellationRequested();
        var fig3 = Fig3VisibilityExperiment.Run(ctx, paper);
        Save(ctx, fig3.Visibilities);
        Save(ctx, fig3.Coherence);
        Seed002InterferenceFigures.Fig3(fig3.Visibilities, Path.Combine(ctx.OutDir, "fig3.png"));
        sb.Append(Fig3VisibilityExperiment.Markdown(fig3));
        sb.AppendLine("![Fig. 3](fig3.png)");
        sb.AppendLine();

        ctx.Cancel.ThrowIfCancellationRequested();
        var delay = Fig9Fig10DelayExperiment.Run(ctx, paper);
        Save(ctx, delay.HomModel);
        Save(ctx, delay.QberModel);
        Save(ctx, delay.Scan);
        Save(ctx, delay.ZeroDelay);
        Save(ctx, delay.QberZSources);
        Seed002InterferenceFigures.Fig9(delay.HomModel, delay.Scan, delay.ZeroDelay, Path.Combine(ctx.OutDir, "fig9.png"));
        Seed002InterferenceFigures.Fig10(delay.QberModel, delay.Scan, delay.ZeroDelay, Path.Combine(ctx.OutDir, "fig10.png"));
        sb.Append(Fig9Fig10DelayExperiment.Markdown(delay));
        sb.AppendLine("![Supplementary Fig. 9](fig9.png)");
        sb.AppendLine();
        sb.AppendLine("![Supplementary Fig. 10](fig10.png)");
        sb.AppendLine();
        sb.AppendLine($"_Interference experiments: {wall.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s wall " +
                      $"({(ctx.Full ? "full" : "quick")} scale, seed {ctx.Seed})._");
        sb.AppendLine();
        return sb.ToString();
    }

    private static void Save(ExperimentContext ctx, ResultTable t) =>
        ResultTableWriter.WriteParquet(t, Path.Combine(ctx.OutDir, t.Name + ".parquet"));
}

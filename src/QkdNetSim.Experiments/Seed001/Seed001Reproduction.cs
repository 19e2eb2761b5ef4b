using System.Diagnostics;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed001;

/// <summary>
/// `qkdnetsim reproduce seed001`: Figs. 3a, 3b, 4, 5, 6, 7, 8a of Kanitschar &amp; Pacher, "Security of multi-user QKD with
/// discrete-modulated continuous variables" (asymptotic QPSK key rates, four trust scenarios), written to ctx.OutDir as
/// Parquet tables, PNG figures and REPORT.md. Each figure's files are written as soon as it is done.
/// </summary>
public static class Seed001Reproduction
{
    public static string Run(ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        Directory.CreateDirectory(ctx.OutDir);
        var report = new Seed001Report(ctx);
        string Out(string f) => Path.Combine(ctx.OutDir, f);
        // A figure's explicit-bound curves and its numerical points, each table saved as soon as it is done.
        (ResultTable Curves, ResultTable Numerical) Pair(Func<ExperimentContext, ResultTable> curves, Func<ExperimentContext, ResultTable> numerical)
        {
            var c = curves(ctx);
            Save(ctx, c);
            var n = numerical(ctx);
            Save(ctx, n);
            return (c, n);
        }
        try
        {
            var fig3 = Seed001Curves.Fig3(ctx);
            Save(ctx, fig3);
            Seed001Figures.Fig3(fig3, "a", Out("fig3a.png"));
            Seed001Figures.Fig3(fig3, "c", Out("fig3b.png"));
            report.Fig3 = fig3;
            ctx.Progress?.Invoke("seed001", 0.3);

            var fig4 = Seed001Curves.Fig4(ctx);
            Save(ctx, fig4);
            Seed001Figures.Fig4(fig4, Out("fig4.png"));
            report.Fig4 = fig4;

            var fig5 = Seed001Curves.Fig5(ctx);
            Save(ctx, fig5);
            Seed001Figures.Fig5(fig5, Out("fig5.png"));
            report.Fig5 = fig5;
            ctx.Progress?.Invoke("seed001", 0.6);

            var fig8 = Seed001Curves.Fig8a(ctx);
            Save(ctx, fig8);
            var gap = Seed001Curves.Fig8aGap(fig8);
            Save(ctx, gap);
            report.Fig8aGap = gap;
            var fig8Numerical = Seed001Numerical.Fig8a(ctx);
            Save(ctx, fig8Numerical);
            Seed001Figures.Fig8a(fig8, Out("fig8a.png"), fig8Numerical);
            report.Fig8a = fig8;
            report.Fig8aNumerical = fig8Numerical;
            ctx.Progress?.Invoke("seed001", 0.7);

            var (fig6, fig6Numerical) = Pair(Seed001Curves.Fig6, Seed001Numerical.Fig6);
            Seed001Figures.Fig6(fig6, Out("fig6.png"), fig6Numerical);
            report.Fig6 = fig6;
            report.Fig6Numerical = fig6Numerical;
            ctx.Progress?.Invoke("seed001", 0.8);

            var (fig7, fig7Numerical) = Pair(Seed001Curves.Fig7, Seed001Numerical.Fig7);
            Seed001Figures.Fig7(fig7, Out("fig7.png"), fig7Numerical);
            report.Fig7 = fig7;
            report.Fig7Numerical = fig7Numerical;
            ctx.Progress?.Invoke("seed001", 0.9);

            if (ctx.Full)
            {
                var fig8b = Seed001Numerical.Fig8b(ctx);
                Save(ctx, fig8b);
                Seed001Figures.Fig8b(fig8b, Out("fig8b.png"));
                report.Fig8b = fig8b;
            }
            ctx.Progress?.Invoke("seed001", 1.0);
        }
        finally
        {
            report.WallTimeS = wall.Elapsed.TotalSeconds;
            report.Write(Out("REPORT.md"));
        }
        return Out("REPORT.md");
    }

    private static void Save(ExperimentContext ctx, ResultTable t) => ResultTableWriter.WriteParquet(t, Path.Combine(ctx.OutDir, t.Name + ".parquet"));
}

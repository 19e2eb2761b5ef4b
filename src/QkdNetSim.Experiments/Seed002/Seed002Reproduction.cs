using System.Diagnostics;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// `qkdnetsim reproduce seed002`: Table I (analyzer on the published counts; the network simulated at ~30 dB), Figs. 4
/// and 5, the interference experiments (Figs. 3, 9, 10) and the TDM scheme (Table III, Fig. 12) of Yan et al., written to
/// results/seed002/ as Parquet tables, PNG figures and REPORT.md. Files of each part are written as soon as it is done;
/// the report is rewritten at the end, also after an interruption.
/// </summary>
public static class Seed002Reproduction
{
    public static string Run(ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        var paper = Seed002Paper.Load();
        Directory.CreateDirectory(ctx.OutDir);
        var report = new Seed002Report(ctx, paper);
        try
        {
            report.AnalyzerTable = TableIAnalyzerExperiment.Run(paper);
            Save(ctx, report.AnalyzerTable);

            var sim = TableISimulationExperiment.Run(ctx, paper);
            Save(ctx, sim.Table);
            Save(ctx, sim.FourFold);
            Seed002Figures.Fig5(sim.FourFold, paper.FourFoldAverageCount, Path.Combine(ctx.OutDir, "fig5.png"));
            report.Simulated = sim;

            var fig4 = Fig4Experiment.Run(ctx, paper, sim);
            Save(ctx, fig4.Curves);
            Save(ctx, fig4.Points);
            Seed002Figures.Fig4(fig4, paper.PulsePairs, Path.Combine(ctx.OutDir, "fig4.png"));
            report.Fig4 = fig4;

            report.Optimized = OptimizerExperiment.Run(ctx, paper);
            Save(ctx, report.Optimized);

            report.ExtraSections.Add(Seed002Interference.RunAll(ctx));
            report.ExtraSections.Add(Seed002Tdm.RunAll(ctx));

        }
        finally
        {
            report.WallTimeS = wall.Elapsed.TotalSeconds;
            report.Write(Path.Combine(ctx.OutDir, "REPORT.md"));
        }
        return Path.Combine(ctx.OutDir, "REPORT.md");
    }

    private static void Save(ExperimentContext ctx, ResultTable t) => ResultTableWriter.WriteParquet(t, Path.Combine(ctx.OutDir, t.Name + ".parquet"));
}

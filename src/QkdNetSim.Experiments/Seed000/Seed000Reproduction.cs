using System.Diagnostics;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed000;

/// <summary>
/// `qkdnetsim reproduce seed000`: Figs. 3, 5, 14 and 20, the 3-node experiment and the sample-level convergence study of Bian et al. (seed 000), written to
/// results/seed000/ as Parquet tables, PNG figures and REPORT.md. Each part is saved when done; the report is rewritten
/// at the end, also after an interruption. --full uses finer distance and N grids.
/// </summary>
public static class Seed000Reproduction
{
    public static string Run(ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        var paper = Seed000Paper.Load();
        Directory.CreateDirectory(ctx.OutDir);
        var report = new Seed000Report(ctx, paper);
        double step = ctx.Full ? 2.5 : 5.0; // both grids hold the distances the report tabulates (0, 10, 20, 25, 50, 60, 75, 100 km)
        var distances = BroadcastCurves.Distances(100, step);
        try
        {
            int[] fig3Users = { 4, 8, 16, 32 };
            report.Fig3Ideal = Save(ctx, BroadcastCurves.Compute("fig3_ideal", BroadcastCondition.Ideal, fig3Users, distances, ctx));
            report.Fig3Practical = Save(ctx, BroadcastCurves.Compute("fig3_practical", BroadcastCondition.Practical, fig3Users, distances, ctx));
            Seed000Figures.Fig3(report.Fig3Ideal, report.Fig3Practical, Path.Combine(ctx.OutDir, "fig3.png"));

            int[] fig5Users = ctx.Full ? Enumerable.Range(1, 16).Select(k => 4 * k).ToArray() : new[] { 4, 8, 16, 24, 32, 48, 64 };
            report.Fig5 = Save(ctx, BroadcastCurves.Compute("fig5", BroadcastCondition.Practical, fig5Users, distances, ctx));
            Seed000Figures.Fig5(report.Fig5, paper, Path.Combine(ctx.OutDir, "fig5.png"));
            Seed000Figures.Fraction(report.Fig5, report.Fig3Ideal, Path.Combine(ctx.OutDir, "fraction_of_upper_limit.png"));

            report.Fig14 = new[] { 4.0, 10.0, 20.0 }.Select(vm => Save(ctx, BroadcastCurves.Compute($"fig14_vm{vm:G3}",
                BroadcastCondition.Practical.WithModulationVariance(vm), new[] { 4 }, distances, ctx))).ToArray();
            Seed000Figures.Fig14(report.Fig14, Path.Combine(ctx.OutDir, "fig14.png"));

            var tn = ThreeNodeExperiment.Run(paper, ctx);
            Save(ctx, tn.Variants);
            Save(ctx, tn.ExtraLossFit);
            Save(ctx, tn.DistanceCurve);
            Seed000Figures.Fig20(tn.DistanceCurve, paper.ThreeNodeKeyRates.Sum(), ThreeNodeExperiment.FeederKm + ThreeNodeExperiment.DropKm,
                Path.Combine(ctx.OutDir, "fig20.png"));
            report.ThreeNode = tn;

            report.SampleConvergence = SampleConvergenceExperiment.Run(tn.FittedModulationVarianceSnu, ctx);
            Save(ctx, report.SampleConvergence.Table);
            Seed000Figures.SampleConvergence(report.SampleConvergence.Table, Path.Combine(ctx.OutDir, "sample_convergence.png"));
        }
        finally
        {
            report.WallTimeS = wall.Elapsed.TotalSeconds;
            report.Write(Path.Combine(ctx.OutDir, "REPORT.md"));
        }
        return Path.Combine(ctx.OutDir, "REPORT.md");
    }

    private static ResultTable Save(ExperimentContext ctx, ResultTable t)
    {
        ResultTableWriter.WriteParquet(t, Path.Combine(ctx.OutDir, t.Name + ".parquet"));
        return t;
    }
}

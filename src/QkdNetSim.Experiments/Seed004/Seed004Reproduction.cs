using System.Diagnostics;
using QkdNetSim.Runs.Access;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// `qkdnetsim reproduce seed004`: Figs. 3a/3b (one session, and as a 12-hour series), 4a, 4b (and its sensitivity to two analysis/model choices), 4c of Froehlich et al., Nature 501, 69 (2013), written to
/// results/seed004/ as Parquet tables, PNG figures and REPORT.md. Each figure's files are written as soon as it is
/// done, so an interrupted reproduction keeps the finished figures.
/// </summary>
public static class Seed004Reproduction
{
    public static string Run(ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        var paper = PaperValues.Load(RepoPaths.Experiment("seed004/expected.yaml"));
        Directory.CreateDirectory(ctx.OutDir);
        var report = new Seed004Report(ctx, paper);
        try
        {
            var fig3 = Fig3Experiment.Run(ctx, paper);
            Save(ctx, fig3);
            Seed004Figures.Fig3(fig3, Path.Combine(ctx.OutDir, "fig3.png"));
            report.Fig3 = fig3;

            var series = Fig3SeriesExperiment.Run(ctx, paper);
            Save(ctx, series.Sessions);
            Save(ctx, series.Summary);
            Save(ctx, series.CrossCheck);
            Seed004Figures.Fig3Series(series.Sessions, series.Summary, Path.Combine(ctx.OutDir, "fig3_series.png"));
            report.Fig3Series = series;

            var fig4a = Fig4aExperiment.Run(ctx);
            Save(ctx, fig4a);
            Seed004Figures.Fig4a(fig4a, Path.Combine(ctx.OutDir, "fig4a.png"));
            report.Fig4a = fig4a;

            var template = AccessNetworkBuilder.Build(ScenarioLoader.Load(RepoPaths.Model("networks/seed004-fig3a-splitter.yaml"), new[] { $"seed={ctx.Seed}" }));
            var fig4b = Fig4bExperiment.Run(ctx, paper, template);
            Save(ctx, fig4b.Map);
            Save(ctx, fig4b.Reach);
            Save(ctx, fig4b.Checks);
            Seed004Figures.Fig4b(fig4b.Map, Path.Combine(ctx.OutDir, "fig4b.png"), paper.Fig4bMaxDistanceKmN64);
            report.Fig4b = fig4b;

            var sensitivity = Fig4bSensitivityExperiment.Run(ctx, paper);
            Save(ctx, sensitivity.SignalBound);
            Save(ctx, sensitivity.Crosstalk);
            report.Fig4bSensitivity = sensitivity;

            var fig4c = Fig4cExperiment.Run(ctx, paper, template);
            Save(ctx, fig4c);
            Seed004Figures.Fig4c(fig4c, Path.Combine(ctx.OutDir, "fig4c.png"));
            report.Fig4c = fig4c;
        }
        finally
        {
            report.WallTimeS = wall.Elapsed.TotalSeconds;
            report.Write(Path.Combine(ctx.OutDir, "REPORT.md"));
        }
        return Path.Combine(ctx.OutDir, "REPORT.md");
    }

    /// <summary>
    /// `reproduce seed004 --only fig4b-sensitivity`: runs only <see cref="Fig4bSensitivityExperiment"/> (model engine, about a minute),
    /// writes its two tables into <see cref="ExperimentContext.OutDir"/> and its section into the REPORT.md there (<see cref="Seed004Report.UpdateReport"/>).
    /// </summary>
    public static string RunSensitivityOnly(ExperimentContext ctx)
    {
        var paper = PaperValues.Load(RepoPaths.Experiment("seed004/expected.yaml"));
        Directory.CreateDirectory(ctx.OutDir);
        var r = Fig4bSensitivityExperiment.Run(ctx, paper);
        Save(ctx, r.SignalBound);
        Save(ctx, r.Crosstalk);
        string report = Path.Combine(ctx.OutDir, "REPORT.md");
        Seed004Report.UpdateReport(report, r);
        return report;
    }

    private static void Save(ExperimentContext ctx, ResultTable t) => ResultTableWriter.WriteParquet(t, Path.Combine(ctx.OutDir, t.Name + ".parquet"));
}

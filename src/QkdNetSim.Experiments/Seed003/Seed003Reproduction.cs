using System.Diagnostics;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// `qkdnetsim reproduce seed003`: Figs. 4-14 of Wang et al. (OFDM multi-carrier CV-QKD: modulation noise Eq. (15), worst-subcarrier
/// key rate, multi-carrier gain and optimal N) and the sample-level OFDM modulation simulation against Eq. (15), written to
/// ctx.OutDir as Parquet tables, PNG figures and REPORT.md. Each part is saved when done; the report is rewritten at the end,
/// also after an interruption.
/// </summary>
public static class Seed003Reproduction
{
    public static string Run(ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        var paper = Seed003Paper.Load();
        var protocols = Seed003Protocol.All(paper);
        Directory.CreateDirectory(ctx.OutDir);
        var report = new Seed003Report(ctx, paper, protocols);
        string Out(string name) => Path.Combine(ctx.OutDir, name);
        try
        {
            var qpsk = protocols[0];
            report.Fig4 = Seed003KeyRateExperiment.Fig4(qpsk);
            Save(ctx, report.Fig4);
            Seed003Figures.Fig4(report.Fig4, Out("fig4.png"));
            ctx.Progress?.Invoke("fig4", 1.0);

            report.Fig5 = Seed003KeyRateExperiment.WorstNoise(qpsk, paper.NullKeyRateDistanceKm);
            Save(ctx, report.Fig5);
            Seed003Figures.Fig5(report.Fig5, qpsk, paper.NullKeyRateMaxN, Out("fig5_qpsk.png"));
            ctx.Progress?.Invoke("fig5", 1.0);

            foreach (var p in protocols)
            {
                ctx.Cancel.ThrowIfCancellationRequested();
                var dist = Seed003KeyRateExperiment.VersusDistance(p);
                Save(ctx, dist);
                Seed003Figures.RateVsDistance(dist, p, Out($"fig{p.KeyRateFigures[0]}_{p.Slug}.png"));
                Seed003Figures.GainVsDistance(dist, p, Out($"fig{p.KeyRateFigures[1]}_{p.Slug}.png"));
                var (curves, optimal) = Seed003KeyRateExperiment.VersusN(p, paper.OptimalNToleranceRelative);
                Save(ctx, curves);
                Save(ctx, optimal);
                Seed003Figures.GainVsN(curves, optimal, p, Out($"fig{p.KeyRateFigures[2]}_{p.Slug}.png"));
                report.VersusDistance[p.Slug] = dist;
                report.Optimal[p.Slug] = optimal;
                ctx.Progress?.Invoke($"key rate {p.Slug}", 1.0);
            }

            report.Qam256Readings = Qam256ReadingExperiment.Run(protocols[1]);
            Save(ctx, report.Qam256Readings);

            var profiles = new List<(Seed003Protocol, ResultTable)>();
            foreach (var p in protocols)
            {
                var t = Seed003SimulationExperiment.Profiles(ctx, p);
                Save(ctx, t);
                report.Profiles[p.Slug] = t;
                profiles.Add((p, t));
                ctx.Progress?.Invoke($"sample-level profiles {p.Slug}", 1.0);
            }
            Seed003Figures.SimProfiles(profiles, Out("sim_profiles.png"));

            var sweeps = new List<(Seed003Protocol, ResultTable)>();
            foreach (var p in protocols)
            {
                var t = Seed003SimulationExperiment.MuSweep(ctx, p);
                Save(ctx, t);
                report.Sweeps[p.Slug] = t;
                sweeps.Add((p, t));
                ctx.Progress?.Invoke($"sample-level mu sweep {p.Slug}", 1.0);
            }
            Seed003Figures.SimMuSweep(sweeps, Out("sim_mu_sweep.png"));

            var simOpt = SimulatedNoiseOptimalNExperiment.NewOptimalTable();
            var simParts = new List<(Seed003Protocol, ResultTable, ResultTable)>();
            var simWall = Stopwatch.StartNew();
            foreach (var p in protocols)
            {
                var settings = SimulatedNoiseOptimalNExperiment.Settings.For(ctx, p);
                var (curves, _) = SimulatedNoiseOptimalNExperiment.Run(p, settings, ctx.Seed, ctx.Cancel, simOpt);
                Save(ctx, curves);
                Save(ctx, simOpt);
                simParts.Add((p, curves, simOpt));
                report.SimulatedNoiseOptimal = simOpt;
                report.SimulatedNoiseWallTimeS = simWall.Elapsed.TotalSeconds;
                report.Write(Out("REPORT.md"));
                ctx.Progress?.Invoke($"optimal N from simulated noise {p.Slug}", 1.0);
            }
            Seed003Figures.SimulatedNoiseGain(simParts, Out("optimal_n_simulated_noise.png"));
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

using QkdNetSim.Detectors;
using System.Diagnostics;
using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Experiments.Seed000;

/// <summary>
/// Key rates estimated from simulated samples converge to the analytic model (seed 000 Methods C, "key rate calculation
/// based on covariance matrix", Eqs. 21-25): (1) the 3-node network (<see cref="ThreeNodeExperiment.Network"/> at the fitted
/// V_M) with gamma_{A B1 B2} estimated from broadcast samples, cross-Bob covariances included; (2) one GG02 user at the
/// paper's practical parameters (Fig. 3b caption: V_M = 4, xi = 0.05, eta = 0.6, v_el = 0.1, beta = 0.956) at 20 km.
/// One independent run per sample count (log-spaced from 1e3, two per decade; four with --full, up to 1e8 rounds).
/// </summary>
public static class SampleConvergenceExperiment
{
    public const double SingleUserKm = 20, SingleUserVm = 4, SingleUserXi = 0.05, SingleUserEta = 0.6, SingleUserVel = 0.1, SingleUserBeta = 0.956;

    /// <param name="Table">Rows per (case, quantity, rounds): estimate, se, analytic, standardized error.</param>
    /// <param name="ModulationVarianceSnu">V_M of the 3-node network.</param>
    /// <param name="WallTimeS">Wall time of the whole study.</param>
    public sealed record Result(ResultTable Table, double ModulationVarianceSnu, long MaxRounds, double WallTimeS);

    public static Result Run(double fittedModulationVarianceSnu, ExperimentContext ctx)
    {
        var wall = Stopwatch.StartNew();
        long maxRounds = ctx.Full ? 100_000_000 : 10_000_000;
        var rounds = CvConvergence.LogSpaced(1_000, maxRounds, ctx.Full ? 4 : 2);
        var table = new ResultTable("sample_convergence", "case", "quantity", "rounds", "log10_rounds", "estimate_bits", "standard_error_bits",
            "analytic_bits", "standardized_error", "physical", "elapsed_s");

        var network = ThreeNodeExperiment.Network(fittedModulationVarianceSnu);
        foreach (var p in CvNetworkConvergence.Run(network, rounds, ctx.Seed ^ 0x5EED000UL, cancel: ctx.Cancel))
        {
            for (int i = 0; i < 2; i++)
                table.Add("3-node network", $"K_AB{i + 1}", p.Rounds, Math.Log10(p.Rounds), p.KeyRateBits(i) ?? double.NaN,
                    p.KeyRateStandardErrorBits(i) ?? double.NaN, p.Analytic.Users[i].KeyRate, p.StandardizedError(i), p.Estimate.IsPhysical, p.ElapsedSeconds);
            double tot = p.TotalBits ?? double.NaN, se = p.TotalStandardErrorBits ?? double.NaN;
            table.Add("3-node network", "K_tot", p.Rounds, Math.Log10(p.Rounds), tot, se, p.Analytic.Total, (tot - p.Analytic.Total) / se,
                p.Estimate.IsPhysical, p.ElapsedSeconds);
        }

        ctx.Cancel.ThrowIfCancellationRequested();
        var channel = CvUserChannel.Create(BroadcastNetwork.FibreTransmittance(SingleUserKm), SingleUserXi,
            new HeterodyneDetector(efficiencyFraction: SingleUserEta, electronicNoiseSnu: SingleUserVel));
        var single = Stopwatch.StartNew();
        foreach (var p in CvConvergence.Run(SingleUserVm, channel, SingleUserBeta, rounds, ctx.Seed ^ 0x5EED001UL))
            table.Add("GG02 single user, 20 km", "K", p.Rounds, Math.Log10(p.Rounds), p.KeyRate?.KeyRateBits ?? double.NaN,
                p.KeyRate?.StandardErrorBits ?? double.NaN, p.AnalyticKeyRateBits, p.StandardizedError, p.Estimate.IsPhysical, double.NaN);
        return new Result(table, fittedModulationVarianceSnu, maxRounds, wall.Elapsed.TotalSeconds);
    }
}

using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Analysis.Cv.Discrete.Numerical;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed001;

/// <summary>
/// The seed paper's own method for the lossy &amp; noisy channel (Sec. V): reliable numerical key rates with the quadrant key
/// map, dimension reduction and the two-step method (<see cref="NumericalQpskKeyRate"/>), beside the explicit bound and the
/// exact loss-only rate. N_T = 1 is the single-Bob problem at T/N (Figs. 6, 7, 8a); N_T = 2 is the two-Bob problem (Fig. 8b,
/// --full only). Alpha: the paper searches a fine grid around the analytical optimum; we take the loss-only optimum alpha_lo
/// and, under --full, the grid alpha_lo + 0.05 k, k = -4..1 (the noisy optimum lies at or below alpha_lo), keeping the best
/// certified rate. Points run in parallel; each is deterministic, so the tables do not depend on the core count.
/// </summary>
public static class Seed001Numerical
{
    /// <summary>Fig. 8b excess noise (our choice: the smallest value of our Fig. 8a, where the numerical rate meets the loss-only rate).</summary>
    public const double Fig8bExcessNoiseSnu = 1e-4;

    /// <summary>Fig. 8a noise levels for the numerical method (it cannot take xi = 0; 1e-4 SNU is the smallest, as the issue asks).</summary>
    public static readonly double[] Fig8aNoise = [1e-1, 5e-2, 2e-2, 1e-2, 5e-3, 2e-3, 1e-3, 1e-4];

    private static double T(double km) => Gg02KeyRate.TransmittanceOfFibre(km);

    private static int Cutoff(bool full) => full ? NumericalQpskKeyRate.DefaultCutoff : 6;

    private static double[] Alphas(bool full, double alphaLossOnly) =>
        full ? Enumerable.Range(-4, 6).Select(k => alphaLossOnly + 0.05 * k).Where(a => a > 0.05).ToArray() : [alphaLossOnly];

    private static NumericalKeyRateResult Best(IEnumerable<double> alphas, Func<double, NumericalKeyRateResult> rate) =>
        alphas.Select(rate).MaxBy(r => r.KeyRateBits)!;

    private static ResultTable Table(string name) => new(name, "bobs", "trusted", "distanceKm", "excessNoiseSnu", "cutoff", "alpha",
        "keyRateBits", "step1KeyRateBits", "weight", "correctionBits", "leakBits", "lossOnlyAlpha", "lossOnlyKeyRateBits", "boundKeyRateBits");

    private sealed record Point(int Bobs, int Trusted, double Km, double Xi);

    private static ResultTable Run(ExperimentContext ctx, string name, IReadOnlyList<Point> points, bool optimiseAlpha = true)
    {
        var rows = new object[points.Count][];
        Parallel.For(0, points.Count, new ParallelOptions { CancellationToken = ctx.Cancel }, i =>
        {
            var (n, nT, km, xi) = points[i];
            var scenario = nT == 1 ? TrustScenario.OnlyKeyBob(n) : TrustScenario.Create(n, nT, nT == n ? TrustKind.All : TrustKind.Partial);
            var lo = LossOnlyMultiUserKeyRate.Optimal(T(km), scenario, Seed001Curves.Beta);
            double tBob = scenario.KeyBobTransmittance(T(km));
            int cutoff = nT == 1 ? Cutoff(ctx.Full) : NumericalQpskKeyRate.DefaultTwoBobCutoff;
            var best = Best(optimiseAlpha ? Alphas(ctx.Full, lo.Alpha) : [lo.Alpha], a => nT == 1
                ? NumericalQpskKeyRate.Compute(a, tBob, xi, Seed001Curves.Beta, cutoff)
                : NumericalQpskKeyRate.ForScenario(scenario, a, T(km), xi, Seed001Curves.Beta));
            double bound = NoisyMultiUserKeyRate.Compute(best.Alpha, T(km), scenario, xi, Seed001Curves.Beta, MutualInformationModel.QuadrantKeyMap).KeyRateBits;
            rows[i] = [n, nT, km, xi, cutoff, best.Alpha, best.KeyRateBits, best.Step1KeyRateBits, best.Weight, best.CorrectionBits, best.LeakBits,
                lo.Alpha, lo.KeyRateBits, bound];
        });
        var t = Table(name);
        foreach (var r in rows) t.Add(r);
        return t;
    }

    /// <summary>Fig. 6 with the numerical method: xi = 0.01, N_T = 1, N = 2 and 8.</summary>
    public static ResultTable Fig6(ExperimentContext ctx)
    {
        double[] km = ctx.Full ? [0, 5, 10, 15, 20, 25, 30, 40, 50] : [10];
        return Run(ctx, "fig6_numerical", [.. from n in new[] { 2, 8 } from d in km select new Point(n, 1, d, Seed001Curves.ExcessNoiseSnu)]);
    }

    /// <summary>Fig. 7 with the numerical method: N Bobs at 10 km, xi = 0.01, N_T = 1.</summary>
    public static ResultTable Fig7(ExperimentContext ctx)
    {
        int[] bobs = ctx.Full ? [1, 2, 4, 8, 10, 12, 16, 24, 32, 48, 64] : [10, 64];
        return Run(ctx, "fig7_numerical", [.. bobs.Select(n => new Point(n, 1, Seed001Curves.Fig7DistanceKm, Seed001Curves.ExcessNoiseSnu))]);
    }

    /// <summary>
    /// Fig. 8a with the numerical method: N = 1 at 20 km, alpha fixed at the loss-only optimum (as the paper does), xi down to
    /// 1e-4 SNU: the certified rate approaches the exact loss-only rate.
    /// </summary>
    public static ResultTable Fig8a(ExperimentContext ctx)
    {
        double[] noise = ctx.Full ? Fig8aNoise : [1e-2, 1e-4];
        return Run(ctx, "fig8a_numerical", [.. noise.Select(xi => new Point(1, 1, Seed001Curves.Fig8DistanceKm, xi))], optimiseAlpha: false);
    }

    /// <summary>Fig. 8b (--full only): two trusted Bobs (N = 2) and two trusted of three (N = 3), xi = 1e-4, against the loss-only rate.</summary>
    public static ResultTable Fig8b(ExperimentContext ctx) =>
        Run(ctx, "fig8b", [.. from n in new[] { 2, 3 } from d in new[] { 5.0, 10, 20, 30, 40 } select new Point(n, 2, d, Fig8bExcessNoiseSnu)]);
}

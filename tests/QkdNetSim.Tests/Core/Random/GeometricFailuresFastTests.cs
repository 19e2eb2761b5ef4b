using QkdNetSim.Core.Random;

namespace QkdNetSim.Tests.Core.Random;

/// <summary>
/// <see cref="Samplers.GeometricFailuresFast"/> (floor(E / lambda), E ~ Exp(1) from the ziggurat) is the countdown of the
/// detector pair's afterpulse and crosstalk trials, so a bias here is a bias in every secondary click of both engines.
/// Checked against the geometric law written out here, P(K = k) = p (1-p)^k, not against the other sampler: Pearson
/// chi-square rejecting at p = 1e-6 and 5-sigma z-tests of mean and variance (<see cref="Stat"/>).
/// </summary>
[Trait("Category", "Statistical")]
public class GeometricFailuresFastTests
{
    /// <summary>1/lambda = -1/ln(1-p), computed here with Math.Log(1-p) (p >= 1e-6 keeps the rounding of 1 - p below 1e-10 relative).</summary>
    private static double InvLambda(double p) => -1.0 / Math.Log(1.0 - p);

    [Theory]
    [InlineData(0.5, 300_000)]
    [InlineData(0.0429, 300_000)]  // seed 004 per-avalanche afterpulse probability 0.045 / 1.064
    [InlineData(0.0179, 300_000)]  // seed 004 per-avalanche crosstalk probability 0.019 / 1.064
    [InlineData(1e-3, 300_000)]
    public void Geometric_fast_sampler_matches_the_geometric_pmf_and_its_moments(double p, int draws)
    {
        var rng = new Xoshiro256(2025);
        double inv = InvLambda(p);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.GeometricFailuresFast(ref rng, inv);
        // Cells up to the 1 - 1e-5 quantile; the last cell holds the tail P(K >= cells-1) = (1-p)^(cells-1).
        int cells = (int)Math.Min(20_000, Math.Ceiling(Math.Log(1e-5) / Math.Log(1 - p)) + 1);
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(k => p * Math.Pow(1 - p, k), cells), draws, $"GeometricFast({p})");
        // Geometric on {0, 1, ...}: mean q/p, variance q/p^2, excess kurtosis 6 + p^2/q, so mu4 = var^2 (9 + p^2/q).
        double q = 1 - p, variance = q / (p * p);
        Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), q / p, variance, variance * variance * (9 + p * p / q), $"GeometricFast({p})");
    }

    [Fact]
    public void GeometricFastSamplerHasTheExactTailFarOut()
    {
        // P(K >= k) = (1-p)^k exactly (the sampler's claim); at p = 0.05 and k = 200 that is 3.5e-5, i.e. 70 of 2e6 draws
        // (Poisson sd 8.4: 5 sigma = 42). A sampler that clipped the exponential tail (a ziggurat without its tail branch,
        // x > 7.7 has probability 4.5e-4, i.e. k > 150 here) would give ~0 counts.
        const double p = 0.05;
        const int draws = 2_000_000;
        var rng = new Xoshiro256(77);
        double inv = InvLambda(p);
        int[] thresholds = [100, 150, 200, 250];
        var counts = new long[thresholds.Length];
        for (int i = 0; i < draws; i++)
        {
            long k = Samplers.GeometricFailuresFast(ref rng, inv);
            for (int j = 0; j < thresholds.Length; j++) if (k >= thresholds[j]) counts[j]++;
        }
        for (int j = 0; j < thresholds.Length; j++)
        {
            double expected = draws * Math.Pow(1 - p, thresholds[j]);
            Assert.True(Math.Abs(counts[j] - expected) < 5 * Math.Sqrt(expected) + 1,
                $"P(K >= {thresholds[j]}): {counts[j]} draws, expected {expected:F1}");
        }
    }

    [Fact]
    public void GeometricFastSamplerMeanIsUnbiasedForTinyP()
    {
        // p = 1e-6: mean q/p ~ 1e6, sd ~ 1e6; 2e5 draws check the mean to 5 sd/sqrt(N) = 1.1 % relative. The floor() of
        // E/lambda costs exactly 1/2 - O(p) relative to E/lambda, which this resolves only as part of the exact mean.
        const double p = 1e-6;
        const int draws = 200_000;
        var rng = new Xoshiro256(99);
        double inv = InvLambda(p);
        var xs = new double[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.GeometricFailuresFast(ref rng, inv);
        double q = 1 - p, variance = q / (p * p);
        Stat.MeanAndVariance(xs, q / p, variance, variance * variance * (9 + p * p / q), "GeometricFast(1e-6)");
    }
}

using MathNet.Numerics.Distributions;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Tests.Core.Random;

/// <summary>
/// Distributional exactness of <see cref="Samplers"/>. Chi-square tests pool cells to >= 10 expected counts and
/// reject at p = 1e-6; moment tests allow 5 standard errors of the sample mean / sample variance
/// (see <see cref="Stat"/>). Sample sizes are chosen so these tolerances are tight relative to the biases
/// an inexact method (normal approximation, truncation, float underflow) would produce.
/// </summary>
public class SamplerTests
{
    // ---------------- Geometric ----------------

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(0.3, 200_000)]
    [InlineData(0.02, 200_000)]
    [InlineData(1e-4, 200_000)]
    public void GeometricFailuresMatchesPmf(double p, int draws)
    {
        var rng = new Xoshiro256(101);
        double inv = Samplers.InvLogOneMinus(p);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.GeometricFailures(ref rng, inv);
        // Cells up to the 1 - 1e-5 quantile; the last cell holds the tail P(X >= cells-1) = (1-p)^(cells-1).
        int cells = (int)Math.Min(20_000, Math.Ceiling(Math.Log(1e-5) / Math.Log(1 - p)) + 1);
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(k => p * Math.Pow(1 - p, k), cells), draws, $"Geometric({p})");
        double q = 1 - p;
        double mean = q / p, variance = q / (p * p);
        // Fourth central moment: excess kurtosis of the geometric law is 6 + p^2/q, so mu4 = var^2 (9 + p^2/q).
        double mu4 = variance * variance * (9 + p * p / q);
        Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), mean, variance, mu4, $"Geometric({p})");
    }

    [Fact]
    public void GeometricWithPOneHasNoFailures()
    {
        var rng = new Xoshiro256(1);
        double inv = Samplers.InvLogOneMinus(1);
        for (int i = 0; i < 1000; i++) Assert.Equal(0, Samplers.GeometricFailures(ref rng, inv));
        Assert.Throws<ArgumentOutOfRangeException>(() => Samplers.InvLogOneMinus(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Samplers.InvLogOneMinus(1.5));
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-10)]
    [InlineData(1e-13)]
    [InlineData(1e-17)]
    public void InvLogOneMinusIsAccurateForTinyP(double p)
    {
        // Deterministic accuracy, not statistics: the mean of the geometric law is ~ -1/ln(1-p) - 1/2, and a skip
        // over 1e12 pulses must not be biased by the rounding of 1 - p (relative error up to 1.1e-16/p).
        // Series: 1/ln(1-p) = -1/p + 1/2 + p/12 + ...; require 1e-12 relative accuracy.
        double exact = -1 / p + 0.5 + p / 12;
        double got = Samplers.InvLogOneMinus(p);
        Assert.True(Math.Abs(got / exact - 1) < 1e-12, $"InvLogOneMinus({p}) = {got}, expected {exact}");
    }

    // ---------------- Poisson ----------------

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(0.3)]
    [InlineData(5.0)]
    [InlineData(29.9)]   // largest means handled by inversion
    [InlineData(31.0)]   // just above the threshold: one gamma/binomial step, then inversion
    [InlineData(80.0)]
    public void PoissonSmallMeansChiSquare(double mean)
    {
        const int draws = 300_000;
        var rng = new Xoshiro256(202);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.Poisson(ref rng, mean);
        int cells = (int)(mean + 10 * Math.Sqrt(mean) + 10);
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(k => MathNet.Numerics.Distributions.Poisson.PMF(mean, k), cells), draws, $"Poisson({mean})");
        Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), mean, mean, mean * (1 + 3 * mean), $"Poisson({mean})");
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(1e4, 100_000)]
    [InlineData(1e9, 20_000)]
    [InlineData(3.3e12, 5_000)]
    public void PoissonLargeMeansMoments(double mean, int draws)
    {
        // Poisson: var = mean, mu4 = mean (1 + 3 mean). For mean 1e9 and 2e4 draws the mean is checked to
        // 5 * sqrt(1e9 / 2e4) = 1.1e3, i.e. 1.1e-6 relative, and the variance to 5 * sqrt(2/N) = 5% relative.
        var rng = new Xoshiro256(203);
        var xs = new double[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.Poisson(ref rng, mean);
        Stat.MeanAndVariance(xs, mean, mean, mean * (1 + 3 * mean), $"Poisson({mean})");
    }

    [Fact]
    public void PoissonZeroMeanIsZero()
    {
        var rng = new Xoshiro256(204);
        for (int i = 0; i < 100; i++) Assert.Equal(0, Samplers.Poisson(ref rng, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => { var r = new Xoshiro256(1); Samplers.Poisson(ref r, -1); });
    }

    // ---------------- Zero-truncated Poisson ----------------

    private static double ZtpPmf(double mean, int k) =>
        k == 0 ? 0 : Math.Exp(-mean + k * Math.Log(mean) - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1)) / -MathNet.Numerics.SpecialFunctions.Expm1(-mean);

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(1e-3)]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    [InlineData(25.0)]
    public void ZeroTruncatedPoissonChiSquare(double mean)
    {
        const int draws = 300_000;
        var rng = new Xoshiro256(303);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.ZeroTruncatedPoisson(ref rng, mean);
        Assert.DoesNotContain(0L, xs);
        int cells = (int)(mean + 10 * Math.Sqrt(mean) + 12);
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(k => ZtpPmf(mean, k), cells), draws, $"ZTPoisson({mean})");
        var (m, v, m4) = Stat.Moments(k => ZtpPmf(mean, k), cells * 3);
        Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), m, v, m4, $"ZTPoisson({mean})");
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(1e-12)]
    [InlineData(800.0)]
    [InlineData(5000.0)]
    public void ZeroTruncatedPoissonExtremeMeans(double mean)
    {
        // Tiny mean: P(K >= 2) = mean/2 + O(mean^2) ~ 5e-13, so 1e5 draws must all be 1 (P(any 2) ~ 5e-8).
        // Large mean: truncation is negligible (e^-800), so mean and variance are those of Poisson(mean),
        // checked to 5 standard errors; an inversion whose e^-mean underflows would return garbage here.
        var rng = new Xoshiro256(304);
        const int draws = 100_000;
        var xs = new double[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.ZeroTruncatedPoisson(ref rng, mean);
        if (mean < 1) Assert.All(xs, x => Assert.Equal(1.0, x));
        else Stat.MeanAndVariance(xs, mean, mean, mean * (1 + 3 * mean), $"ZTPoisson({mean})");
    }

    // ---------------- Binomial ----------------

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(10L, 0.3)]
    [InlineData(1L, 0.5)]
    [InlineData(100L, 0.29)]   // n p = 29: inversion
    [InlineData(100L, 0.31)]   // n p = 31: one order-statistic step, then inversion
    [InlineData(65L, 0.47)]    // smallest n that recurses; the recursion leaves p/x close to 1 fairly often
    [InlineData(1000L, 0.0299)]
    [InlineData(1000L, 0.0301)]
    [InlineData(200L, 0.4999)]
    [InlineData(200L, 0.7)]    // p > 1/2 by symmetry
    [InlineData(10_000L, 0.2)]
    [InlineData(64L, 0.999999)]
    public void BinomialChiSquare(long n, double p)
    {
        const int draws = 300_000;
        var rng = new Xoshiro256(404);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++)
        {
            xs[i] = Samplers.Binomial(ref rng, n, p);
            Assert.InRange(xs[i], 0, n);
        }
        int cells = (int)n + 1;
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(k => MathNet.Numerics.Distributions.Binomial.PMF(p, (int)n, k), cells), draws, $"Binomial({n},{p})");
        double q = 1 - p, v = n * p * q;
        if (n > 1) Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), n * p, v, v * (1 + 3 * p * q * (n - 2)), $"Binomial({n},{p})"); // n = 1, p = 1/2: s^2 has zero asymptotic variance
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(100_000_000_000L, 0.0078, 20_000)]
    [InlineData(100_000_000_000L, 0.5, 5_000)]
    [InlineData(100_000_000_000L, 1e-12, 100_000)]   // n p = 0.1: direct inversion with (1-p)^n
    [InlineData(1_000_000_000_000_000L, 0.3, 2_000)]
    public void BinomialHugeNMoments(long n, double p, int draws)
    {
        // var = npq, mu4 = npq (1 + 3 pq (n - 2)); for n = 1e11, p = 0.0078 and 2e4 draws the mean is checked
        // to 5 sqrt(npq / N) ~ 1e3, i.e. 1.3e-6 relative: a normal approximation would pass that, but the same
        // test at small n p (above) would not, and the recursion is the same code path at every n.
        var rng = new Xoshiro256(405);
        var xs = new double[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.Binomial(ref rng, n, p);
        double q = 1 - p, v = n * p * q;
        Stat.MeanAndVariance(xs, n * p, v, v * (1 + 3 * p * q * (n - 2)), $"Binomial({n},{p})");
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(100L, 0.31)]      // one step at the mean, then inversion
    [InlineData(65L, 0.47)]
    [InlineData(129L, 0.4999999)] // p' = p / x lands next to 1: the flip to 1 - p' must stay exact
    [InlineData(5_000L, 0.01)]    // n p = 50
    [InlineData(20_000L, 0.002)]
    [InlineData(3_000L, 0.8)]     // p > 1/2 folded into the running offset
    public void Binomial_split_at_the_mean_follows_the_binomial_law(long n, double p)
    {
        // Same acceptance as BinomialChiSquare (chi-square at p = 1e-6, 5-sigma moments); 2e5 draws.
        const int draws = 200_000;
        var rng = new Xoshiro256(411);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++)
        {
            xs[i] = Samplers.BinomialMeanSplit(ref rng, n, p);
            Assert.InRange(xs[i], 0, n);
        }
        int cells = (int)n + 1;
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(k => MathNet.Numerics.Distributions.Binomial.PMF(p, (int)n, k), cells), draws, $"BinomialMeanSplit({n},{p})");
        double q = 1 - p, v = n * p * q;
        Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), n * p, v, v * (1 + 3 * p * q * (n - 2)), $"BinomialMeanSplit({n},{p})");
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(10_000_000_000_000L, 1e-3, 20_000)] // a span's gates of one bin
    [InlineData(100_000_000_000L, 0.5, 5_000)]
    public void Binomial_split_at_the_mean_has_the_binomial_moments_at_huge_n(long n, double p, int draws)
    {
        // Moments to 5 standard errors of the sample mean and variance (var = npq, mu4 = npq (1 + 3 pq (n - 2))).
        var rng = new Xoshiro256(412);
        var xs = new double[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.BinomialMeanSplit(ref rng, n, p);
        double q = 1 - p, v = n * p * q;
        Stat.MeanAndVariance(xs, n * p, v, v * (1 + 3 * p * q * (n - 2)), $"BinomialMeanSplit({n},{p})");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void A_multinomial_table_draws_the_multinomial_law_with_stragglers_drawn_one_by_one()
    {
        // Five categories incl. a zero and two tiny ones; n = 40 runs binomials for the heavy categories and then the
        // individual draws (at most 8 left). Marginal counts are Binomial(n, p_i): chi-square per category at p = 1e-6.
        double[] w = { 0.0, 5, 1e-3, 3, 2e-3 };
        var table = new MultinomialTable(w);
        const int draws = 100_000, n = 40;
        double total = w.Sum();
        var rng = new Xoshiro256(413);
        var counts = new long[w.Length];
        var xs = w.Select(_ => new long[draws]).ToArray();
        for (int i = 0; i < draws; i++)
        {
            table.Sample(ref rng, n, counts);
            Assert.Equal(n, counts.Sum());
            for (int c = 0; c < w.Length; c++) xs[c][i] = counts[c];
        }
        Assert.All(xs[0], x => Assert.Equal(0, x));
        for (int c = 1; c < w.Length; c++)
        {
            double p = w[c] / total;
            Stat.ChiSquare(Stat.Histogram(xs[c], n + 1), Stat.CellProbabilities(k => MathNet.Numerics.Distributions.Binomial.PMF(p, n, k), n + 1), draws, $"category {c}");
        }
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void BinomialNearHalfTerminatesAndIsExact()
    {
        // n = 129, p just below 1/2: the first order statistic x (the 65th of 129 uniforms, sd ~ 0.044) lands
        // within a relative 1e-5 of p in ~4e-5 of draws, leaving n = 64 and p/x within 1e-5 of 1, where
        // (1 - p/x)^64 underflows. 1e6 draws hit that ~40 times; the test checks termination and the law.
        const long n = 129;
        const double p = 0.4999999;
        const int draws = 1_000_000;
        var rng = new Xoshiro256(407);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.Binomial(ref rng, n, p);
        Stat.ChiSquare(Stat.Histogram(xs, (int)n + 1), Stat.CellProbabilities(k => MathNet.Numerics.Distributions.Binomial.PMF(p, (int)n, k), (int)n + 1), draws, "Binomial(129, 0.4999999)");
    }

    [Fact]
    public void BinomialEdgeCases()
    {
        var rng = new Xoshiro256(406);
        Assert.Equal(0, Samplers.Binomial(ref rng, 0, 0.4));
        Assert.Equal(0, Samplers.Binomial(ref rng, 1000, 0));
        Assert.Equal(1000, Samplers.Binomial(ref rng, 1000, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => { var r = new Xoshiro256(1); Samplers.Binomial(ref r, -1, 0.5); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { var r = new Xoshiro256(1); Samplers.Binomial(ref r, 10, 1.5); });
    }

    // ---------------- Gamma ----------------

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(0.5, 400_000)]
    [InlineData(1.0, 400_000)]
    [InlineData(3.7, 400_000)]
    [InlineData(1e6, 200_000)]
    public void GammaMomentsAndCdf(double shape, int draws)
    {
        // Gamma(k, 1): mean = var = k, mu4 = 3k(k + 2). The chi-square uses 50 equiprobable cells
        // from MathNet's inverse CDF, so it tests the whole shape, not just two moments.
        var rng = new Xoshiro256(505);
        var xs = new double[draws];
        for (int i = 0; i < draws; i++) xs[i] = Samplers.Gamma(ref rng, shape);
        Stat.MeanAndVariance(xs, shape, shape, 3 * shape * (shape + 2), $"Gamma({shape})");
        const int cells = 50;
        var edges = Enumerable.Range(1, cells - 1).Select(j => MathNet.Numerics.Distributions.Gamma.InvCDF(shape, 1, (double)j / cells)).ToArray();
        var h = new long[cells];
        foreach (double x in xs)
        {
            Assert.True(x > 0);
            int c = Array.BinarySearch(edges, x);
            h[c >= 0 ? c + 1 : ~c]++;
        }
        Stat.ChiSquare(h, Enumerable.Repeat(1.0 / cells, cells).ToArray(), draws, $"Gamma({shape})");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void BetaMoments()
    {
        // Beta(a, b): mean a/(a+b), var ab/((a+b)^2 (a+b+1)); mu4 from MathNet-independent closed form would be
        // long, so use the CDF chi-square on 40 equiprobable cells instead.
        const double a = 2.5, b = 0.7;
        const int draws = 300_000, cells = 40;
        var rng = new Xoshiro256(506);
        var edges = Enumerable.Range(1, cells - 1).Select(j => MathNet.Numerics.Distributions.Beta.InvCDF(a, b, (double)j / cells)).ToArray();
        var h = new long[cells];
        for (int i = 0; i < draws; i++)
        {
            double x = Samplers.Beta(ref rng, a, b);
            int c = Array.BinarySearch(edges, x);
            h[c >= 0 ? c + 1 : ~c]++;
        }
        Stat.ChiSquare(h, Enumerable.Repeat(1.0 / cells, cells).ToArray(), draws, "Beta(2.5,0.7)");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void StandardNormalCdf()
    {
        const int draws = 400_000, cells = 50;
        var rng = new Xoshiro256(507);
        var edges = Enumerable.Range(1, cells - 1).Select(j => Normal.InvCDF(0, 1, (double)j / cells)).ToArray();
        var h = new long[cells];
        for (int i = 0; i < draws; i++)
        {
            int c = Array.BinarySearch(edges, Samplers.StandardNormal(ref rng));
            h[c >= 0 ? c + 1 : ~c]++;
        }
        Stat.ChiSquare(h, Enumerable.Repeat(1.0 / cells, cells).ToArray(), draws, "N(0,1)");
    }

    // ---------------- Multinomial ----------------

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(1000L, new[] { 0.1, 0.2, 0.3, 0.4, 0.0 })]
    [InlineData(1000L, new[] { 1.0, 2.0, 0.0, 3.0, 4.0 })]   // unnormalised weights are normalised
    [InlineData(50_000_000_000L, new[] { 0.5, 1e-9, 0.25, 0.25 - 1e-9 })]
    public void MultinomialSumsToNAndMarginalsAreBinomial(long n, double[] probs)
    {
        // Each marginal count is Binomial(n, p_i / sum p): var = n p q, mu4 = npq (1 + 3pq(n-2)), 5-sigma z-tests.
        const int draws = 20_000;
        double total = probs.Sum();
        var rng = new Xoshiro256(606);
        var counts = new long[probs.Length];
        var marg = new double[probs.Length][];
        for (int j = 0; j < probs.Length; j++) marg[j] = new double[draws];
        for (int i = 0; i < draws; i++)
        {
            Samplers.Multinomial(ref rng, n, probs, counts);
            Assert.Equal(n, counts.Sum());
            for (int j = 0; j < probs.Length; j++)
            {
                Assert.True(counts[j] >= 0);
                if (probs[j] == 0) Assert.Equal(0, counts[j]);
                marg[j][i] = counts[j];
            }
        }
        for (int j = 0; j < probs.Length; j++)
        {
            if (probs[j] == 0) continue;
            double p = probs[j] / total, q = 1 - p, v = n * p * q;
            Stat.MeanAndVariance(marg[j], n * p, v, v * (1 + 3 * p * q * (n - 2)), $"Multinomial marginal {j}");
        }
    }

    [Fact]
    public void MultinomialNeverLeaksIntoZeroProbabilityTail()
    {
        // With probabilities {0.1, 0.3, 0.6, 0} a running "remaining mass" 1 - 0.1 - 0.3 rounds to slightly
        // more than 0.6, so the conditional probability of the last positive category is 1 - 2.2e-16 and, at
        // n = 1e15, about 0.13 trials per draw would leak into the zero-probability category.
        var rng = new Xoshiro256(607);
        double[] probs = { 0.1, 0.3, 0.6, 0.0 };
        var counts = new long[4];
        for (int i = 0; i < 500; i++)
        {
            Samplers.Multinomial(ref rng, 1_000_000_000_000_000L, probs, counts);
            Assert.Equal(0, counts[3]);
            Assert.Equal(1_000_000_000_000_000L, counts.Sum());
        }
    }
}

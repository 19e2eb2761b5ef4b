using MathNet.Numerics.Distributions;

namespace QkdNetSim.Tests.Core.Random;

/// <summary>
/// Shared goodness-of-fit checks. Every test uses a fixed seed, so it is deterministic; the tolerances are
/// nevertheless derived from the sampling distribution of the statistic (5 sigma, or a chi-square quantile
/// at p = 1e-6), so a correct sampler would fail with a fresh seed only about once in a million runs while
/// a biased one is caught as soon as the bias exceeds a few standard errors.
/// </summary>
internal static class Stat
{
    /// <summary>Upper-tail probability at which a chi-square test rejects: ~ the two-sided 5-sigma level.</summary>
    public const double ChiSquarePValue = 1e-6;

    /// <summary>Number of standard errors allowed for z-tests (two-sided p ~ 5.7e-7).</summary>
    public const double Sigmas = 5.0;

    /// <summary>
    /// Pearson chi-square of observed counts against expected probabilities. Adjacent cells are pooled
    /// (from the left, and everything left over into the last pooled cell) until each has an expected count
    /// of at least 10, so the chi-square approximation to the statistic's law is good. The probability
    /// mass not covered by <paramref name="probabilities"/> (an infinite tail) must be folded in by the caller.
    /// </summary>
    public static void ChiSquare(long[] observed, double[] probabilities, long n, string what)
    {
        Assert.Equal(observed.Length, probabilities.Length);
        var obs = new List<double>();
        var exp = new List<double>();
        double o = 0, e = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            if (probabilities[i] == 0)
            {
                Assert.True(observed[i] == 0, $"{what}: outcome {i} has probability 0 but was drawn {observed[i]} times");
                continue;
            }
            o += observed[i];
            e += probabilities[i] * n;
            if (e >= 10) { obs.Add(o); exp.Add(e); o = 0; e = 0; }
        }
        if (e > 0 || o > 0)
        {
            if (exp.Count == 0) { obs.Add(o); exp.Add(e); }
            else { obs[^1] += o; exp[^1] += e; }
        }
        Assert.True(exp.Count >= 2, $"{what}: too few cells for a chi-square test");
        double chi2 = 0;
        for (int i = 0; i < obs.Count; i++) chi2 += (obs[i] - exp[i]) * (obs[i] - exp[i]) / exp[i];
        int df = obs.Count - 1;
        double critical = ChiSquared.InvCDF(df, 1 - ChiSquarePValue);
        Assert.True(chi2 < critical, $"{what}: chi2 = {chi2:F1} >= {critical:F1} (df = {df}, p = {ChiSquarePValue})");
    }

    /// <summary>Histogram of integer draws into cells 0..cells-1; the last cell collects everything >= cells-1.</summary>
    public static long[] Histogram(IEnumerable<long> draws, int cells)
    {
        var h = new long[cells];
        foreach (long x in draws)
        {
            Assert.True(x >= 0, $"negative draw {x}");
            h[x >= cells - 1 ? cells - 1 : (int)x]++;
        }
        return h;
    }

    /// <summary>pmf(0..cells-2) and the upper tail P(X >= cells-1) in the last cell, matching <see cref="Histogram"/>.</summary>
    public static double[] CellProbabilities(Func<int, double> pmf, int cells)
    {
        var p = new double[cells];
        double sum = 0;
        for (int k = 0; k < cells - 1; k++) { p[k] = pmf(k); sum += p[k]; }
        p[cells - 1] = Math.Max(0, 1 - sum);
        return p;
    }

    /// <summary>
    /// z-tests of the sample mean and sample variance. Standard errors: sqrt(var/N) for the mean and
    /// sqrt((mu4 - var^2)/N) for the variance (the large-N variance of s^2), where mu4 is the fourth
    /// central moment of the law. Deviations are accumulated around the true mean so that huge means
    /// (1e9, 1e11 * p) lose no precision.
    /// </summary>
    public static void MeanAndVariance(IReadOnlyList<double> draws, double mean, double variance, double mu4, string what)
    {
        int n = draws.Count;
        double s1 = 0, s2 = 0;
        foreach (double x in draws) { double d = x - mean; s1 += d; s2 += d * d; }
        double meanDev = s1 / n;
        double sampleVar = (s2 - n * meanDev * meanDev) / (n - 1);
        double seMean = Math.Sqrt(variance / n);
        double seVar = Math.Sqrt((mu4 - variance * variance) / n);
        Assert.True(Math.Abs(meanDev) < Sigmas * seMean,
            $"{what}: mean {mean + meanDev} vs {mean}: z = {meanDev / seMean:F2}");
        Assert.True(Math.Abs(sampleVar - variance) < Sigmas * seVar,
            $"{what}: variance {sampleVar} vs {variance}: z = {(sampleVar - variance) / seVar:F2}");
    }

    /// <summary>Mean, variance and fourth central moment of a discrete law given by its pmf on 0..maxK.</summary>
    public static (double Mean, double Var, double Mu4) Moments(Func<int, double> pmf, int maxK)
    {
        double m = 0;
        for (int k = 0; k <= maxK; k++) m += k * pmf(k);
        double v = 0, m4 = 0;
        for (int k = 0; k <= maxK; k++) { double d = k - m, p = pmf(k); v += d * d * p; m4 += d * d * d * d * p; }
        return (m, v, m4);
    }
}

using System.Runtime.CompilerServices;

namespace QkdNetSim.Core.Random;

/// <summary>
/// Exact samplers on top of <see cref="Xoshiro256"/>. Every method is exact in distribution (no normal
/// approximation), so skip-ahead simulation stays statistically identical to per-pulse stepping.
/// </summary>
public static class Samplers
{
    /// <summary>
    /// Number of failures before the first success of Bernoulli(p) trials, given 1/ln(1-p)
    /// (precomputed by the caller). Geometric law by inversion: floor(ln U / ln(1-p)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long GeometricFailures(ref Xoshiro256 rng, double invLogOneMinusP)
    {
        double g = Math.Log(rng.NextDoubleNonZero()) * invLogOneMinusP;
        return g >= 9.0e18 ? long.MaxValue / 4 : (long)g;
    }

    /// <summary>
    /// Failures before the first success of Bernoulli(p) trials as floor(E / lambda), E ~ Exp(1), lambda = -ln(1-p)
    /// (exact: P(floor(E/lambda) >= k) = e^(-k lambda) = (1-p)^k), with a ziggurat exponential instead of a logarithm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long GeometricFailuresFast(ref Xoshiro256 rng, double invLambda)
    {
        double g = ZigguratExponential.Next(ref rng) * invLambda;
        return g >= 9.0e18 ? long.MaxValue / 4 : (long)g;
    }

    /// <summary>1/ln(1-p) for <see cref="GeometricFailures"/>; p in (0,1]. For p = 1 returns 0 (no failures).</summary>
    public static double InvLogOneMinus(double p)
    {
        if (p <= 0 || p > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "success probability must be in (0,1]");
        return p >= 1 ? 0.0 : 1.0 / Log1P(-p); // not Math.Log(1 - p): 1 - p rounds, relative error ~1e-16/p
    }

    /// <summary>ln(1 + x) accurate for small |x| (Goldberg's trick, ACM Comput. Surv. 23 (1991) 5, thm 4); x &gt; -1.</summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x - 1 accurate for small |x| (Kahan's trick, same idea as <see cref="Log1P"/>).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1) return -1;
        return double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>Standard normal by Marsaglia's polar method.</summary>
    public static double StandardNormal(ref Xoshiro256 rng)
    {
        while (true)
        {
            double u = 2 * rng.NextDouble() - 1, v = 2 * rng.NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>Gamma(shape, 1) by Marsaglia &amp; Tsang, ACM TOMS 26 (2000) 363; shape &lt; 1 via the U^(1/a) boost.</summary>
    public static double Gamma(ref Xoshiro256 rng, double shape)
    {
        if (shape <= 0) throw new ArgumentOutOfRangeException(nameof(shape));
        if (shape < 1)
            return Gamma(ref rng, shape + 1) * Math.Pow(rng.NextDoubleNonZero(), 1 / shape);
        double d = shape - 1.0 / 3.0, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = StandardNormal(ref rng); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = rng.NextDoubleNonZero();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Beta(a, b) as G_a / (G_a + G_b).</summary>
    public static double Beta(ref Xoshiro256 rng, double a, double b)
    {
        double x = Gamma(ref rng, a), y = Gamma(ref rng, b);
        return x / (x + y);
    }

    /// <summary>Poisson(mean): inversion for small means, exact gamma recursion (Knuth TAOCP 3.4.1F) for large.</summary>
    public static long Poisson(ref Xoshiro256 rng, double mean)
    {
        if (mean < 0 || double.IsNaN(mean)) throw new ArgumentOutOfRangeException(nameof(mean));
        long offset = 0;
        while (mean > 30)
        {
            long m = (long)(mean * 0.875);
            double x = Gamma(ref rng, m);
            if (x >= mean) return offset + Binomial(ref rng, m - 1, mean / x);
            offset += m;
            mean -= x;
        }
        return offset + PoissonInversion(ref rng, mean);
    }

    /// <summary>Poisson(mean) by sequential-search inversion; meant for mean &lt;= 30 (as called by <see cref="Poisson"/>): it stops at k = 1000.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PoissonInversion(ref Xoshiro256 rng, double mean) => PoissonInversion(ref rng, mean, Math.Exp(-mean));

    /// <summary>Poisson by inversion with exp(-mean) precomputed by the caller (hot paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PoissonInversion(ref Xoshiro256 rng, double mean, double expMinusMean)
    {
        double u = rng.NextDouble();
        double p = expMinusMean, cdf = p;
        int k = 0;
        while (u >= cdf && k < 1000)
        {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    /// <summary>
    /// Poisson(mean) conditioned on being at least 1 (zero-truncated). Small means: inversion of the
    /// conditional pmf P(k | k &gt;= 1) = mean^k / (k! (e^mean - 1)), computed with an accurate e^mean - 1 so tiny
    /// means stay exact; means above 8: rejection of zeros from <see cref="Poisson"/> (acceptance &gt; 0.9996),
    /// which stays exact where e^-mean underflows. Mean 0 gives the limit law, always 1.
    /// </summary>
    public static int ZeroTruncatedPoisson(ref Xoshiro256 rng, double mean) =>
        ZeroTruncatedPoisson(ref rng, mean, mean > 0 && mean <= 8 ? ZeroTruncatedPoissonOneProbability(mean) : 0);

    /// <summary>P(K = 1 | K &gt;= 1) = mean / (e^mean - 1): precompute it once per mean for hot paths.</summary>
    public static double ZeroTruncatedPoissonOneProbability(double mean) => mean / ExpM1(mean);

    /// <summary>Zero-truncated Poisson with <see cref="ZeroTruncatedPoissonOneProbability"/> precomputed by the caller.</summary>
    public static int ZeroTruncatedPoisson(ref Xoshiro256 rng, double mean, double probabilityOfOne)
    {
        if (mean < 0 || double.IsNaN(mean)) throw new ArgumentOutOfRangeException(nameof(mean));
        if (mean == 0) return 1;
        if (mean > 8)
        {
            long x;
            do x = Poisson(ref rng, mean); while (x == 0);
            return (int)Math.Min(x, int.MaxValue);
        }
        double u = rng.NextDouble();
        double term = probabilityOfOne; // P(K = 1 | K >= 1)
        double cdf = term;
        int k = 1;
        while (u >= cdf && term > 0) // term > 0 only guards against rounding of the cdf short of 1
        {
            k++;
            term *= mean / k;
            cdf += term;
        }
        return k;
    }

    /// <summary>
    /// Binomial(n, p), exact for any n: order-statistic recursion with Beta variates (Knuth TAOCP 3.4.1,
    /// exercise 3.4.1-25 / Devroye 1986 X.4) until n*p is small, then inversion.
    /// </summary>
    public static long Binomial(ref Xoshiro256 rng, long n, double p)
    {
        if (n < 0 || p < 0 || p > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), $"Binomial(n={n}, p={p})");
        if (p == 0 || n == 0) return 0;
        if (p == 1) return n;
        if (p > 0.5) return n - Binomial(ref rng, n, 1 - p);
        long offset = 0;
        while (n * p > 30 && n > 64)
        {
            long i = (n + 1) / 2;
            double x = Beta(ref rng, i, n + 1 - i); // i-th order statistic of n uniforms
            if (x >= p)
            {
                n = i - 1;          // successes are the uniforms below p, all among the i-1 smaller ones
                p /= x;
            }
            else
            {
                offset += i;        // the i smallest are all successes
                n -= i;
                p = (p - x) / (1 - x);
            }
            if (n == 0) return offset;
        }
        return offset + BinomialInversion(ref rng, n, p);
    }

    /// <summary>
    /// Binomial(n, p), exact, with the same order-statistic recursion as <see cref="Binomial"/> but splitting at the
    /// order statistic nearest the mean, i = floor(n p) + 1, instead of the median: U_(i) ~ Beta(i, n + 1 - i) lies within
    /// ~sqrt(n p) of p, so one step leaves ~n p trials with p' = p / U_(i) near 1 (or near 0), the next ~sqrt(n p) after
    /// the flip p -> 1 - p, and a few steps reach inversion whatever n (the median split needs log2(n / 64) steps, as n p
    /// stays constant while n halves). Exact for any split index (the recursion conditions on U_(i) alone). For
    /// count-drawing engines, whose binomials have n up to 1e13; <see cref="Binomial"/> keeps its draws (pinned outputs).
    /// </summary>
    public static long BinomialMeanSplit(ref Xoshiro256 rng, long n, double p)
    {
        if (n < 0 || p < 0 || p > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), $"Binomial(n={n}, p={p})");
        long offset = 0;
        long sign = 1; // the answer is offset + sign x Binomial(n, p) of the current (n, p)
        while (true)
        {
            if (p == 0 || n == 0) return offset;
            if (p == 1) return offset + sign * n;
            if (p > 0.5)
            {
                // X = n - Binomial(n, 1 - p): fold the n into the offset and flip the sign of what follows.
                offset += sign * n;
                sign = -sign;
                p = 1 - p;
            }
            if (!(n * p > 30 && n > 64)) return offset + sign * BinomialInversion(ref rng, n, p);
            long i = Math.Min(n, (long)(n * p) + 1);
            double x = Beta(ref rng, i, n + 1 - i); // i-th order statistic of n uniforms
            if (x >= p)
            {
                n = i - 1;          // successes are the uniforms below p, all among the i-1 smaller ones
                p /= x;
            }
            else
            {
                offset += sign * i; // the i smallest are all successes
                n -= i;
                p = (p - x) / (1 - x);
            }
        }
    }

    /// <summary>
    /// Inversion from k = 0 for small n or small n*p. The recursion above can leave p close to 1 (p/x with x
    /// just above p), where (1-p)^n would underflow to 0 and the search could never reach u; so p &gt; 1/2 is
    /// mapped to 1 - p first, which bounds (1-p)^n below by min(2^-64, e^-42) on every path that reaches here.
    /// </summary>
    private static long BinomialInversion(ref Xoshiro256 rng, long n, double p)
    {
        if (p > 0.5) return n - BinomialInversion(ref rng, n, 1 - p);
        double q = 1 - p;
        double f = Math.Exp(n * Log1P(-p));
        double u = rng.NextDouble();
        double cdf = f;
        long k = 0;
        double ratio = p / q;
        while (u >= cdf && k < n)
        {
            f *= ratio * (n - k) / (k + 1);
            k++;
            cdf += f;
        }
        return k;
    }

    /// <summary>Multinomial(n, probabilities) by sequential conditional binomials; writes counts into <paramref name="counts"/>.</summary>
    public static void Multinomial(ref Xoshiro256 rng, long n, ReadOnlySpan<double> probabilities, Span<long> counts)
    {
        long remaining = n;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (i == probabilities.Length - 1 || remaining == 0) { counts[i] = remaining; remaining = 0; continue; }
            // Mass of categories i.. summed afresh (not a running 1 - p0 - p1 ...), so that when all later
            // categories have probability 0 the conditional probability is exactly 1 and nothing leaks into them.
            double remainingMass = 0;
            for (int j = i; j < probabilities.Length; j++) remainingMass += probabilities[j];
            double cond = remainingMass <= 0 ? 0 : Math.Clamp(probabilities[i] / remainingMass, 0, 1);
            long c = Binomial(ref rng, remaining, cond);
            counts[i] = c;
            remaining -= c;
        }
    }
}

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Dimension reduction of Upadhyaya, van Himbeeck, Lin, Lütkenhaus, PRX Quantum 2, 020325 (2021): the key-rate objective of
/// any state rho is at least that of its projection Pi rho Pi onto a finite cutoff space minus Delta(W), W an upper bound on
/// the weight Tr(Pi_perp rho) outside it (their Theorem 1). Here the cutoff space of one mode is span{D(beta)|n&gt;, n &lt;= N_c}
/// and the weight is bounded from the first two moments a = &lt;n_beta&gt;, b = &lt;n_beta^2&gt; of n_beta = D(beta) n D(beta)^dagger
/// (their Theorem 5, as used in seed 001 Eqs. (17)-(18)). Pi_perp and n_beta are diagonal in the displaced number basis, so
/// W = max P(n &gt;= K) over distributions on n in N with mean a and second moment b, K = N_c + 1: a linear programme whose dual
/// is min y0 + y1 a + y2 b over quadratics q(n) = y0 + y1 n + y2 n^2 &gt;= 1[n &gt;= K] on N. Two dual-feasible quadratics:
/// q = n/K (Markov) and q = n(n-1)/(K(K-1)) (zero at n = 0, 1, equal to 1 at K, &gt;= 1 beyond), so
/// W = min(a/K, (b - a)/(N_c (N_c + 1))) is always an upper bound. It is the LP optimum: for b &lt;= aK the distribution on
/// {0, 1, K} with q_K = (b-a)/(K(K-1)), q_1 = a - K q_K, q_0 = 1 - a + (b-a)/K is feasible when q_0 &gt;= 0 and attains the
/// second; for b &gt;= aK mass on {0, K} and a vanishing mass far out approaches a/K. (b/K^2 is never smaller than the min.)
/// For the honest displaced thermal output (a = nbar, b = 2 nbar^2 + nbar) this is 2 nbar^2 / (N_c (N_c + 1)) when nbar &lt;= N_c/2.
/// </summary>
public static class DimensionReduction
{
    /// <summary>W = min(a/(N_c+1), (b - a)/(N_c (N_c+1))): the largest P(n &gt; N_c) given E[n] = a, E[n^2] = b (class comment).</summary>
    public static double TailWeightBound(double meanN, double meanN2, int cutoff)
    {
        Validate(meanN, meanN2, cutoff);
        double k = cutoff + 1.0;
        return Math.Min(1.0, Math.Min(meanN / k, Math.Max(0.0, meanN2 - meanN) / (k * (k - 1.0))));
    }

    /// <summary>
    /// Largest E[n 1(n &gt; N_c)] given E[n] = a, E[n^2] = b: min(a, (b - a)/N_c), because on n &gt;= K = N_c + 1,
    /// n &lt;= n(n-1)/(K-1), and n(n-1) &gt;= 0 on all of N. Bounds how much of &lt;n_beta&gt; the cutoff can remove.
    /// </summary>
    public static double FirstMomentTailBound(double meanN, double meanN2, int cutoff)
    {
        Validate(meanN, meanN2, cutoff);
        return Math.Min(meanN, Math.Max(0.0, meanN2 - meanN) / cutoff);
    }

    /// <summary>
    /// Delta(W) = sqrt(W) log2|Z| + (1 + sqrt(W)) h(sqrt(W) / (1 + sqrt(W))) in bits (Upadhyaya et al. 2021, Theorem 1;
    /// |Z| the key alphabet). The improved term of seed 001 Eq. (6) (Upadhyaya's thesis / arXiv 2210.14296) is not used.
    /// </summary>
    public static double CorrectionBits(double weight, int keyAlphabetSize = HeterodyneRegionOperators.RegionCount)
    {
        if (!(weight >= 0.0 && weight <= 1.0)) throw new ArgumentException($"weight must lie in [0, 1] (got {weight:G6})");
        if (keyAlphabetSize < 2) throw new ArgumentException("key alphabet needs at least 2 symbols");
        double s = Math.Sqrt(weight);
        return s * Math.Log2(keyAlphabetSize) + (1.0 + s) * BinaryEntropy.Bits(s / (1.0 + s));
    }

    private static void Validate(double a, double b, int cutoff)
    {
        if (cutoff < 1) throw new ArgumentException($"cutoff N_c must be >= 1 (got {cutoff})");
        if (!(a >= 0.0) || !double.IsFinite(a)) throw new ArgumentException($"<n> must be finite and >= 0 (got {a:G6})");
        // n^2 >= n on the integers, so E[n^2] >= E[n]; allow round-off.
        if (!(b >= a - 1e-15) || !double.IsFinite(b)) throw new ArgumentException($"<n^2> must be finite and >= <n> (got {b:G6} < {a:G6})");
    }
}

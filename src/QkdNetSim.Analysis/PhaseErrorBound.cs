namespace QkdNetSim.Analysis;

/// <summary>Random-sampling (without replacement) bound on the single-photon phase error rate, Lim et al. PRA 89, 022307, Eq. (5).</summary>
public static class PhaseErrorBound
{
    /// <summary>
    /// Lim Eq. (5): gamma(a, b, c, d) = sqrt( (c+d)(1-b) b / (c d ln 2) * log2( (c+d)/(c d (1-b) b) * 21^2 / a^2 ) ),
    /// a = eps_sec of the key block, b = observed single-photon error rate of the test basis, c = single-photon
    /// count of the test basis, d = single-photon count of the key basis. Returns 0 if the log argument is &lt;= 1.
    /// </summary>
    public static double Gamma(double epsSec, double errorRate, double testSingles, double keySingles, int securityTerms = 21)
    {
        double a = epsSec, b = errorRate, c = testSingles, d = keySingles;
        double bb = (1.0 - b) * b;
        double logArgument = (c + d) / (c * d * bb) * ((double)securityTerms * securityTerms) / (a * a);
        if (!(logArgument > 1.0)) return 0.0;
        return Math.Sqrt((c + d) * bb / (c * d * Math.Log(2.0)) * Math.Log2(logArgument)); // Lim Eq. (5)
    }

    /// <summary>
    /// phi = v/s_test + gamma (Lim Eq. (5)), clipped to 0.5. Returns 0.5 when either single-photon count is &lt; 1.
    /// The observed rate entering gamma is floored at 1/s_test (one error) to stay away from gamma's singular b -&gt; 0 limit.
    /// </summary>
    public static double Upper(double epsSec, double testErrors, double testSingles, double keySingles, int securityTerms = 21)
    {
        if (!(testSingles >= 1.0) || !(keySingles >= 1.0)) return 0.5;
        double rate = testErrors / testSingles;
        if (rate >= 0.5) return 0.5;
        double rateForGamma = Math.Max(rate, 1.0 / testSingles);
        double phi = rate + Gamma(epsSec, rateForGamma, testSingles, keySingles, securityTerms);
        return Math.Min(0.5, phi);
    }
}

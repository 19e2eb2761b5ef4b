namespace QkdNetSim.Analysis;

/// <summary>Which inversion of the multiplicative Chernoff bound turns an observed count into confidence bounds on its expectation.</summary>
public enum ChernoffForm : byte
{
    /// <summary>
    /// Yan et al. (seed 002) Eqs. (1)-(2): lower x/(1+delta), upper x/(1-delta), delta = (b + sqrt(b^2 + 8 b x))/(2x),
    /// b = ln(2/eps). The upper bound is certified (failure &lt;= eps/2). The lower bound evaluates the Chernoff exponent
    /// at the observed x instead of at the bound, so its certified failure is (eps/2)^(1/(1+delta)), slightly above eps/2
    /// for small counts (see <see cref="ChernoffBound"/>). Upper bound falls back to <see cref="ExactInversion"/> for delta &gt; 1/2.
    /// </summary>
    YanEq2 = 0,

    /// <summary>
    /// Exact closed-form inversion of the same two Chernoff tail inequalities (Mitzenmacher and Upfal, Probability and
    /// Computing, Thms 4.4/4.5): certified one-sided failure &lt;= eps each, valid for every x &gt;= 0.
    /// </summary>
    ExactInversion = 1,
}

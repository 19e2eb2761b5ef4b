namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// Network key rates (bits per pulse) of Bian et al., arXiv:2507.04462: per-user K_ABi, their sum K_tot, the co-located
/// "super-Bob" upper limit K_UB and the worst-case (other Bobs untrusted) lower limits K_LB,i.
/// </summary>
/// <param name="Users">Per-user terms, in network order.</param>
/// <param name="UpperBound">K_UB = beta I(a:b_1..b_N) - S(b_1..b_N:E) (main text, "upper and lower limits").</param>
/// <param name="UpperBoundMutualInformation">I(a:b_1..b_N).</param>
/// <param name="UpperBoundHolevo">S(b_1..b_N:E) = S(A B D) - S(A D | b_1..b_N).</param>
public sealed record BroadcastKeyRateResult(
    IReadOnlyList<BroadcastUserKeyRate> Users,
    double UpperBound,
    double UpperBoundMutualInformation,
    double UpperBoundHolevo)
{
    /// <summary>K_tot = sum_i K_ABi (main text after Eq. 7; Methods D, K_A).</summary>
    public double Total => Users.Sum(u => u.KeyRate);

    /// <summary>Sum of the worst-case per-user lower limits, sum_i K_LB,i (N x K_LB for identical users, Fig. 3c, d).</summary>
    public double LowerBoundTotal => Users.Sum(u => u.LowerBoundKeyRate);

    /// <summary>
    /// K_tot / K_UB, the "fraction of the upper limit" the paper quotes (90 % in the experiment); NaN when K_UB &lt;= 0,
    /// where no key is possible even for co-located Bobs and the ratio of two negative numbers means nothing.
    /// </summary>
    public double FractionOfUpperBound => UpperBound > 0 ? Total / UpperBound : double.NaN;
}

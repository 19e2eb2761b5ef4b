namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>GG02 key rate (bits per round) evaluated at estimated parameters.</summary>
/// <param name="KeyRateBits">K_hat = beta I_AB - chi_BE at (V_M_hat, T_hat, xi_hat) (may be negative: no key).</param>
/// <param name="StandardErrorBits">Delta-method standard error of K_hat from the moments' asymptotic variances.</param>
/// <param name="WorstCaseKeyRateBits">K at (V_M_hat, T_hat - z se_T, xi_hat + z se_xi): the pessimistic corner of the
/// intervals (Lodewyck et al. 2007, Sec. IV; Ruppert et al. 2014); NaN when that corner is not a physical state.</param>
/// <param name="StandardScore">z of the intervals.</param>
/// <param name="Result">Full GG02 terms at the point estimate.</param>
public sealed record CvKeyRateEstimate(
    double KeyRateBits,
    double StandardErrorBits,
    double WorstCaseKeyRateBits,
    double StandardScore,
    Gg02Result Result);

using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Multi-user key rates (bits per round) of seed 000 (Eqs. 7, 21-25) at the estimated network covariance matrix, with
/// batch (delete-one-batch jackknife) standard errors (see <see cref="CvNetworkKeyRateEstimator"/>).
/// </summary>
/// <param name="Covariance">The estimated gamma_{A B_1..B_N}.</param>
/// <param name="Rates">K_ABi, K_tot, K_UB, K_LB at the point estimate; null when the estimate is not physical.</param>
/// <param name="KeyRateStandardErrorBits">se of K_ABi per user; NaN when unavailable (see <see cref="StandardErrorNote"/>).</param>
/// <param name="TotalStandardErrorBits">se of K_tot (from the replicates' K_tot, so correlations between users are included).</param>
/// <param name="UpperBoundStandardErrorBits">se of K_UB.</param>
/// <param name="LowerBoundStandardErrorBits">se of K_LB,i per user.</param>
/// <param name="StandardScore">z of the worst-case values point - z se.</param>
/// <param name="StandardErrorNote">Null when the standard errors are available, else why not (an unphysical replicate).</param>
public sealed record CvNetworkKeyRateEstimate(
    CvNetworkCovarianceEstimate Covariance,
    BroadcastKeyRateResult? Rates,
    IReadOnlyList<double> KeyRateStandardErrorBits,
    double TotalStandardErrorBits,
    double UpperBoundStandardErrorBits,
    IReadOnlyList<double> LowerBoundStandardErrorBits,
    double StandardScore,
    string? StandardErrorNote)
{
    /// <summary>True when the point estimate is physical (Rates present).</summary>
    public bool IsPhysical => Rates is not null;

    /// <summary>True when the batch-means standard errors could be computed.</summary>
    public bool HasStandardErrors => StandardErrorNote is null && Rates is not null;

    /// <summary>K_ABi - z se (pessimistic end of the interval); null when the rate or its se is unavailable.</summary>
    public double? WorstCaseKeyRateBits(int user) =>
        HasStandardErrors ? Rates!.Users[user].KeyRate - StandardScore * KeyRateStandardErrorBits[user] : null;

    /// <summary>K_tot - z se; null when unavailable.</summary>
    public double? WorstCaseTotalBits => HasStandardErrors ? Rates!.Total - StandardScore * TotalStandardErrorBits : null;
}

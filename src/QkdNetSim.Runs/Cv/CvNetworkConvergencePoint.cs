using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Analysis.Cv.Estimation;

namespace QkdNetSim.Runs.Cv;

/// <summary>One sample count of a network convergence study: rates from the estimated covariance matrix vs analytic.</summary>
/// <param name="Rounds">Rounds generated.</param>
/// <param name="Estimate">Estimated matrix, rates and batch (jackknife) standard errors.</param>
/// <param name="Analytic">BroadcastKeyRates on the true network.</param>
/// <param name="ElapsedSeconds">Wall time of generation and estimation.</param>
public sealed record CvNetworkConvergencePoint(long Rounds, CvNetworkKeyRateEstimate Estimate, BroadcastKeyRateResult Analytic, double ElapsedSeconds)
{
    /// <summary>K_ABi estimate; null when the estimated matrix is not physical.</summary>
    public double? KeyRateBits(int user) => Estimate.Rates?.Users[user].KeyRate;

    /// <summary>Batch (jackknife) se of K_ABi; null when unavailable.</summary>
    public double? KeyRateStandardErrorBits(int user) => Estimate.HasStandardErrors ? Estimate.KeyRateStandardErrorBits[user] : null;

    /// <summary>K_tot estimate; null when not physical.</summary>
    public double? TotalBits => Estimate.Rates?.Total;

    /// <summary>Batch (jackknife) se of K_tot; null when unavailable.</summary>
    public double? TotalStandardErrorBits => Estimate.HasStandardErrors ? Estimate.TotalStandardErrorBits : null;

    /// <summary>(K_ABi_hat - K_ABi) / se; NaN when unavailable.</summary>
    public double StandardizedError(int user) =>
        KeyRateBits(user) is double k && KeyRateStandardErrorBits(user) is double se ? (k - Analytic.Users[user].KeyRate) / se : double.NaN;
}

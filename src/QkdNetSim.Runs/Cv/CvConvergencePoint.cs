using QkdNetSim.Analysis.Cv.Estimation;

namespace QkdNetSim.Runs.Cv;

/// <summary>One sample count of a convergence study: estimate vs analytic for one user.</summary>
/// <param name="Rounds">Rounds generated (each gives two quadrature pairs).</param>
/// <param name="Estimate">Parameter estimate with intervals.</param>
/// <param name="KeyRate">Key rate at the estimate, its delta-method standard error and the worst case in the intervals;
/// null when the estimated gamma_AB is not physical (possible at small sample counts: see Estimate.PhysicalityViolation).</param>
/// <param name="AnalyticKeyRateBits">Gg02KeyRate at the true parameters.</param>
public sealed record CvConvergencePoint(long Rounds, CvParameterEstimate Estimate, CvKeyRateEstimate? KeyRate, double AnalyticKeyRateBits)
{
    /// <summary>(K_hat - K_analytic) / sigma_K.</summary>
    public double StandardizedError => KeyRate is null ? double.NaN : (KeyRate.KeyRateBits - AnalyticKeyRateBits) / KeyRate.StandardErrorBits;
}

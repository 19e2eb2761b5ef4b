using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// gamma_{A B_1..B_N} estimated from broadcast samples (see <see cref="CvNetworkCovarianceEstimator"/>), SNU, modes
/// A, B_1..B_N at the Bobs' detector inputs, entanglement-based picture (seed 000 Methods C, Eq. 24).
/// </summary>
/// <param name="Rounds">Rounds used.</param>
/// <param name="Values">The rebuilt 2(N+1) x 2(N+1) matrix (not validated; always present).</param>
/// <param name="StandardErrors">Standard error of each entry from the 16 interleaved batches (delete-one-batch jackknife,
/// equal to the batch-means sd / 4 for the entries linear in the moments); NaN when a replicate is undefined.</param>
/// <param name="Covariance">The validated matrix; null when it is not physical.</param>
/// <param name="PhysicalityViolation">Null when physical, else "estimated covariance matrix violates ..." with the rule.</param>
/// <param name="Detectors">Each Bob's calibrated (trusted) detector used for the rebuild.</param>
public sealed record CvNetworkCovarianceEstimate(
    long Rounds,
    Matrix<double> Values,
    Matrix<double> StandardErrors,
    CovarianceMatrix? Covariance,
    string? PhysicalityViolation,
    IReadOnlyList<TrustedDetector> Detectors)
{
    /// <summary>True when the estimate is a physical covariance matrix.</summary>
    public bool IsPhysical => Covariance is not null;

    /// <summary>Number of Bobs N.</summary>
    public int UserCount => Values.RowCount / 2 - 1;

    /// <summary>V_M_hat = V - 1 (SNU).</summary>
    public double ModulationVarianceSnu => Values[0, 0] - 1.0;

    /// <summary>Row-major copy of <see cref="Values"/> (for JSON).</summary>
    public double[][] ToRows() => Enumerable.Range(0, Values.RowCount)
        .Select(r => Enumerable.Range(0, Values.ColumnCount).Select(c => Values[r, c]).ToArray()).ToArray();
}

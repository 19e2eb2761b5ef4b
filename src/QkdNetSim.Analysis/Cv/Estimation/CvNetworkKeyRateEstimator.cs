using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Network key rates from data (seed 000, Bian et al., arXiv:2507.04462, Methods C, Eqs. 21-25): the estimated
/// gamma_{A B_1..B_N} (<see cref="CvNetworkCovarianceEstimator"/>, cross-Bob covariances measured) is completed with each
/// Bob's trusted detector, eta_D,i = eta_i / (1 + v_el,i) with a vacuum ancilla (Methods F.1,
/// <see cref="BroadcastState.WithTrustedDetectors"/>), and evaluated by <see cref="BroadcastKeyRates.Compute(BroadcastState, double)"/>.
/// Standard errors from the 16 interleaved batches: the same computation on each delete-one-batch replicate's matrix,
/// jackknife se (equal to the batch-means sd / sqrt(16) for linear statistics; <see cref="CvNetworkMomentAccumulator"/>
/// explains why not plain batch means). If a replicate's matrix is not physical (small samples) the se is reported
/// unavailable instead of failing. For QPSK / QAM samples the Gaussian formula at the estimated matrix is an
/// approximation, not a security proof.
/// </summary>
public static class CvNetworkKeyRateEstimator
{
    /// <summary>
    /// Network key rates and their standard errors from the moments. A beta outside (0, 1], a z that is not finite and
    /// &gt; 0, or moments the covariance estimator rejects (too few rounds, degenerate samples) throw
    /// <see cref="AnalysisInputException"/>; a non-physical point estimate is reported in the result, not thrown.
    /// </summary>
    public static CvNetworkKeyRateEstimate Compute(CvNetworkMomentAccumulator moments, IReadOnlyList<TrustedDetector> detectors,
        double reconciliationEfficiency, double standardScore = CvParameterEstimator.DefaultStandardScore)
    {
        ArgumentNullException.ThrowIfNull(moments);
        if (!(reconciliationEfficiency > 0 && reconciliationEfficiency <= 1))
            throw new AnalysisInputException("reconciliationEfficiency", $"beta must lie in (0, 1] (got {reconciliationEfficiency:G6})");
        if (!(standardScore > 0) || !double.IsFinite(standardScore)) throw new AnalysisInputException("standardScore", "must be finite and > 0");
        var cov = CvNetworkCovarianceEstimator.Estimate(moments, detectors, requirePhysical: false);
        int n = moments.UserCount;
        double[] etaD = detectors.Select(d => d.Efficiency / (1.0 + d.ElectronicNoiseSnu)).ToArray(); // Methods F.1
        double[] nan = Enumerable.Repeat(double.NaN, n).ToArray();
        if (cov.Covariance is null)
            return new CvNetworkKeyRateEstimate(cov, null, nan, double.NaN, double.NaN, nan, standardScore,
                "point estimate not physical: " + cov.PhysicalityViolation);
        var point = BroadcastKeyRates.Compute(BroadcastState.WithTrustedDetectors(cov.Covariance, etaD), reconciliationEfficiency);

        // Replicates over the 16 interleaved batches, delete-one-batch jackknife (see CvNetworkMomentAccumulator for why
        // not plain batch means). Columns: K_AB1..K_ABN, K_LB,1..K_LB,N, K_tot, K_UB.
        int batches = CvNetworkMomentAccumulator.BatchCount, cols = 2 * n + 2;
        var rep = new double[cols, batches];
        var m = new double[moments.PairCount];
        for (int b = 0; b < batches; b++)
        {
            if (moments.BatchRounds(b) < 1)
                return new CvNetworkKeyRateEstimate(cov, point, nan, double.NaN, double.NaN, nan, standardScore,
                    $"standard error unavailable: batch {b} of {batches} is empty (fewer than {batches} rounds)");
            moments.MomentsWithoutBatch(b, m);
            var values = CvNetworkCovarianceEstimator.Rebuild(m, n, detectors);
            var gamma = CvNetworkCovarianceEstimator.Validate(values, out string? violation);
            if (gamma is null)
                return new CvNetworkKeyRateEstimate(cov, point, nan, double.NaN, double.NaN, nan, standardScore,
                    $"standard error unavailable: the replicate without batch {b} of {batches}: {violation}");
            var r = BroadcastKeyRates.Compute(BroadcastState.WithTrustedDetectors(gamma, etaD), reconciliationEfficiency);
            for (int i = 0; i < n; i++)
            {
                rep[i, b] = r.Users[i].KeyRate;
                rep[n + i, b] = r.Users[i].LowerBoundKeyRate;
            }
            rep[2 * n, b] = r.Total;
            rep[2 * n + 1, b] = r.UpperBound;
        }
        double Se(int c) => CvNetworkMomentAccumulator.JackknifeStandardError(Enumerable.Range(0, batches).Select(b => rep[c, b]).ToArray());
        return new CvNetworkKeyRateEstimate(cov, point,
            Enumerable.Range(0, n).Select(Se).ToArray(), Se(2 * n), Se(2 * n + 1),
            Enumerable.Range(n, n).Select(Se).ToArray(), standardScore, null);
    }
}

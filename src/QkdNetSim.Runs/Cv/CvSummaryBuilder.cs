using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Core;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Builds summary.json from the manifest, per-user moment sums (single-user GG02 estimates) and the network moments
/// (multi-user rates of seed 000 from the estimated covariance matrix); shared by run and analyze. The edge of the CV
/// analysis: what the estimators and models reject (<see cref="AnalysisInputException"/>: too few rounds, no correlation,
/// manifest values outside a model's range) becomes the user's <see cref="InputError"/> naming the file, or a summary note.
/// </summary>
public static class CvSummaryBuilder
{
    /// <param name="source">The file named in errors (scenario or log).</param>
    /// <param name="interrupted">The run stopped before the scenario's rounds: every number covers the rounds done.</param>
    public static CvRunSummary Build(CvRunManifest m, IReadOnlyList<CvMomentAccumulator> moments, CvNetworkMomentAccumulator network,
        string command, string source, bool interrupted = false, double wallTimeS = 0, string logFile = "")
    {
        ArgumentNullException.ThrowIfNull(network);
        if (moments.Count != m.Users.Count)
            throw new InputError(source, "user", $"samples of {moments.Count} users, manifest lists {m.Users.Count}");
        long rounds = moments.Min(a => a.Count) / 2;
        var summary = new CvRunSummary(command, m)
        {
            Rounds = rounds, Interrupted = interrupted, Modulation = m.Modulation, ReconciliationEfficiency = m.ReconciliationEfficiency,
            ConfidenceStandardScore = m.ConfidenceStandardScore,
            Run = new CvRunInfo { WallTimeS = wallTimeS, RoundsPerWallSecond = wallTimeS > 0 ? rounds / wallTimeS : 0, LogFile = logFile },
        };
        double beta = m.ReconciliationEfficiency;
        var detectors = new TrustedDetector[m.Users.Count];
        bool allPhysical = true;
        for (int i = 0; i < m.Users.Count; i++)
        {
            var u = m.Users[i];
            var detector = TrustedDetector.Heterodyne(u.Efficiency, u.ElectronicNoiseSnu);
            string userSource = $"{source}: user {u.Name}";
            var userMoments = moments[i];
            var e = AnalysisInputErrors.In(userSource, () =>
                CvParameterEstimator.Estimate(userMoments, detector, m.ConfidenceStandardScore, requirePhysical: false));
            detectors[i] = detector;
            var us = new CvUserSummary
            {
                Name = u.Name, QuadraturePairs = e.QuadraturePairs,
                ModulationVarianceSnu = Interval(e.ModulationVarianceSnu), Transmittance = Interval(e.Transmittance),
                ExcessNoiseSnu = Interval(e.ExcessNoiseSnu), TrueTransmittance = u.TrueTransmittance, TrueExcessNoiseSnu = u.TrueExcessNoiseSnu,
                CovariancePhysical = e.IsPhysical, PhysicalityViolation = e.PhysicalityViolation is { } violation ? $"{userSource}: {violation}" : null,
                CovarianceSnu = e.Covariance is null ? null : Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 4).Select(c => e.Covariance[r, c]).ToArray()).ToArray(),
                // The true parameters come from the manifest: a value outside the model's range is bad input in that file.
                Gg02KeyRateAnalyticBits = AnalysisInputErrors.In(source, () =>
                    Gg02KeyRate.Compute(new Gg02Input(m.ModulationVarianceSnu, u.TrueTransmittance, u.TrueExcessNoiseSnu, detector, beta))).KeyRateBits,
            };
            if (e.IsPhysical)
            {
                var k = AnalysisInputErrors.In(source, () => CvKeyRateEstimator.Compute(e, beta));
                us.Gg02KeyRateEstimateBits = k.KeyRateBits;
                us.Gg02KeyRateStandardErrorBits = k.StandardErrorBits;
                us.Gg02KeyRateWorstCaseBits = double.IsNaN(k.WorstCaseKeyRateBits) ? null : k.WorstCaseKeyRateBits;
            }
            else allPhysical = false;
            summary.Users.Add(us);
        }

        // Analytic network: all channel loss as per-user transmittance T_i = N T_max * (T_i / T_max) with zero feeder noise,
        // the model the generator realises (CvBroadcastChannel).
        double tMax = m.Users.Max(u => u.TrueTransmittance);
        int n = m.Users.Count;
        var trueNetwork = AnalysisInputErrors.In(source, () => new BroadcastNetwork(m.ModulationVarianceSnu, Math.Min(1.0, n * tMax), 0.0,
            m.Users.Select(u => new BroadcastUser(u.TrueTransmittance / tMax, u.TrueExcessNoiseSnu, u.Efficiency, u.ElectronicNoiseSnu)).ToArray(),
            beta));
        var analytic = BroadcastKeyRates.Compute(trueNetwork, shareIdenticalUsers: false);
        summary.NetworkTotalKeyRateAnalyticBits = analytic.Total;
        for (int i = 0; i < n; i++) summary.Users[i].NetworkKeyRateAnalyticBits = analytic.Users[i].KeyRate;

        summary.UpperLimitAnalyticBits = analytic.UpperBound;

        try
        {
            var est = CvNetworkKeyRateEstimator.Compute(network, detectors, beta, m.ConfidenceStandardScore);
            var cov = est.Covariance;
            summary.EstimatedCovarianceSnu = cov.ToRows();
            summary.EstimatedCovarianceStandardErrorSnu = Enumerable.Range(0, cov.StandardErrors.RowCount)
                .Select(r => Enumerable.Range(0, cov.StandardErrors.ColumnCount).Select(c => cov.StandardErrors[r, c]).ToArray()).ToArray();
            summary.EstimatedCovariancePhysical = cov.IsPhysical;
            if (est.Rates is { } rates)
            {
                summary.NetworkTotalKeyRateEstimateBits = rates.Total;
                summary.UpperLimitEstimateBits = rates.UpperBound;
                if (est.HasStandardErrors)
                {
                    summary.NetworkTotalKeyRateStandardErrorBits = est.TotalStandardErrorBits;
                    summary.NetworkTotalKeyRateWorstCaseBits = est.WorstCaseTotalBits;
                    summary.UpperLimitStandardErrorBits = est.UpperBoundStandardErrorBits;
                }
                for (int i = 0; i < n; i++)
                {
                    summary.Users[i].NetworkKeyRateEstimateBits = rates.Users[i].KeyRate;
                    if (!est.HasStandardErrors) continue;
                    summary.Users[i].NetworkKeyRateStandardErrorBits = est.KeyRateStandardErrorBits[i];
                    summary.Users[i].NetworkKeyRateWorstCaseBits = est.WorstCaseKeyRateBits(i);
                }
                if (est.StandardErrorNote is { } note) summary.Note = $"network key rate: {note}";
            }
            else summary.Note = $"network key rate from the estimated covariance matrix not computed: {cov.PhysicalityViolation}";
        }
        catch (AnalysisInputException ex) // e.g. fewer than 2 rounds: the single-user results stand, the network rates are noted
        {
            summary.Note = $"network key rate from the estimates not computed: {ex.At(source).Message}";
        }
        if (!allPhysical)
            summary.Note = (summary.Note is null ? "" : summary.Note + "; ")
                + "some users' estimated gamma_AB is not physical (too few samples?): their single-user GG02 rates are omitted";
        if (m.Modulation != "gaussian")
            summary.Note = (summary.Note is null ? "" : summary.Note + "; ")
                + $"{m.Modulation} samples: key rates use the Gaussian-modulation formula at the estimated moments (approximation)";
        return summary;
    }

    private static CvIntervalSummary Interval(CvEstimatedParameter p) => new(p.Value, p.StandardError, p.Lower, p.Upper);
}

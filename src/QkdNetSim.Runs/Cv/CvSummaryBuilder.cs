using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Core;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Builds summary.json from the manifest and the evidence, shared by run, analyze and the model engine. Evidence from
/// samples: per-user moment sums (single-user GG02 estimates) and the network moments (multi-user rates of seed 000 from
/// the estimated covariance matrix). The model engine has no samples: its "estimates" are the true parameters, the
/// per-user gamma_AB and the network's gamma_{A B_1..B_N} at them (<see cref="BroadcastState.BeforeDetection"/>), and the
/// rates the analytic ones, with standard errors, worst cases and intervals null. The edge of the CV analysis: what the
/// estimators and models reject (<see cref="AnalysisInputException"/>: too few rounds, no correlation, manifest values
/// outside a model's range) becomes the user's <see cref="InputError"/> naming the file, or a summary note.
/// </summary>
public static class CvSummaryBuilder
{
    /// <summary>The samples a run or an analysis estimates from.</summary>
    private sealed record Samples(IReadOnlyList<CvMomentAccumulator> Users, CvNetworkMomentAccumulator Network);

    /// <param name="source">The file named in errors (scenario or log).</param>
    /// <param name="interrupted">The run stopped before the scenario's rounds: every number covers the rounds done.</param>
    /// <param name="kernelEvents">Events the kernel processed (run only).</param>
    /// <param name="simulatedTimeS">Kernel time simulated (run only).</param>
    public static CvRunSummary Build(CvRunManifest m, IReadOnlyList<CvMomentAccumulator> moments, CvNetworkMomentAccumulator network,
        string command, string source, bool interrupted = false, double wallTimeS = 0, string logFile = "",
        long? kernelEvents = null, double? simulatedTimeS = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (moments.Count != m.Users.Count)
            throw new InputError(source, "user", $"samples of {moments.Count} users, manifest lists {m.Users.Count}");
        long rounds = moments.Min(a => a.Count) / 2;
        var run = new CvRunInfo
        {
            WallTimeS = wallTimeS, RoundsPerWallSecond = wallTimeS > 0 ? rounds / wallTimeS : 0, LogFile = logFile,
            KernelEvents = kernelEvents, SimulatedTimeS = simulatedTimeS,
        };
        return Build(m, new Samples(moments, network), rounds, command, source, interrupted, run);
    }

    /// <summary>
    /// The model engine's summary (`engine: model`) of the manifest's session (<see cref="CvRunManifest.Rounds"/> rounds
    /// lasting <paramref name="sessionTimeS"/>).
    /// </summary>
    public static CvRunSummary BuildModel(CvRunManifest m, string source, double wallTimeS, double sessionTimeS) =>
        Build(m, null, m.Rounds, "run", source, interrupted: false,
            new CvRunInfo { WallTimeS = wallTimeS, RoundsPerWallSecond = null, SimulatedTimeS = sessionTimeS });

    private static CvRunSummary Build(CvRunManifest m, Samples? samples, long rounds, string command, string source, bool interrupted,
        CvRunInfo run)
    {
        var summary = new CvRunSummary(command, m)
        {
            Engine = samples is null ? "model" : "simulate",
            Rounds = rounds, Interrupted = interrupted, Modulation = m.Modulation, ReconciliationEfficiency = m.ReconciliationEfficiency,
            ConfidenceStandardScore = m.ConfidenceStandardScore, Run = run,
        };
        double beta = m.ReconciliationEfficiency;
        var detectors = new TrustedDetector[m.Users.Count];
        bool allPhysical = true;
        int unusableUsers = 0;
        for (int i = 0; i < m.Users.Count; i++)
        {
            var u = m.Users[i];
            var detector = TrustedDetector.Heterodyne(u.Efficiency, u.ElectronicNoiseSnu);
            detectors[i] = detector;
            string userSource = $"{source}: user {u.Name}";
            // Samples the estimator cannot use (no resolved correlation at a very lossy channel, fewer than 2 rounds after an
            // early stop) are a result of the run, not bad input: that Bob's estimates are null and the reason is noted.
            string? unusable = null;
            CvParameterEstimate? e = null;
            if (samples is not null)
            {
                try { e = CvParameterEstimator.Estimate(samples.Users[i], detector, m.ConfidenceStandardScore, requirePhysical: false); }
                catch (AnalysisInputException ex) { unusable = $"{userSource}: {ex.Message}"; }
            }
            var us = new CvUserSummary
            {
                Name = u.Name, TrueTransmittance = u.TrueTransmittance, TrueExcessNoiseSnu = u.TrueExcessNoiseSnu,
                // The true parameters come from the manifest: a value outside the model's range is bad input in that file.
                Gg02KeyRateAnalyticBits = AnalysisInputErrors.In(source, () =>
                    Gg02KeyRate.Compute(new Gg02Input(m.ModulationVarianceSnu, u.TrueTransmittance, u.TrueExcessNoiseSnu, detector, beta))).KeyRateBits,
            };
            if (unusable is not null)
            {
                us.PhysicalityViolation = unusable;
                unusableUsers++;
            }
            else if (e is null) UserAtTruth(us, m, u, source);
            else allPhysical &= UserFromSamples(us, e, beta, userSource, source);
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

        if (samples is null) NetworkAtTruth(summary, trueNetwork, analytic);
        else NetworkFromSamples(summary, samples.Network, detectors, m, source);

        if (!allPhysical)
            AddNote(summary, "some users' estimated gamma_AB is not physical (too few samples?): their single-user GG02 rates are omitted");
        if (unusableUsers > 0)
            AddNote(summary, $"{unusableUsers} users' samples give no estimate (see their physicalityViolation): their estimates are null");
        if (m.Modulation != "gaussian")
            AddNote(summary, samples is null
                    ? $"{m.Modulation} modulation: the model's key rates use the Gaussian-modulation formula at the true parameters (approximation)"
                    : $"{m.Modulation} samples: key rates use the Gaussian-modulation formula at the estimated moments (approximation)");
        return summary;
    }

    /// <summary>Appends <paramref name="note"/> to the summary's note, "; "-separated.</summary>
    private static void AddNote(CvRunSummary summary, string note) =>
        summary.Note = summary.Note is null ? note : summary.Note + "; " + note;

    /// <summary>Single-user estimates from one Bob's samples; false when the estimated gamma_AB is not physical.</summary>
    private static bool UserFromSamples(CvUserSummary us, CvParameterEstimate e, double beta, string userSource, string source)
    {
        us.QuadraturePairs = e.QuadraturePairs;
        us.ModulationVarianceSnu = Interval(e.ModulationVarianceSnu);
        us.Transmittance = Interval(e.Transmittance);
        us.ExcessNoiseSnu = Interval(e.ExcessNoiseSnu);
        us.CovariancePhysical = e.IsPhysical;
        us.PhysicalityViolation = e.PhysicalityViolation is { } violation ? $"{userSource}: {violation}" : null;
        us.CovarianceSnu = e.Covariance is null ? null : Rows(e.Covariance);
        if (!e.IsPhysical) return false;
        var k = AnalysisInputErrors.In(source, () => CvKeyRateEstimator.Compute(e, beta));
        us.Gg02KeyRateEstimateBits = k.KeyRateBits;
        us.Gg02KeyRateStandardErrorBits = k.StandardErrorBits;
        us.Gg02KeyRateWorstCaseBits = double.IsNaN(k.WorstCaseKeyRateBits) ? null : k.WorstCaseKeyRateBits;
        return true;
    }

    /// <summary>The model's single-user "estimates": the true V_M, T, xi, gamma_AB at them (Lodewyck et al. 2007) and the analytic GG02 rate.</summary>
    private static void UserAtTruth(CvUserSummary us, CvRunManifest m, CvManifestUser u, string source)
    {
        us.ModulationVarianceSnu = new CvIntervalSummary(m.ModulationVarianceSnu, null, null, null);
        us.Transmittance = new CvIntervalSummary(u.TrueTransmittance, null, null, null);
        us.ExcessNoiseSnu = new CvIntervalSummary(u.TrueExcessNoiseSnu, null, null, null);
        us.CovariancePhysical = true;
        us.CovarianceSnu = Rows(AnalysisInputErrors.In(source, () =>
            CvParameterEstimator.CovarianceOf(m.ModulationVarianceSnu, u.TrueTransmittance, u.TrueExcessNoiseSnu)));
        us.Gg02KeyRateEstimateBits = us.Gg02KeyRateAnalyticBits;
    }

    /// <summary>The model's network "estimates": gamma_{A B_1..B_N} before detection and the analytic rates.</summary>
    private static void NetworkAtTruth(CvRunSummary summary, BroadcastNetwork trueNetwork, BroadcastKeyRateResult analytic)
    {
        summary.EstimatedCovarianceSnu = Rows(BroadcastState.BeforeDetection(trueNetwork));
        summary.EstimatedCovariancePhysical = true;
        summary.NetworkTotalKeyRateEstimateBits = analytic.Total;
        summary.UpperLimitEstimateBits = analytic.UpperBound;
        for (int i = 0; i < summary.Users.Count; i++) summary.Users[i].NetworkKeyRateEstimateBits = analytic.Users[i].KeyRate;
    }

    /// <summary>Network rates from the estimated covariance matrix, with batch (jackknife) standard errors.</summary>
    private static void NetworkFromSamples(CvRunSummary summary, CvNetworkMomentAccumulator network, TrustedDetector[] detectors,
        CvRunManifest m, string source)
    {
        int n = detectors.Length;
        try
        {
            var est = CvNetworkKeyRateEstimator.Compute(network, detectors, m.ReconciliationEfficiency, m.ConfidenceStandardScore);
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
    }

    private static double[][] Rows(CovarianceMatrix c) =>
        Enumerable.Range(0, 2 * c.ModeCount).Select(r => Enumerable.Range(0, 2 * c.ModeCount).Select(col => c[r, col]).ToArray()).ToArray();

    private static CvIntervalSummary Interval(CvEstimatedParameter p) => new(p.Value, p.StandardError, p.Lower, p.Upper);
}

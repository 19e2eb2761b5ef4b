using QkdNetSim.Detectors;
using System.Diagnostics;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Convergence of the network key rates estimated from samples (seed 000 Methods C, Eqs. 21-25, covariance matrix
/// estimated from data) to the analytic <see cref="BroadcastKeyRates"/> of the true network: for each sample count an
/// independent run (seed derived from the root seed and the count) of Gaussian-modulated broadcast samples.
/// </summary>
public static class CvNetworkConvergence
{
    /// <summary>
    /// Runs the study for <paramref name="network"/>. The generator realises per-user channels (T_i = T_f T_d,i / N, xi_i
    /// independent per user, CvBroadcastChannel), so feeder excess noise (correlated across users) is not supported.
    /// </summary>
    public static IReadOnlyList<CvNetworkConvergencePoint> Run(BroadcastNetwork network, IReadOnlyList<long> roundCounts, ulong rootSeed,
        double standardScore = CvParameterEstimator.DefaultStandardScore, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(roundCounts);
        if (network.FeederExcessNoiseSnu != 0)
            throw new ArgumentException("the sample generator models per-user (independent) excess noise only; feeder noise must be 0", nameof(network));
        int n = network.UserCount;
        var channels = Enumerable.Range(0, n).Select(i => CvUserChannel.Create(network.EndToEndTransmittance(i), network.EndToEndExcessNoiseSnu(i),
            new HeterodyneDetector(efficiencyFraction: network.Users[i].DetectorEfficiency, electronicNoiseSnu: network.Users[i].ElectronicNoiseSnu))).ToArray();
        var detectors = network.Users.Select(u => TrustedDetector.Heterodyne(u.DetectorEfficiency, u.ElectronicNoiseSnu)).ToArray();
        var analytic = BroadcastKeyRates.Compute(network, shareIdenticalUsers: false);
        var modulation = CvModulation.Gaussian(network.ModulationVarianceSnu);
        var points = new List<CvNetworkConvergencePoint>(roundCounts.Count);
        foreach (long rounds in roundCounts)
        {
            cancel.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var generator = new CvSampleGenerator(modulation, channels, rootSeed ^ (ulong)rounds * 0x9E3779B97F4A7C15UL);
            var acc = new CvNetworkMomentAccumulator(n);
            CvSampleRunner.Run(generator, rounds, network: acc);
            var estimate = CvNetworkKeyRateEstimator.Compute(acc, detectors, network.ReconciliationEfficiency, standardScore);
            points.Add(new CvNetworkConvergencePoint(rounds, estimate, analytic, watch.Elapsed.TotalSeconds));
        }
        return points;
    }
}

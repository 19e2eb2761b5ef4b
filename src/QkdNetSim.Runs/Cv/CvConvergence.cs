using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Convergence of the sample-based key rate to the analytic GG02 rate (single user): for each sample count an
/// independent run (seed derived from the root seed and the count) is generated, estimated and compared with
/// <see cref="Gg02KeyRate.Compute"/> at the true parameters.
/// </summary>
public static class CvConvergence
{
    /// <summary>Log-spaced round counts from <paramref name="minRounds"/> to <paramref name="maxRounds"/> (both included).</summary>
    public static long[] LogSpaced(long minRounds = 1_000, long maxRounds = 10_000_000, int pointsPerDecade = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minRounds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRounds, minRounds);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerDecade, 1);
        double decades = Math.Log10((double)maxRounds / minRounds);
        int steps = Math.Max(1, (int)Math.Round(decades * pointsPerDecade));
        return Enumerable.Range(0, steps + 1)
            .Select(k => (long)Math.Round(minRounds * Math.Pow(10, decades * k / steps)))
            .Distinct().ToArray();
    }

    /// <summary>Runs the study for one user of Gaussian modulation.</summary>
    public static IReadOnlyList<CvConvergencePoint> Run(double modulationVarianceSnu, CvUserChannel channel, double reconciliationEfficiency,
        IReadOnlyList<long> roundCounts, ulong rootSeed, double standardScore = CvParameterEstimator.DefaultStandardScore)
    {
        var modulation = CvModulation.Gaussian(modulationVarianceSnu);
        var detector = TrustedDetector.Heterodyne(channel.DetectorEfficiency, channel.ElectronicNoiseSnu);
        double analytic = Gg02KeyRate.Compute(new Gg02Input(modulationVarianceSnu, channel.TotalTransmittance, channel.ExcessNoiseSnu,
            detector, reconciliationEfficiency)).KeyRateBits;
        var points = new List<CvConvergencePoint>(roundCounts.Count);
        foreach (long rounds in roundCounts)
        {
            var generator = new CvSampleGenerator(modulation, [channel], rootSeed ^ (ulong)rounds * 0x9E3779B97F4A7C15UL);
            var acc = CvSampleRunner.Run(generator, rounds)[0];
            var estimate = CvParameterEstimator.Estimate(acc, detector, standardScore, requirePhysical: false);
            var key = estimate.IsPhysical ? CvKeyRateEstimator.Compute(estimate, reconciliationEfficiency) : null;
            points.Add(new CvConvergencePoint(rounds, estimate, key, analytic));
        }
        return points;
    }
}

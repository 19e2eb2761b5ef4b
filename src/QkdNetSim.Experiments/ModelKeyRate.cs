using QkdNetSim.Analysis;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments;

/// <summary>
/// Key rate the analyzer would report if the counts came out exactly at their expectation
/// (<see cref="ExpectedCountsModel"/>): the "theory" curve, computed with the same finite-key routine as the data
/// ("We use the same routine as for the experimental data", seed 004 Methods).
/// </summary>
public static class ModelKeyRate
{
    public static DecoyBb84Result Analyze(AccessNetworkConfig config, AccessUser user, double sessionS, double epsilon = 1e-10, double fEc = 1.1)
    {
        long gates = (long)Math.Round(sessionS * config.GateRateHz);
        var expected = ExpectedCountsModel.ForUser(config, user, gates);
        var input = new DecoyBb84Input
        {
            MeanPhotons = user.Source.MeanPhotonNumbers.ToArray(),
            IntensityProbabilities = user.Source.Probabilities.ToArray(),
            SiftedCounts = expected.Sifted.Select(r => r.Select(v => (long)Math.Round(v)).ToArray()).ToArray(),
            ErrorCounts = expected.Errors.Select(r => r.Select(v => (long)Math.Round(v)).ToArray()).ToArray(),
            EmittedPulses = expected.Emitted.Select(v => (long)Math.Round(v)).ToArray(),
            SessionTimeS = sessionS,
            AliceBasis0Probability = user.Source.Basis0Probability,
            BobBasis0Probability = config.BobBasis0Probability,
            EpsSec = epsilon,
            EpsCor = epsilon,
            ErrorCorrectionEfficiency = fEc,
        };
        return DecoyBb84Analysis.Analyze(input);
    }

    /// <summary>Signal-state QBER of the expected counts.</summary>
    public static double SignalQber(AccessNetworkConfig config, AccessUser user)
    {
        var e = ExpectedCountsModel.ForUser(config, user, config.TimeBins * 1_000_000L);
        return (e.Errors[0][0] + e.Errors[1][0]) / (e.Sifted[0][0] + e.Sifted[1][0]);
    }
}

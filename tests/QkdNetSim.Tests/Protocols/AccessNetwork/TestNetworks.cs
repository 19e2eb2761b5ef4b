using QkdNetSim.Core.Units;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

/// <summary>Small access networks built directly from device models (no scenario files) for engine tests.</summary>
internal static class TestNetworks
{
    public static readonly DecoySource Seed004Source = new(new[] { 0.5, 0.1, 0.0002 }, new[] { 0.9883, 0.0078, 0.0039 });

    /// <summary>Seed-004 devices; <paramref name="activeSlots"/> users, each with the given channel loss (fibre + combiner).</summary>
    public static AccessNetworkConfig Seed004(int timeBins, int[] activeSlots, double channelLossDb, double durationS, ulong seed = 7,
        GatedApdModel? detector = null, DecoySource? source = null, double opticalError = 0.005)
    {
        var users = activeSlots.Select((slot, i) => new AccessUser(i, $"U{i}", slot, true, Decibels.ToTransmittance(channelLossDb),
            opticalError, 0, source ?? Seed004Source)).ToList();
        return new AccessNetworkConfig(1e9, timeBins, Decibels.ToTransmittance(2.2), 0.5, 200,
            detector ?? GatedApdModel.Seed004(), users, durationS, seed);
    }

    /// <summary>
    /// P(a primary click in a gate of the user's bin) at photon detection probability eta, in closed form (independent of
    /// PrimaryClickModel's algebra): 1 - (1 - p_dark)^2 sum_k p_k e^(-mu_k eta).
    /// </summary>
    public static double ClickProbability(AccessNetworkConfig config, AccessUser user, double eta)
    {
        double pNone = 0, q = 1 - config.Detector.PrimaryDarkProbabilityPerGate;
        for (int k = 0; k < user.Source.Levels; k++) pNone += user.Source.Probabilities[k] * Math.Exp(-user.Source.MeanPhotonNumbers[k] * eta);
        return 1 - q * q * pNone;
    }

    /// <summary>Evenly spread slots for n of N users.</summary>
    public static int[] Spread(int n, int timeBins) => Enumerable.Range(0, n).Select(i => i * timeBins / n).ToArray();
}

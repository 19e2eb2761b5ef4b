using QkdNetSim.Core.Units;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// A fully resolved time-division access network: N time bins on a gated receiver, users owning one bin each
/// (seed 004: "Detection events are sorted into N time bins ... each transmitter is aligned relative to a master clock").
/// </summary>
public sealed record AccessNetworkConfig(
    double GateRateHz,
    int TimeBins,
    double InterferometerTransmittance,
    double BobBasis0Probability,
    double GateWindowFwhmPs,
    GatedApdModel Detector,
    IReadOnlyList<AccessUser> Users,
    double DurationS,
    ulong Seed)
{
    /// <summary>Gate period in integer picoseconds (kernel time unit).</summary>
    public long GatePeriodPs => Periods.PeriodPs(GateRateHz);

    /// <summary>Gates in the session: duration x gate rate.</summary>
    public long SessionGates => (long)Math.Round(DurationS * GateRateHz);

    /// <summary>
    /// Length of an epoch, simulated seconds (issue 14): the session's randomness is keyed by epoch ("epoch/{e}/..." streams),
    /// so epochs are independent given the detector state they start from and run in parallel with the same numbers for any
    /// number of workers (<see cref="EpochSessionRunner"/>). Part of the scenario: changing it changes the draws.
    /// </summary>
    public double EpochS { get; init; } = 1.0;

    /// <summary>Gates per epoch: EpochS x gate rate, at least one.</summary>
    public long EpochGates => Math.Max(1, (long)Math.Round(EpochS * GateRateHz));

    /// <summary>Each transmitter fires once per frame of N gates: GateRateHz / N (seed 004: 1 GHz / N).</summary>
    public double TransmitterRateHz => GateRateHz / TimeBins;

    public int ActiveUserCount => Users.Count(u => u.Active);

    /// <summary>
    /// Probability that one emitted photon of <paramref name="user"/> is detected: channel x receiver optics x detector
    /// efficiency x gate-timing efficiency. The seed-004 eta_Bob (9.04%) is InterferometerTransmittance x Efficiency.
    /// </summary>
    public double PhotonDetectionProbability(AccessUser user) =>
        PhotonDetectionProbability(user, GateTiming.RelativeEfficiency(user.TimingOffsetPs, GateWindowFwhmPs));

    /// <summary>The same with the gate window's efficiency <paramref name="gateWindowEfficiency"/> for the light's actual arrival time.</summary>
    public double PhotonDetectionProbability(AccessUser user, double gateWindowEfficiency) =>
        user.ChannelTransmittance * InterferometerTransmittance * Detector.Efficiency * gateWindowEfficiency;

    /// <summary>
    /// Delay D between the short and long arms of the interferometers, ps: polarization misalignment puts satellites at +-D
    /// (<see cref="GateArrivals"/>). Seed 004 does not give it; by default T/2, so satellites fall between gates.
    /// </summary>
    public double? InterferometerDelayPs { get; init; }

    public double EffectiveInterferometerDelayPs => InterferometerDelayPs ?? GatePeriodPs / 2.0;

    /// <summary>Probability per gate that the user's pulse gives a photon click (either detector), averaged over intensities.</summary>
    public double PhotonClickProbability(AccessUser user)
    {
        double eta = PhotonDetectionProbability(user), p = 0;
        for (int k = 0; k < user.Source.Levels; k++)
            p += user.Source.Probabilities[k] * (1 - Math.Exp(-user.Source.MeanPhotonNumbers[k] * eta));
        return p;
    }

    /// <summary>Separation in gates, modulo N, from bin <paramref name="fromSlot"/> forward to bin <paramref name="toSlot"/>.</summary>
    public int Separation(int fromSlot, int toSlot) => ((toSlot - fromSlot) % TimeBins + TimeBins) % TimeBins;

    /// <summary>eta_Bob of seed 004 Methods: receiver optics x detector efficiency.</summary>
    public double ReceiverEfficiency => InterferometerTransmittance * Detector.Efficiency;

    /// <summary>User owning each time bin, -1 where the bin is empty or its user inactive.</summary>
    public int[] SlotOwners()
    {
        var owners = Enumerable.Repeat(-1, TimeBins).ToArray();
        foreach (var u in Users)
            if (u.Active) owners[u.Slot] = u.Index;
        return owners;
    }

    /// <summary>Pulses the user in <paramref name="slot"/> sends in gates [0, endGate).</summary>
    public long PulsesInSlot(int slot, long endGate) =>
        endGate / TimeBins + (slot < endGate % TimeBins ? 1 : 0);
}

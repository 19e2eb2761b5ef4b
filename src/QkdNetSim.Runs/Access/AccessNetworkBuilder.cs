using QkdNetSim.Core.Units;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Runs.Access;

/// <summary>Turns a loaded (validated, resolved) scenario into the typed device models the access-network engines run.</summary>
public static class AccessNetworkBuilder
{
    public static AccessNetworkConfig Build(LoadedScenario loaded)
    {
        var s = loaded.Scenario;
        var rx = s.Receiver;
        double gatePeriodPs = Periods.ExactPeriodPs(rx.GateRateHz);
        var d = rx.Detector;
        var detector = new GatedApdModel(d.Efficiency, d.DarkCountProbabilityPerGate, d.AfterpulseProbability,
            d.AfterpulseTrapLifetimesNs.Select(ns => ns * 1000).ToArray(), d.AfterpulseTrapWeights,
            d.CrosstalkProbability, d.CrosstalkDecayGates, d.HoldoffGates, gatePeriodPs);
        ICombiner combiner = BuildCombiner(s.Combiner);
        var users = loaded.Users.Select(u =>
        {
            var fibre = new Fibre(u.FibreLengthKm, u.FibreLossDbPerKm);
            double channel = fibre.Transmittance * combiner.TransmittanceFor(u.Port, u.ItuChannel) * Decibels.ToTransmittance(u.ExtraLossDb);
            return new AccessUser(u.Index, u.Name, u.Slot, u.Active, channel, u.OpticalError, u.TimingOffsetPs,
                new DecoySource(u.Intensities, u.Probabilities, u.Basis0Probability));
        }).ToList();
        return new AccessNetworkConfig(rx.GateRateHz, rx.TimeBins, Decibels.ToTransmittance(rx.InterferometerLossDb),
            rx.Basis0Probability, rx.GateWindowFwhmPs, detector, users, s.DurationS, s.Seed) { InterferometerDelayPs = rx.InterferometerDelayPs, EpochS = s.EpochS ?? ScenarioFile.DefaultEpochS };
    }

    public static ICombiner BuildCombiner(CombinerSpec c) => c.Type switch
    {
        "dwdm" => new DwdmMultiplexer(Enumerable.Range(0, c.Ports).Select(p => ScenarioResolver.PortChannel(c, p)).ToArray(),
            c.InsertionLossDb, c.AdjacentChannelIsolationDb, c.NonAdjacentChannelIsolationDb),
        _ => new PassiveSplitter(c.Ports, c.InsertionLossDb),
    };
}

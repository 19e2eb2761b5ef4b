using QkdNetSim.Core.Drift;
using QkdNetSim.Detectors;
using QkdNetSim.Core.Units;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Turns a validated MDI scenario into the engine's <see cref="MdiNetworkConfig"/>. Users and modules keep their list
/// order as indices. The relay's DEMUX and beam-splitter losses are folded into each user's transmittance into a module,
/// because the engine sees only the probability that a photon reaches the beam splitter.
/// </summary>
public static class MdiNetworkBuilder
{
    /// <summary>Builds the engine configuration. <paramref name="s"/> must have passed <see cref="MdiScenarioValidator"/>.</summary>
    public static MdiNetworkConfig Build(MdiScenarioFile s)
    {
        var t = s.Timing;
        var timing = new MdiTiming(t.ClockRateHz, t.EarlyLateSeparationPs, t.PulseFwhmPs, t.CoincidenceWindowPs, t.ResolutionPs);

        var users = s.Users.Select((u, i) => new MdiUser(i, u.Name, ToEncoder(u.Encoder ?? s.Encoder))).ToArray();
        var indexOf = users.ToDictionary(u => u.Name, u => u.Index, StringComparer.Ordinal);

        var modules = s.Modules.Select((m, i) =>
        {
            int a = indexOf[m.Inputs[0]];
            int b = indexOf[m.Inputs[1]];
            int channel = m.Channel ?? throw new ArgumentException($"modules.{i}.channel is not set (validate the scenario first)", nameof(s));
            var detector = ToSnspd(m.Detector ?? s.Relay.Detector);
            return new BsmModule(i, m.Name, new CombLine(channel, s.Comb.CoherentFraction, s.Comb.LinewidthHz), a, b,
                UserTransmittance(s.Users[a], s.Relay), UserTransmittance(s.Users[b], s.Relay),
                m.RelativeDelayPs, m.PolarizationOverlap, detector, detector);
        }).ToArray();

        var drifts = s.Users.Select(u => ToDelayDrift(MdiUserDefaults.DelayDriftOf(u, s))).ToArray();
        return new MdiNetworkConfig(users, modules, timing, s.SharedEncoder, s.DurationS, s.Seed,
            drifts.Any(d => d is not null) ? drifts : null);
    }

    /// <summary>A user's delay drift: OU in ps with mean 0 (aligned at the start); null when the user has none.</summary>
    public static UserDelayDrift? ToDelayDrift(MdiDelayDriftSpec? d) =>
        d is null ? null : new UserDelayDrift(new OrnsteinUhlenbeckParameters(0, d.ReversionRatePerS, d.NoisePsPerSqrtS), d.StepS);

    /// <summary>Probability that a photon leaving the user's encoder reaches a module's beam splitter: 10^(-(channel + DEMUX + BS excess loss)/10).</summary>
    public static double UserTransmittance(MdiUserSpec user, RelaySpec relay)
        => Decibels.ToTransmittance(user.ChannelLossDb + relay.DemuxInsertionLossDb + relay.BeamSplitterExcessLossDb);

    /// <summary>Encoder with bases Z → 0, X → 1.</summary>
    public static TimeBinEncoder ToEncoder(TimeBinEncoderSpec e)
        => new(e.Intensities.ToArray(), e.Probabilities.ToArray(), e.Bases.Select(BasisCode).ToArray(), e.ExtinctionRatioDb);

    /// <summary>SNSPD with the dead time in whole picoseconds (round(ns x 1000)).</summary>
    public static SnspdParameters ToSnspd(SnspdSpec d) => new(
        EfficiencyFraction: d.Efficiency,
        DarkCountRateHz: d.DarkCountRateHz,
        DeadTimePs: (long)Math.Round(d.DeadTimeNs * 1000),
        JitterRmsPs: d.JitterRmsPs);

    private static byte BasisCode(string basis) => basis switch
    {
        "Z" => 0,
        "X" => 1,
        _ => throw new ArgumentException($"basis '{basis}' is neither Z nor X (validate the scenario first)", nameof(basis)),
    };
}

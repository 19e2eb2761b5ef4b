using QkdNetSim.Core.Drift;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Optics.Drift;
using QkdNetSim.Protocols.AccessNetwork.Control;
using static QkdNetSim.Data.Scenarios.RuleChecker;

namespace QkdNetSim.Runs.Access;

// Scenario keys of time-varying networks (README "Drifts, control loops and schedules"): `drift:`, `control:`, `schedule:`.
// Each is optional; absent keys are not written into the canonical scenario, so a scenario without them keeps its hash
// and its run (no process is added).

/// <summary>`drift:` the stochastic drifts of every active user's link (Optics/Drift), stepped every <see cref="StepS"/>.</summary>
public sealed class DriftSpec
{
    /// <summary>How often the drifting state is handed to the engine, s (the transitions are exact for any step).</summary>
    public double StepS { get; set; } = 1;
    public PhaseDriftSpec? Phase { get; set; }
    public DelayDriftSpec? Delay { get; set; }
    public PolarizationDriftSpec? Polarization { get; set; }
    public IntensityDriftSpec? Intensity { get; set; }
}

/// <summary>Interferometer phase relative to the receiver: OU around 0 (reversion 0: random walk), rad.</summary>
public sealed class PhaseDriftSpec
{
    public double NoiseRadPerSqrtS { get; set; }
    public double ReversionRatePerS { get; set; }
    public double InitialRad { get; set; }
}

/// <summary>Misalignment angle of the polarizing splitters: OU around 0 (reversion 0: random walk), rad.</summary>
public sealed class PolarizationDriftSpec
{
    public double NoiseRadPerSqrtS { get; set; }
    public double ReversionRatePerS { get; set; }
    public double InitialRad { get; set; }
}

/// <summary>Relative source intensity: OU around 1.</summary>
public sealed class IntensityDriftSpec
{
    public double NoiseRelativePerSqrtS { get; set; }
    public double ReversionRatePerS { get; set; }
}

/// <summary>Fibre temperature deviation from alignment: OU (mean K, reversion 1/s, noise K/sqrt(s)), starting at the mean.</summary>
public sealed class TemperatureSpec
{
    public double MeanK { get; set; }
    public double ReversionRatePerS { get; set; }
    public double NoiseKPerSqrtS { get; set; }
}

/// <summary>
/// Arrival-time drift from fibre temperature. Each user's <c>fibreLengthKm</c> is the shared feeder
/// (<see cref="FeederLengthKm"/>, common temperature) plus its own drop (the rest, own temperature).
/// </summary>
public sealed class DelayDriftSpec
{
    public double FeederLengthKm { get; set; }
    public TemperatureSpec FeederTemperatureK { get; set; } = new();
    public TemperatureSpec DropTemperatureK { get; set; } = new();
    public double ThermalDelayCoefficientPsPerKmK { get; set; } = 40;
    public bool ClockFromReceiverOverSameFibre { get; set; } = true;
}

/// <summary>`control:` each active transmitter's own stabilizers (Protocols/AccessNetwork/Control).</summary>
public sealed class ControlSpec
{
    public PhaseControlSpec? Phase { get; set; }
    public TimingControlSpec? Timing { get; set; }
    public PolarizationControlSpec? Polarization { get; set; }
}

public sealed class PhaseControlSpec
{
    public bool Enabled { get; set; } = true;
    public double UpdateIntervalS { get; set; } = 1;
    /// <summary>Sifted signal bits disclosed per update (half at each probe point); they leave the key.</summary>
    public long SampleBits { get; set; } = 2000;
    public double DitherRad { get; set; } = 0.1;
    public double Gain { get; set; } = 1;
}

public sealed class TimingControlSpec
{
    public bool Enabled { get; set; } = true;
    public double UpdateIntervalS { get; set; } = 1;
    public double DitherPs { get; set; } = 20;
    public double Gain { get; set; } = 1;
    /// <summary>Largest fine correction per update, ps (the coarse one-gate step is separate).</summary>
    public double MaxStepPs { get; set; } = 100;
}

public sealed class PolarizationControlSpec
{
    public bool Enabled { get; set; } = true;
    public double UpdateIntervalS { get; set; } = 1;
    public double DitherRad { get; set; } = 0.05;
    public double Gain { get; set; } = 1;
}

/// <summary>One `schedule:` event: at <see cref="AtS"/>, <see cref="Action"/> on one user's drop, several, or the feeder.</summary>
public sealed class ScheduleEventSpec
{
    public double AtS { get; set; }
    public int? User { get; set; }
    public List<int>? Users { get; set; }
    /// <summary>The event is on the shared feeder (cut/restore/lossStep: every user; join/leave: every user).</summary>
    public bool Feeder { get; set; }
    /// <summary>join | leave | cut | restore | lossStep.</summary>
    public string Action { get; set; } = "";
    /// <summary>lossStep: the extra loss of the drop or feeder from now on, dB (0 removes it).</summary>
    public double LossDb { get; set; }
}

/// <summary>Validation of the three keys and their translation into the session's <see cref="AccessControlPlan"/>.</summary>
public static class ControlPlanBuilder
{
    private static readonly string[] Actions = ["join", "leave", "cut", "restore", "lossStep"];

    internal static void Validate(RuleChecker v, ScenarioFile s, IReadOnlyList<ResolvedUser> users)
    {
        double gatePs = Core.Units.Periods.ExactPeriodPs(s.Receiver.GateRateHz);
        if (s.Drift is { } d)
        {
            Interval(v, "drift.stepS", d.StepS, gatePs);
            if (d.Phase is { } ph) Ou(v, "drift.phase", ph.NoiseRadPerSqrtS, "noiseRadPerSqrtS", ph.ReversionRatePerS, ph.InitialRad, "initialRad");
            if (d.Polarization is { } po) Ou(v, "drift.polarization", po.NoiseRadPerSqrtS, "noiseRadPerSqrtS", po.ReversionRatePerS, po.InitialRad, "initialRad");
            if (d.Intensity is { } it) Ou(v, "drift.intensity", it.NoiseRelativePerSqrtS, "noiseRelativePerSqrtS", it.ReversionRatePerS, 0, null);
            if (d.Delay is { } de)
            {
                v.NonNegative("drift.delay.feederLengthKm", de.FeederLengthKm);
                foreach (var u in users.Where(u => u.Active))
                    if (de.FeederLengthKm > u.FibreLengthKm)
                        v.Fail("drift.delay.feederLengthKm", $"{F(de.FeederLengthKm)} km is longer than user {u.Index}'s fibreLengthKm ({F(u.FibreLengthKm)} km); the feeder is part of every user's fibre");
                Temperature(v, "drift.delay.feederTemperatureK", de.FeederTemperatureK);
                Temperature(v, "drift.delay.dropTemperatureK", de.DropTemperatureK);
                v.NonNegative("drift.delay.thermalDelayCoefficientPsPerKmK", de.ThermalDelayCoefficientPsPerKmK);
                ScenarioValidator.AtMost(v, "drift.delay.thermalDelayCoefficientPsPerKmK", de.ThermalDelayCoefficientPsPerKmK, 1e6);
            }
        }
        if (s.Control is { } c)
        {
            if (c.Phase is { Enabled: true } p)
            {
                Interval(v, "control.phase.updateIntervalS", p.UpdateIntervalS, 4 * gatePs);
                if (p.SampleBits < 4) v.Fail("control.phase.sampleBits", $"must be >= 4 (one disclosed bit per probe window at least), got {p.SampleBits}");
                v.LeftOpen("control.phase.ditherRad", p.DitherRad, 0, Math.PI / 2);
                v.Open("control.phase.gain", p.Gain, 0, 2);
            }
            if (c.Timing is { Enabled: true } t)
            {
                Interval(v, "control.timing.updateIntervalS", t.UpdateIntervalS, 4 * gatePs);
                v.Positive("control.timing.ditherPs", t.DitherPs);
                ScenarioValidator.AtMost(v, "control.timing.ditherPs", t.DitherPs, gatePs);
                v.Open("control.timing.gain", t.Gain, 0, 2);
                v.Positive("control.timing.maxStepPs", t.MaxStepPs);
            }
            if (c.Polarization is { Enabled: true } po)
            {
                Interval(v, "control.polarization.updateIntervalS", po.UpdateIntervalS, 8 * gatePs);
                v.Open("control.polarization.ditherRad", po.DitherRad, 0, Math.PI / 4);
                v.Open("control.polarization.gain", po.Gain, 0, 2);
            }
        }
        if (s.Schedule is { } events)
            for (int i = 0; i < events.Count; i++) ValidateEvent(v, $"schedule.{i}", events[i], users);
    }

    private static void ValidateEvent(RuleChecker v, string p, ScheduleEventSpec e, IReadOnlyList<ResolvedUser> users)
    {
        v.NonNegative($"{p}.atS", e.AtS);
        ScenarioValidator.AtMost(v, $"{p}.atS", e.AtS, ScenarioValidator.MaxDurationS);
        if (!Actions.Contains(e.Action))
            v.Fail($"{p}.action", $"must be one of {string.Join(", ", Actions)}, got {YamlTreeReader.Quoted(e.Action)}");
        int targets = (e.User is null ? 0 : 1) + (e.Users is null ? 0 : 1) + (e.Feeder ? 1 : 0);
        if (targets != 1) v.Fail(p, $"names {targets} targets; give exactly one of user, users or feeder: true");
        if (e.Users is { Count: 0 }) v.Fail($"{p}.users", "must list at least one user");
        var named = e.User is int one ? [(one, $"{p}.user")] : (e.Users ?? []).Select((u, j) => (u, $"{p}.users.{j}")).ToList();
        foreach (var (u, field) in named)
        {
            if (u < 0 || u >= users.Count) v.Fail(field, $"user {u} is not in the scenario (users 0..{users.Count - 1})");
            if (!users[u].Active) v.Fail(field, $"user {u} is inactive in the scenario; a user that joins later must be active (it owns a time bin) and have a join event");
        }
        v.NonNegative($"{p}.lossDb", e.LossDb);
        ScenarioValidator.AtMost(v, $"{p}.lossDb", e.LossDb, ScenarioValidator.MaxLossDb);
    }

    private static void Interval(RuleChecker v, string field, double s, double minPs)
    {
        v.Positive(field, s);
        ScenarioValidator.AtMost(v, field, s, ScenarioValidator.MaxDurationS);
        if (s * Core.Units.Periods.PsPerSecond < minPs)
            v.Fail(field, $"{F(s)} s is shorter than {F(minPs)} ps (the loop needs that many gate periods per step)");
    }

    private static void Ou(RuleChecker v, string p, double noise, string noiseKey, double rate, double initial, string? initialKey)
    {
        v.NonNegative($"{p}.{noiseKey}", noise);
        v.NonNegative($"{p}.reversionRatePerS", rate);
        if (initialKey is not null && !double.IsFinite(initial)) v.Fail($"{p}.{initialKey}", $"must be finite, got {F(initial)}");
    }

    private static void Temperature(RuleChecker v, string p, TemperatureSpec t)
    {
        if (!double.IsFinite(t.MeanK)) v.Fail($"{p}.meanK", $"must be finite, got {F(t.MeanK)}");
        v.NonNegative($"{p}.reversionRatePerS", t.ReversionRatePerS);
        v.NonNegative($"{p}.noiseKPerSqrtS", t.NoiseKPerSqrtS);
    }

    /// <summary>The session plan of a validated scenario (empty when it has no drift, enabled control or schedule event).</summary>
    public static AccessControlPlan Build(LoadedScenario loaded)
    {
        var s = loaded.Scenario;
        LinkDriftParameters? drift = null;
        if (s.Drift is { } d)
        {
            var de = d.Delay;
            drift = new LinkDriftParameters(d.StepS,
                d.Phase is { } ph ? new InterferometerPhaseDriftParameters(ph.NoiseRadPerSqrtS, ph.ReversionRatePerS, ph.InitialRad) : null,
                de is null ? null : new FibreDelayDriftParameters(Ou(de.FeederTemperatureK), Ou(de.DropTemperatureK), de.ThermalDelayCoefficientPsPerKmK, de.ClockFromReceiverOverSameFibre),
                d.Polarization is { } po ? new PolarizationDriftParameters(po.NoiseRadPerSqrtS, po.ReversionRatePerS, po.InitialRad) : null,
                d.Intensity is { } it ? new SourceIntensityDriftParameters(it.NoiseRelativePerSqrtS, it.ReversionRatePerS) : null,
                de?.FeederLengthKm ?? 0,
                de is null ? null : loaded.Users.Select(u => Math.Max(0, u.FibreLengthKm - de.FeederLengthKm)).ToArray());
        }
        var c = s.Control;
        return new AccessControlPlan(drift,
            c?.Phase is { Enabled: true } p ? new PhaseControlParameters(p.UpdateIntervalS, p.SampleBits, p.DitherRad, p.Gain) : null,
            c?.Timing is { Enabled: true } t ? new TimingControlParameters(t.UpdateIntervalS, t.DitherPs, t.Gain, t.MaxStepPs) : null,
            c?.Polarization is { Enabled: true } q ? new PolarizationControlParameters(q.UpdateIntervalS, q.DitherRad, q.Gain) : null,
            s.Schedule?.Select(e => new LinkEvent(e.AtS, ActionOf(e.Action), e.Feeder ? null : e.User is int u ? [u] : e.Users, e.LossDb)).ToArray());
    }

    private static OrnsteinUhlenbeckParameters Ou(TemperatureSpec t) => new(t.MeanK, t.ReversionRatePerS, t.NoiseKPerSqrtS);

    private static LinkAction ActionOf(string a) => a switch
    {
        "join" => LinkAction.Join,
        "leave" => LinkAction.Leave,
        "cut" => LinkAction.Cut,
        "restore" => LinkAction.Restore,
        _ => LinkAction.LossStep,
    };
}

using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>
/// Everything time-varying a session runs (null or empty: none). <see cref="IsEmpty"/> plans add no process, so the
/// session is today's static one.
/// </summary>
public sealed record AccessControlPlan(
    LinkDriftParameters? Drift = null,
    PhaseControlParameters? Phase = null,
    TimingControlParameters? Timing = null,
    PolarizationControlParameters? Polarization = null,
    IReadOnlyList<LinkEvent>? Schedule = null)
{
    public bool IsEmpty => Drift is null && Phase is null && Timing is null && Polarization is null && (Schedule is null || Schedule.Count == 0);
}

/// <summary>One active user's link and controller state at one time (a time-series row's device columns).</summary>
public readonly record struct LinkSnapshot(LinkState State, double PhaseBiasRad, double DelayCorrectionPs, double PolarizationCorrectionRad);

/// <summary>
/// The drifts, per-transmitter controllers and schedule of one access-network session, wired to its engine: one
/// <see cref="LinkComposer"/> (the combining step) setting states through <paramref name="setLinkState"/>, one
/// <see cref="ControlObservations"/> the engine feeds as a gate observer, and one kernel process per drift set,
/// controller and schedule (<see cref="Start"/>). Process order at equal times: schedule, drifts, then per user phase,
/// timing, polarization (the order they are started).
/// </summary>
public sealed class AccessControl
{
    private readonly List<Func<StepSession, IEnumerable<Await>>> _processes = [];

    /// <param name="streams">The session's root streams (the engine's): drifts use "user/{i}/drift/...", disclosure "user/{i}/control/...".</param>
    /// <param name="blockGates">Gates per time-series block: disclosed bits are counted per block (long.MaxValue: one block).</param>
    public AccessControl(AccessControlPlan plan, AccessNetworkConfig config, LinkStateSetter setLinkState, RngStreams streams, long blockGates = long.MaxValue)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        Composer = new LinkComposer(config.Users, setLinkState);
        Observations = new ControlObservations(config.TimeBins, config.Users.Count, streams, blockGates);
        if (plan.Schedule is { Count: > 0 } events)
        {
            Schedule = new LinkSchedule(events, Composer);
            _processes.Add(Schedule.Run);
        }
        if (plan.Drift is { } d)
        {
            Drifts = new LinkDrifts(d, Composer, config.Users.Count, streams);
            _processes.Add(Drifts.Run);
        }
        foreach (var link in Composer.Links)
        {
            if (plan.Phase is { } ph)
            {
                // The transmitter's calibration: the QBER's phase slope V = 1 - 2 e_opt of its own optical error (assumption).
                var own = new PhaseControlParameters(ph.UpdateIntervalS, ph.SampleBits, ph.DitherRad, ph.Gain, Math.Max(0.01, 1 - 2 * link.User.OpticalError));
                var c = new PhaseController(own, Composer, link, Observations);
                PhaseControllers.Add(c);
                _processes.Add(c.Run);
            }
            if (plan.Timing is { } t)
            {
                var c = new TimingController(t, Composer, link, Observations, config.TimeBins, config.GateWindowFwhmPs, config.GatePeriodPs);
                TimingControllers.Add(c);
                _processes.Add(c.Run);
            }
            if (plan.Polarization is { } po)
            {
                var c = new PolarizationController(po, Composer, link, Observations);
                PolarizationControllers.Add(c);
                _processes.Add(c.Run);
            }
        }
    }

    public AccessControlPlan Plan { get; }
    public LinkComposer Composer { get; }
    public ControlObservations Observations { get; }
    public LinkDrifts? Drifts { get; }
    public LinkSchedule? Schedule { get; }
    public List<PhaseController> PhaseControllers { get; } = [];
    public List<TimingController> TimingControllers { get; } = [];
    public List<PolarizationController> PolarizationControllers { get; } = [];

    /// <summary>Adds every process to <paramref name="session"/> (before it runs).</summary>
    public void Start(StepSession session)
    {
        foreach (var p in _processes) session.Start(p(session));
    }

    /// <summary>User <paramref name="user"/>'s state now (an active user of the scenario).</summary>
    public LinkSnapshot Snapshot(int user)
    {
        var l = Composer.Link(user) ?? throw new ArgumentException($"user {user} is not active in the scenario", nameof(user));
        return new LinkSnapshot(Composer.StateOf(l), l.PhaseBiasRad, l.DelayCorrectionPs, l.PolarizationCorrectionRad);
    }
}

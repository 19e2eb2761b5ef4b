using QkdNetSim.Core.Units;
using QkdNetSim.Core.Kernel;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Runs an access-network engine inside the event kernel (<see cref="StepSession"/>: one step = one gate).
/// Cancellation ends the session at the last completed horizon; what was simulated is kept.
/// </summary>
public sealed class AccessNetworkSession
{
    private readonly AccessNetworkConfig _config;
    private readonly List<Action<StepSession>> _starters = [];

    public AccessNetworkEngine Engine { get; }

    public AccessNetworkSession(AccessNetworkConfig config, bool perPulse, IDetectionSink? sink, bool drawTruthPhotons = true,
        IGateObserver? gateObserver = null)
    {
        _config = config;
        Engine = perPulse ? new PerPulseAccessNetworkEngine(config, sink) : new FastAccessNetworkEngine(config, sink);
        Engine.DrawTruthPhotons = drawTruthPhotons;
        Engine.GateObserver = gateObserver;
    }

    /// <summary>
    /// Adds processes (drifts, controllers, schedules, block recorders) to the session's kernel: <paramref name="start"/> is
    /// called with the session before it runs and starts them with <see cref="StepSession.Start"/>.
    /// </summary>
    public void AddProcesses(Action<StepSession> start) => _starters.Add(start ?? throw new ArgumentNullException(nameof(start)));

    /// <summary>
    /// Adds one kernel process (a drift, a controller, a schedule, a block boundary): <paramref name="body"/> gets the session
    /// (its clock, <see cref="StepSession.Stopping"/>) and changes the network through <see cref="AccessNetworkEngine.SetLinkState"/>.
    /// </summary>
    public void AddProcess(Func<StepSession, IEnumerable<Await>> body) => AddProcesses(s => s.Start(body(s)));

    /// <summary>A session driving an engine built by the caller (e.g. the <see cref="BlockSamplingAccessEngine"/>).</summary>
    public AccessNetworkSession(AccessNetworkConfig config, AccessNetworkEngine engine)
    {
        _config = config;
        Engine = engine;
    }

    /// <param name="progress">Called with the fraction of the session simulated, about <paramref name="progressSteps"/> times.</param>
    /// <param name="cancel">Stops the session early; the result then covers the gates simulated so far.</param>
    public SessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var session = new StepSession(Engine, _config.SessionGates, _config.GatePeriodPs);
        foreach (var start in _starters) start(session);
        var r = session.Run(progress, cancel, progressSteps);
        return new SessionResult(r.SimulatedSteps, r.SimulatedTimePs, r.WallTimeS, r.KernelEvents, r.Interrupted);
    }
}

/// <summary>Outcome of a session: how much was simulated and at what cost.</summary>
public sealed record SessionResult(long SimulatedGates, long SimulatedTimePs, double WallTimeS, long KernelEvents, bool Interrupted)
{
    public double SimulatedTimeS => Periods.ToSeconds(SimulatedTimePs);
}

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
    private readonly List<Func<StepSession, IEnumerable<Await>>> _processes = [];

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
    /// Adds a kernel process (a drift, a controller, a schedule, a block boundary) to the session; <paramref name="body"/> gets the
    /// session (its clock, <see cref="StepSession.Stopping"/>) when <see cref="Run"/> starts it. It changes the network through
    /// <see cref="AccessNetworkEngine.SetLinkState"/>; processes start in the order added, before the engine.
    /// </summary>
    public void AddProcess(Func<StepSession, IEnumerable<Await>> body) => _processes.Add(body);

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
        foreach (var p in _processes) session.Start(p(session));
        var r = session.Run(progress, cancel, progressSteps);
        return new SessionResult(r.SimulatedSteps, r.SimulatedTimePs, r.WallTimeS, r.KernelEvents, r.Interrupted);
    }
}

/// <summary>Outcome of a session: how much was simulated and at what cost.</summary>
public sealed record SessionResult(long SimulatedGates, long SimulatedTimePs, double WallTimeS, long KernelEvents, bool Interrupted)
{
    public double SimulatedTimeS => Periods.ToSeconds(SimulatedTimePs);
}

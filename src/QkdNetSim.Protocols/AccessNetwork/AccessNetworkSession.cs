using System.Diagnostics;
using QkdNetSim.Core.Kernel;
using KernelEnvironment = QkdNetSim.Core.Kernel.Environment;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Runs an access-network engine inside the event kernel. The receiver is a process that simulates every gate
/// before the kernel's next event (look-ahead horizon) and then waits until that time, so other processes (here
/// the progress monitor; later, schedules that switch users on or off) interleave exactly in time while the
/// hot path stays inside the engine. Cancellation ends the session at the last completed horizon: everything
/// simulated so far is kept and reported as a shorter session.
/// </summary>
public sealed class AccessNetworkSession
{
    private readonly AccessNetworkConfig _config;
    private readonly KernelEnvironment _env = new();
    private bool _stopRequested;

    public AccessNetworkEngine Engine { get; }

    public AccessNetworkSession(AccessNetworkConfig config, bool perPulse, IDetectionSink? sink, bool drawTruthPhotons = true,
        IGateObserver? gateObserver = null)
    {
        _config = config;
        Engine = perPulse ? new PerPulseAccessNetworkEngine(config, sink) : new FastAccessNetworkEngine(config, sink);
        Engine.DrawTruthPhotons = drawTruthPhotons;
        Engine.GateObserver = gateObserver;
    }

    /// <param name="progress">Called with the fraction of the session simulated, about <paramref name="progressSteps"/> times.</param>
    /// <param name="cancel">Stops the session early; the result then covers the gates simulated so far.</param>
    public SessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var wall = Stopwatch.StartNew();
        long endGate = _config.SessionGates;
        long periodPs = _config.GatePeriodPs;
        long endPs = checked(endGate * periodPs); // scenario validation keeps sessions far below the int64 limit
        // Progress and cancellation checks: ~progressSteps per session, but at least once per simulated second so
        // that Ctrl+C stops a long session promptly (each tick is one kernel event; the cost is negligible).
        long tickPs = Math.Max(periodPs, Math.Min(endPs / Math.Max(1, progressSteps), 1_000_000_000_000L));
        _env.Start(Monitor(tickPs, endPs, progress, cancel));
        _env.Start(Receiver(endGate, endPs, periodPs));
        _env.Run();
        Engine.Flush();
        wall.Stop();
        progress?.Invoke(1.0);
        return new SessionResult(Engine.ProcessedUntilGate, Engine.ProcessedUntilGate * periodPs, wall.Elapsed.TotalSeconds,
            _env.EventsProcessed, _stopRequested && Engine.ProcessedUntilGate < endGate);
    }

    private IEnumerable<Await> Receiver(long endGate, long endPs, long periodPs)
    {
        while (!_stopRequested && Engine.ProcessedUntilGate < endGate)
        {
            long horizonPs = Math.Min(_env.PeekNextEventTimePs(), endPs);
            long horizonGate = Math.Min(endGate, (horizonPs + periodPs - 1) / periodPs);
            Engine.AdvanceTo(horizonGate);
            if (horizonPs > _env.NowPs) yield return Await.Timeout(horizonPs - _env.NowPs);
            else if (horizonGate >= endGate) break;
            else yield return Await.Timeout(periodPs);
        }
        _stopRequested = true;
    }

    private IEnumerable<Await> Monitor(long tickPs, long endPs, Action<double>? progress, CancellationToken cancel)
    {
        while (!_stopRequested && _env.NowPs < endPs)
        {
            yield return Await.Timeout(Math.Min(tickPs, endPs - _env.NowPs));
            progress?.Invoke((double)_env.NowPs / endPs);
            if (cancel.IsCancellationRequested) _stopRequested = true;
        }
    }
}

/// <summary>Outcome of a session: how much was simulated and at what cost.</summary>
public sealed record SessionResult(long SimulatedGates, long SimulatedTimePs, double WallTimeS, long KernelEvents, bool Interrupted)
{
    public double SimulatedTimeS => SimulatedTimePs * 1e-12;
}

using System.Diagnostics;
using QkdNetSim.Core.Kernel;
using KernelEnvironment = QkdNetSim.Core.Kernel.Environment;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Runs an MDI engine inside the event kernel, like the access-network session: the relay is a process that simulates
/// every slot before the kernel's next event, a monitor process reports progress at least once per simulated second and
/// stops the session on cancellation; what was simulated is kept.
/// </summary>
public sealed class MdiNetworkSession
{
    private readonly MdiNetworkConfig _config;
    private readonly KernelEnvironment _env = new();
    private bool _stopRequested;

    public MdiEngine Engine { get; }

    public MdiNetworkSession(MdiNetworkConfig config, bool perPulse, ICoincidenceSink? sink)
    {
        _config = config;
        Engine = perPulse ? new PerPulseMdiEngine(config, sink) : new FastMdiEngine(config, sink);
    }

    public MdiSessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var wall = Stopwatch.StartNew();
        long endSlot = _config.SessionSlots;
        long periodPs = _config.Timing.SlotPeriodPs;
        long endPs = checked(endSlot * periodPs);
        long tickPs = Math.Max(periodPs, Math.Min(endPs / Math.Max(1, progressSteps), 1_000_000_000_000L));
        _env.Start(Monitor(tickPs, endPs, progress, cancel));
        _env.Start(Relay(endSlot, endPs, periodPs));
        _env.Run();
        Engine.Flush();
        wall.Stop();
        progress?.Invoke(1.0);
        return new MdiSessionResult(Engine.ProcessedUntilSlot, Engine.ProcessedUntilSlot * periodPs * 1e-12, wall.Elapsed.TotalSeconds,
            _stopRequested && Engine.ProcessedUntilSlot < endSlot);
    }

    private IEnumerable<Await> Relay(long endSlot, long endPs, long periodPs)
    {
        while (!_stopRequested && Engine.ProcessedUntilSlot < endSlot)
        {
            long horizonPs = Math.Min(_env.PeekNextEventTimePs(), endPs);
            long horizonSlot = Math.Min(endSlot, (horizonPs + periodPs - 1) / periodPs);
            Engine.AdvanceTo(horizonSlot);
            if (horizonPs > _env.NowPs) yield return Await.Timeout(horizonPs - _env.NowPs);
            else if (horizonSlot >= endSlot) break;
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

/// <summary>Outcome of an MDI session.</summary>
public sealed record MdiSessionResult(long SimulatedSlots, double SimulatedTimeS, double WallTimeS, bool Interrupted);

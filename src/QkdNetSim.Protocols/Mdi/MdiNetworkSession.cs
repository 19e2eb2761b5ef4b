using QkdNetSim.Core.Units;
using QkdNetSim.Core.Kernel;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Runs an MDI engine inside the event kernel (<see cref="StepSession"/>: one step = one pulse-pair slot), like the
/// access-network session; cancellation keeps what was simulated. A configuration with delay drifts adds their kernel
/// processes (<see cref="MdiDelayDrift"/>).
/// </summary>
public sealed class MdiNetworkSession
{
    private readonly MdiNetworkConfig _config;

    public MdiEngine Engine { get; }

    public MdiNetworkSession(MdiNetworkConfig config, bool perPulse, ICoincidenceSink? sink)
    {
        _config = config;
        Engine = perPulse ? new PerPulseMdiEngine(config, sink) : new FastMdiEngine(config, sink);
        if (config.HasDelayDrift) DelayDrift = new MdiDelayDrift(config);
    }

    /// <summary>The drifting relative delays, when the configuration has any (<see cref="MdiNetworkConfig.DelayDrifts"/>).</summary>
    public MdiDelayDrift? DelayDrift { get; }

    public MdiSessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var session = new StepSession(Engine, _config.SessionSlots, _config.Timing.SlotPeriodPs);
        DelayDrift?.StartProcesses(session, Engine); // drift processes only when configured: a static run's kernel is today's
        var r = session.Run(progress, cancel, progressSteps);
        return new MdiSessionResult(r.SimulatedSteps, Periods.ToSeconds(r.SimulatedTimePs), r.WallTimeS, r.Interrupted);
    }
}

/// <summary>Outcome of an MDI session.</summary>
public sealed record MdiSessionResult(long SimulatedSlots, double SimulatedTimeS, double WallTimeS, bool Interrupted);

using QkdNetSim.Core.Units;
using QkdNetSim.Core.Kernel;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Runs an MDI engine inside the event kernel (<see cref="StepSession"/>: one step = one pulse-pair slot), like the
/// access-network session; cancellation keeps what was simulated.
/// </summary>
public sealed class MdiNetworkSession
{
    private readonly MdiNetworkConfig _config;

    public MdiEngine Engine { get; }

    public MdiNetworkSession(MdiNetworkConfig config, bool perPulse, ICoincidenceSink? sink)
    {
        _config = config;
        Engine = perPulse ? new PerPulseMdiEngine(config, sink) : new FastMdiEngine(config, sink);
    }

    public MdiSessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var r = new StepSession(Engine, _config.SessionSlots, _config.Timing.SlotPeriodPs).Run(progress, cancel, progressSteps);
        return new MdiSessionResult(r.SimulatedSteps, Periods.ToSeconds(r.SimulatedTimePs), r.WallTimeS, r.Interrupted);
    }
}

/// <summary>Outcome of an MDI session.</summary>
public sealed record MdiSessionResult(long SimulatedSlots, double SimulatedTimeS, double WallTimeS, bool Interrupted);

using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// Runs the CV sample engine inside the event kernel (<see cref="StepSession"/>: one step = one round of one symbol
/// period), like the access-network and MDI sessions: progress and cancellation come from the kernel's monitor, and a
/// cancelled session keeps exactly the whole rounds simulated.
/// </summary>
public sealed class CvNetworkSession
{
    private readonly long _rounds, _symbolPeriodPs;

    public CvSampleEngine Engine { get; }

    /// <param name="symbolPeriodPs">Duration of one round in integer ps (1 / symbol rate).</param>
    public CvNetworkSession(CvSampleGenerator generator, long rounds, long symbolPeriodPs, IReadOnlyList<ICvBlockSink> sinks,
        int blockRounds = CvSampleEngine.BlockRounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(symbolPeriodPs, 1);
        _rounds = rounds;
        _symbolPeriodPs = symbolPeriodPs;
        Engine = new CvSampleEngine(generator, rounds, sinks, blockRounds);
    }

    /// <param name="progress">Called with the fraction of the session simulated, about <paramref name="progressSteps"/> times.</param>
    /// <param name="cancel">Stops the session early; the result then covers the rounds simulated so far.</param>
    public CvSessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var r = new StepSession(Engine, _rounds, _symbolPeriodPs).Run(progress, cancel, progressSteps);
        return new CvSessionResult(r.SimulatedSteps, r.SimulatedTimePs, r.WallTimeS, r.KernelEvents, r.Interrupted);
    }
}

/// <summary>Outcome of a CV session: rounds simulated, simulated time, wall time, kernel events, interrupted.</summary>
public sealed record CvSessionResult(long SimulatedRounds, long SimulatedTimePs, double WallTimeS, long KernelEvents, bool Interrupted)
{
    public double SimulatedTimeS => Periods.ToSeconds(SimulatedTimePs);
}

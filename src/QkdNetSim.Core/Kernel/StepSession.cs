using System.Diagnostics;

namespace QkdNetSim.Core.Kernel;

/// <summary>
/// Runs an <see cref="IStepEngine"/> inside the event kernel. The engine is a process that simulates every step before
/// the kernel's next event (look-ahead horizon) and then waits until that time, so other processes (the progress
/// monitor; drifts, controllers and schedules added with <see cref="Start"/>) interleave exactly in time while the hot path
/// stays in the engine. A process that runs at time t sees the engine advanced over every step that starts before t
/// (steps [0, ceil(t / stepPs))), so a parameter it changes applies from step ceil(t / stepPs) on.
/// Cancellation ends the session at the last completed horizon: everything simulated so far is kept and reported as a
/// shorter session.
/// </summary>
public sealed class StepSession
{
    private readonly Environment _env = new();
    private readonly IStepEngine _engine;
    private readonly long _endStep, _stepPs;
    private bool _stopRequested;

    /// <param name="engine">The engine to drive.</param>
    /// <param name="endStep">Steps in the session.</param>
    /// <param name="stepPs">Duration of one step, integer ps.</param>
    public StepSession(IStepEngine engine, long endStep, long stepPs)
    {
        _engine = engine;
        _endStep = endStep;
        _stepPs = stepPs;
    }

    /// <summary>The session's kernel: its clock (<see cref="Environment.NowPs"/>) is the session time.</summary>
    public Environment Environment => _env;

    /// <summary>True once the engine has reached the session's end or a stop was requested: added processes may end then.</summary>
    public bool Stopping => _stopRequested;

    /// <summary>
    /// Adds a process (a drift, a controller, a schedule) to the session. Processes added before <see cref="Run"/> run first
    /// at time 0, in the order added; events after the session's end are never processed.
    /// </summary>
    public Process Start(IEnumerable<Await> body) => _env.Start(body);

    /// <param name="progress">Called with the fraction of the session simulated, about <paramref name="progressSteps"/> times.</param>
    /// <param name="cancel">Stops the session early; the result then covers the steps simulated so far.</param>
    public StepSessionResult Run(Action<double>? progress = null, CancellationToken cancel = default, int progressSteps = 200)
    {
        var wall = Stopwatch.StartNew();
        long endPs = checked(_endStep * _stepPs); // scenario validation keeps sessions far below the int64 limit
        // Progress and cancellation checks: ~progressSteps per session, but at least once per simulated second so
        // that Ctrl+C stops a long session promptly (each tick is one kernel event; the cost is negligible).
        long tickPs = Math.Max(_stepPs, Math.Min(endPs / Math.Max(1, progressSteps), 1_000_000_000_000L));
        _env.Start(Monitor(tickPs, endPs, progress, cancel));
        _env.Start(Stepper(endPs));
        _env.Run(endPs);
        _engine.Flush();
        wall.Stop();
        progress?.Invoke(1.0);
        long done = _engine.ProcessedUntilStep;
        return new StepSessionResult(done, done * _stepPs, wall.Elapsed.TotalSeconds, _env.EventsProcessed,
            _stopRequested && done < _endStep);
    }

    private IEnumerable<Await> Stepper(long endPs)
    {
        while (!_stopRequested && _engine.ProcessedUntilStep < _endStep)
        {
            long horizonPs = Math.Min(_env.PeekNextEventTimePs(), endPs);
            long horizonStep = Math.Min(_endStep, (horizonPs + _stepPs - 1) / _stepPs);
            _engine.AdvanceTo(horizonStep);
            if (horizonPs > _env.NowPs) yield return Await.Timeout(horizonPs - _env.NowPs);
            else if (horizonStep >= _endStep) break;
            else yield return Await.Timeout(_stepPs);
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

/// <summary>Outcome of a stepped session: steps simulated, simulated time, wall time, kernel events, interrupted.</summary>
public sealed record StepSessionResult(long SimulatedSteps, long SimulatedTimePs, double WallTimeS, long KernelEvents, bool Interrupted);

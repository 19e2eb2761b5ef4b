namespace QkdNetSim.Core.Kernel;

/// <summary>
/// The discrete-event clock and scheduler (SimPy's Environment, Team SimPy, simpy.readthedocs.io; SimSharp's
/// Simulation). Time is an integer number of picoseconds so that event ordering never depends on
/// floating-point rounding. Events at equal times run in the order they were scheduled (FIFO).
/// Not thread-safe: one environment belongs to one thread.
/// </summary>
/// <remarks>
/// Note: inside code that also imports <c>System</c>, refer to this type with an alias
/// (<c>using Environment = QkdNetSim.Core.Kernel.Environment;</c>) to avoid clashing with System.Environment.
/// </remarks>
public sealed class Environment
{
    private readonly TimedQueue<Process> _queue = new(); // (time ps, sequence): FIFO at equal times

    /// <summary>Creates an environment whose clock starts at <paramref name="startPs"/> (default 0).</summary>
    public Environment(long startPs = 0) => NowPs = startPs;

    /// <summary>Current simulation time in picoseconds.</summary>
    public long NowPs { get; private set; }

    /// <summary>Number of queue entries (process resumptions) processed so far.</summary>
    public long EventsProcessed { get; private set; }

    /// <summary>
    /// Time of the next queued event, or <see cref="long.MaxValue"/> if none: the simulator's look-ahead
    /// horizon (nothing can happen before it unless the caller itself schedules something earlier).
    /// </summary>
    public long PeekNextEventTimePs() => _queue.PeekTime;

    /// <summary>A fresh, untriggered event bound to this environment.</summary>
    public SimEvent CreateEvent() => new(this);

    /// <summary>Starts a process: its body first runs as an event at the current time (not synchronously, as in SimPy).</summary>
    public Process Start(IEnumerable<Await> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Start(body.GetEnumerator());
    }

    /// <inheritdoc cref="Start(IEnumerable{Await})"/>
    public Process Start(IEnumerator<Await> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var p = new Process(this, body);
        Schedule(0, p);
        return p;
    }

    /// <summary>
    /// Processes every event whose time is &lt;= <paramref name="untilPs"/> (including events those events
    /// schedule at or before it), then sets <see cref="NowPs"/> = <paramref name="untilPs"/> whether or not
    /// later events remain, so that a caller can advance the clock to a horizon and later resume with a
    /// further <c>Run</c>. Unlike SimPy's <c>run(until)</c>, events exactly at the horizon ARE processed.
    /// An exception thrown by a process propagates out unchanged; the clock then stays at that event's time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="untilPs"/> is before <see cref="NowPs"/>.</exception>
    public void Run(long untilPs)
    {
        if (untilPs < NowPs) throw new ArgumentOutOfRangeException(nameof(untilPs), untilPs, $"horizon is before now ({NowPs} ps)");
        while (_queue.Count > 0 && _queue.PeekTime <= untilPs) Step();
        NowPs = untilPs;
    }

    /// <summary>Processes events until the queue is empty; <see cref="NowPs"/> is then the time of the last event.</summary>
    public void Run()
    {
        while (_queue.Count > 0) Step();
    }

    private void Step()
    {
        NowPs = _queue.PeekTime;
        Process p = _queue.Pop();
        EventsProcessed++;
        p.Resume();
    }

    /// <summary>Queues a resumption of <paramref name="p"/> at NowPs + <paramref name="delayPs"/>.</summary>
    internal void Schedule(long delayPs, Process p)
    {
        if (delayPs > long.MaxValue - NowPs)
            throw new ArgumentOutOfRangeException(nameof(delayPs), delayPs, $"timeout overflows the clock at {NowPs} ps");
        _queue.Push(NowPs + delayPs, p);
    }
}

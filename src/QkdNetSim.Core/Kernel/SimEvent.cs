namespace QkdNetSim.Core.Kernel;

/// <summary>
/// A one-shot condition processes can wait for. Created explicitly (<see cref="Environment.CreateEvent"/>),
/// never per timeout, so timeouts stay allocation-free. <see cref="Succeed"/> does not run the waiters
/// synchronously: it schedules each of them at the current time, in the order they started waiting
/// (SimPy's Event.succeed semantics, Team SimPy, simpy.readthedocs.io), so the caller finishes its own
/// step first and the order of wake-ups is deterministic.
/// </summary>
public class SimEvent
{
    private readonly Environment _env;
    private List<Process>? _waiters; // created on first wait: most events never get more than one

    internal SimEvent(Environment env) => _env = env;

    /// <summary>The environment this event belongs to.</summary>
    public Environment Environment => _env;

    /// <summary>True once <see cref="Succeed"/> has been called.</summary>
    public bool Triggered { get; private set; }

    /// <summary>Triggers the event: every waiting process is scheduled to resume at the current time, FIFO.</summary>
    /// <exception cref="InvalidOperationException">The event was already triggered (an event happens once).</exception>
    public void Succeed()
    {
        if (Triggered) throw new InvalidOperationException("event already triggered");
        Triggered = true;
        if (_waiters is null) return;
        foreach (Process p in _waiters) _env.Schedule(0, p);
        _waiters.Clear();
    }

    /// <summary>Called by the kernel when a process yields this event.</summary>
    internal void AddWaiter(Process p)
    {
        if (Triggered) _env.Schedule(0, p); // already happened: resume as the next event at the current time
        else (_waiters ??= new List<Process>(2)).Add(p);
    }
}

namespace QkdNetSim.Core.Kernel;

/// <summary>
/// What a process yields to suspend itself: a delay, an event, or another process. A readonly struct so
/// that yielding (in particular a timeout, the hot path) allocates nothing: the iterator hands it back by
/// value through <see cref="IEnumerator{T}.Current"/> and the kernel copies it into a struct queue entry.
/// Vocabulary from SimPy's Timeout / Event / Process (Team SimPy, simpy.readthedocs.io) and SimSharp.
/// </summary>
public readonly struct Await
{
    internal enum AwaitKind : byte { None = 0, Timeout, Event }

    internal readonly AwaitKind Kind;
    internal readonly long DelayPs;
    internal readonly SimEvent? Target;

    private Await(AwaitKind kind, long delayPs, SimEvent? target)
    {
        Kind = kind;
        DelayPs = delayPs;
        Target = target;
    }

    /// <summary>Resume after <paramref name="delayPs"/> picoseconds (0 = after everything already scheduled now).</summary>
    /// <exception cref="ArgumentOutOfRangeException">delay is negative: time cannot run backwards.</exception>
    public static Await Timeout(long delayPs)
    {
        if (delayPs < 0) throw new ArgumentOutOfRangeException(nameof(delayPs), delayPs, "timeout delay must be >= 0 ps");
        return new Await(AwaitKind.Timeout, delayPs, null);
    }

    /// <summary>Resume when <paramref name="e"/> is triggered; if it already was, resume as the next event at the current time.</summary>
    public static Await Event(SimEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new Await(AwaitKind.Event, 0, e);
    }

    /// <summary>Resume when process <paramref name="p"/> has finished (its iterator ended).</summary>
    public static Await Process(Process p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new Await(AwaitKind.Event, 0, p.Completion);
    }

    /// <summary>Lets a process body write <c>yield return someEvent;</c> instead of <c>Await.Event(someEvent)</c>.</summary>
    public static implicit operator Await(SimEvent e) => Event(e);

    /// <summary>Lets a process body write <c>yield return otherProcess;</c> instead of <c>Await.Process(otherProcess)</c>.</summary>
    public static implicit operator Await(Process p) => Process(p);
}

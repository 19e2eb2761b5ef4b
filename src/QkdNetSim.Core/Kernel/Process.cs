namespace QkdNetSim.Core.Kernel;

/// <summary>
/// A simulated activity written as a C# iterator of <see cref="Await"/> (SimPy's generator-based processes,
/// Team SimPy, simpy.readthedocs.io; SimSharp uses the same IEnumerable pattern). The kernel calls
/// <see cref="IEnumerator{T}.MoveNext"/> each time the process is resumed; when the iterator ends the
/// process's <see cref="Completion"/> event succeeds, which is what makes a process awaitable.
/// </summary>
public sealed class Process
{
    private readonly Environment _env;
    private readonly IEnumerator<Await> _body;

    internal Process(Environment env, IEnumerator<Await> body)
    {
        _env = env;
        _body = body;
        Completion = new SimEvent(env);
    }

    /// <summary>Triggered when the body has run to its end.</summary>
    public SimEvent Completion { get; }

    /// <summary>True until the body has ended or thrown.</summary>
    public bool IsAlive { get; private set; } = true;

    /// <summary>Advances the body to its next yield and registers what it waits for.</summary>
    internal void Resume()
    {
        bool more;
        try
        {
            more = _body.MoveNext();
        }
        catch
        {
            IsAlive = false; // an exception ends the process; the kernel lets it propagate out of Run
            _body.Dispose();
            throw;
        }
        if (!more)
        {
            IsAlive = false;
            _body.Dispose();
            Completion.Succeed();
            return;
        }
        Await a = _body.Current;
        switch (a.Kind)
        {
            case Await.AwaitKind.Timeout:
                _env.Schedule(a.DelayPs, this);
                break;
            case Await.AwaitKind.Event:
                if (!ReferenceEquals(a.Target!.Environment, _env))
                    throw new InvalidOperationException("process waited for an event of another environment");
                a.Target.AddWaiter(this);
                break;
            default:
                throw new InvalidOperationException("process yielded default(Await); use Await.Timeout/Event/Process");
        }
    }
}

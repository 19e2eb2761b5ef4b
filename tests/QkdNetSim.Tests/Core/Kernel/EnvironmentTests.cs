using QkdNetSim.Core.Kernel;
using Environment = QkdNetSim.Core.Kernel.Environment;

namespace QkdNetSim.Tests.Core.Kernel;

public class EnvironmentTests
{
    private static IEnumerable<Await> Sleeper(Environment env, long delay, int id, List<(int Id, long T)> log)
    {
        yield return Await.Timeout(delay);
        log.Add((id, env.NowPs));
    }

    [Fact]
    public void EqualTimesAreFifoInStartOrder()
    {
        var env = new Environment();
        var log = new List<(int, long)>();
        for (int i = 0; i < 10; i++) env.Start(Sleeper(env, 5, i, log));
        env.Run();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (i, 5L)), log);
    }

    [Fact]
    public void EqualTimesAreFifoInSchedulingOrderNotStartOrder()
    {
        // Processes reach the same wake-up time from different delays; order is the order their timeouts were yielded.
        var env = new Environment();
        var log = new List<(int, long)>();
        IEnumerable<Await> Two(int id, long first, long second)
        {
            yield return Await.Timeout(first);
            yield return Await.Timeout(second);
            log.Add((id, env.NowPs));
        }
        env.Start(Two(0, 3, 7));  // yields second timeout at t=3
        env.Start(Two(1, 1, 9));  // yields second timeout at t=1 -> earlier sequence number
        env.Start(Two(2, 10, 0)); // yields second timeout at t=10
        env.Run();
        Assert.Equal(new[] { (1, 10L), (0, 10L), (2, 10L) }, log);
    }

    [Fact]
    public void TimeoutsAdvanceNowExactly()
    {
        var env = new Environment();
        var seen = new List<long>();
        IEnumerable<Await> Body()
        {
            seen.Add(env.NowPs);
            yield return Await.Timeout(1);
            seen.Add(env.NowPs);
            yield return Await.Timeout(0);
            seen.Add(env.NowPs);
            yield return Await.Timeout(999_999_999_999L);
            seen.Add(env.NowPs);
            yield return Await.Timeout(long.MaxValue - 1_000_000_000_000L);
            seen.Add(env.NowPs);
        }
        env.Start(Body());
        env.Run();
        Assert.Equal(new[] { 0L, 1, 1, 1_000_000_000_000L, long.MaxValue }, seen);
        Assert.Equal(long.MaxValue, env.NowPs);
        Assert.Equal(5, env.EventsProcessed);
    }

    [Fact]
    public void NegativeTimeoutThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Await.Timeout(-1));
    }

    [Fact]
    public void TimeoutBeyondEndOfTimeThrows()
    {
        var env = new Environment(10);
        IEnumerable<Await> Body() { yield return Await.Timeout(long.MaxValue); }
        env.Start(Body());
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Run());
    }

    [Fact]
    public void StartIsDeferredToTheQueue()
    {
        var env = new Environment();
        bool ran = false;
        IEnumerable<Await> Body() { ran = true; yield break; }
        var p = env.Start(Body());
        Assert.False(ran);
        Assert.True(p.IsAlive);
        Assert.Equal(0, env.PeekNextEventTimePs());
        env.Run();
        Assert.True(ran);
        Assert.False(p.IsAlive);
        Assert.True(p.Completion.Triggered);
    }

    [Fact]
    public void EventWakesWaitersInWaitOrderAtSucceedTime()
    {
        var env = new Environment();
        var e = env.CreateEvent();
        var log = new List<(int, long)>();
        IEnumerable<Await> Waiter(int id, long delayBeforeWait)
        {
            yield return Await.Timeout(delayBeforeWait);
            yield return Await.Event(e);
            log.Add((id, env.NowPs));
        }
        IEnumerable<Await> Trigger()
        {
            yield return Await.Timeout(100);
            Assert.False(e.Triggered);
            e.Succeed();
            Assert.True(e.Triggered);
            log.Add((-1, env.NowPs)); // the triggering process finishes its step before any waiter runs
        }
        env.Start(Waiter(0, 30));
        env.Start(Waiter(1, 10));
        env.Start(Waiter(2, 20));
        env.Start(Trigger());
        env.Run();
        Assert.Equal(new[] { (-1, 100L), (1, 100L), (2, 100L), (0, 100L) }, log);
    }

    [Fact]
    public void WaitingOnAlreadyTriggeredEventResumesNextAtSameTime()
    {
        var env = new Environment();
        var e = env.CreateEvent();
        var log = new List<string>();
        IEnumerable<Await> Late()
        {
            yield return Await.Timeout(50);
            env.Start(Other());          // scheduled at t=50 before we yield the event
            yield return e;              // implicit conversion; already triggered
            log.Add($"late@{env.NowPs}");
        }
        IEnumerable<Await> Other() { log.Add($"other@{env.NowPs}"); yield break; }
        IEnumerable<Await> Trigger() { yield return Await.Timeout(10); e.Succeed(); }
        env.Start(Late());
        env.Start(Trigger());
        env.Run();
        Assert.Equal(new[] { "other@50", "late@50" }, log);
    }

    [Fact]
    public void SucceedTwiceThrows()
    {
        var env = new Environment();
        var e = env.CreateEvent();
        e.Succeed();
        Assert.Throws<InvalidOperationException>(() => e.Succeed());
    }

    [Fact]
    public void ProcessWaitsForAnotherProcess()
    {
        var env = new Environment();
        var log = new List<string>();
        IEnumerable<Await> Child()
        {
            yield return Await.Timeout(40);
            log.Add($"child done@{env.NowPs}");
        }
        IEnumerable<Await> Parent()
        {
            var c = env.Start(Child());
            yield return Await.Timeout(5);
            yield return Await.Process(c);
            log.Add($"parent resumed@{env.NowPs}");
            yield return c; // already finished: resumes immediately, same time
            log.Add($"parent again@{env.NowPs}");
        }
        var p = env.Start(Parent());
        env.Run();
        Assert.Equal(new[] { "child done@40", "parent resumed@40", "parent again@40" }, log);
        Assert.False(p.IsAlive);
    }

    [Fact]
    public void RunUntilStopsAtHorizonAndResumes()
    {
        var env = new Environment();
        var ticks = new List<long>();
        IEnumerable<Await> Clock()
        {
            while (true)
            {
                ticks.Add(env.NowPs);
                yield return Await.Timeout(10);
            }
        }
        env.Start(Clock());
        env.Run(25);
        Assert.Equal(new[] { 0L, 10, 20 }, ticks);
        Assert.Equal(25, env.NowPs);
        Assert.Equal(30, env.PeekNextEventTimePs());

        env.Run(30); // events exactly at the horizon are processed
        Assert.Equal(new[] { 0L, 10, 20, 30 }, ticks);
        Assert.Equal(30, env.NowPs);
        Assert.Equal(40, env.PeekNextEventTimePs());

        env.Run(30); // idempotent at the same horizon
        Assert.Equal(4, ticks.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Run(29));
    }

    [Fact]
    public void RunUntilAdvancesClockEvenWhenQueueEmpties()
    {
        var env = new Environment();
        IEnumerable<Await> Body() { yield return Await.Timeout(7); }
        env.Start(Body());
        env.Run(1000);
        Assert.Equal(1000, env.NowPs);
        Assert.Equal(long.MaxValue, env.PeekNextEventTimePs());
        env.Run();
        Assert.Equal(1000, env.NowPs);
    }

    [Fact]
    public void PeekNextEventTime()
    {
        var env = new Environment();
        Assert.Equal(long.MaxValue, env.PeekNextEventTimePs());
        IEnumerable<Await> Body(long d) { yield return Await.Timeout(d); }
        env.Start(Body(300));
        env.Start(Body(200));
        Assert.Equal(0, env.PeekNextEventTimePs());
        env.Run(0);
        Assert.Equal(200, env.PeekNextEventTimePs());
        env.Run(200);
        Assert.Equal(300, env.PeekNextEventTimePs());
        env.Run();
        Assert.Equal(long.MaxValue, env.PeekNextEventTimePs());
        Assert.Equal(300, env.NowPs);
    }

    [Fact]
    public void ExceptionInProcessPropagatesOutOfRun()
    {
        var env = new Environment();
        IEnumerable<Await> Body()
        {
            yield return Await.Timeout(12);
            throw new InvalidTimeZoneException("boom");
        }
        var p = env.Start(Body());
        var ex = Assert.Throws<InvalidTimeZoneException>(() => env.Run());
        Assert.Equal("boom", ex.Message);
        Assert.Equal(12, env.NowPs);
        Assert.False(p.IsAlive);
        Assert.False(p.Completion.Triggered);
    }

    [Fact]
    public void YieldingDefaultAwaitThrows()
    {
        var env = new Environment();
        IEnumerable<Await> Body() { yield return default; }
        env.Start(Body());
        Assert.Throws<InvalidOperationException>(() => env.Run());
    }

    [Fact]
    public void EventOfAnotherEnvironmentIsRejected()
    {
        var env = new Environment();
        var foreign = new Environment().CreateEvent();
        IEnumerable<Await> Body() { yield return foreign; }
        env.Start(Body());
        Assert.Throws<InvalidOperationException>(() => env.Run());
    }

    [Fact]
    public void TimeoutsDoNotAllocate()
    {
        static IEnumerable<Await> Ticker(int n, long dt)
        {
            for (int i = 0; i < n; i++) yield return Await.Timeout(dt);
        }
        var env = new Environment();
        // Several concurrent processes so the heap really sifts; warm up so JIT tiering and heap growth are done.
        for (int k = 0; k < 8; k++) env.Start(Ticker(1000, 3 + k));
        env.Run();

        var procs = new IEnumerator<Await>[8];
        for (int k = 0; k < 8; k++) procs[k] = Ticker(k == 0 ? 100_000 : 1000, 3 + k).GetEnumerator();
        foreach (var it in procs) env.Start(it);
        long eventsBefore = env.EventsProcessed;
        long before = GC.GetAllocatedBytesForCurrentThread();
        env.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(env.EventsProcessed - eventsBefore > 100_000);
        // Completions schedule nothing and allocate nothing; the bound leaves room for runtime noise only (tiered JIT
        // can install a re-jitted method once under CPU load, a few KB): a single allocation per event would be >= 2.4 MB.
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes over {env.EventsProcessed - eventsBefore} events");
    }

    [Fact]
    public void RunsAreDeterministic()
    {
        static List<(int, long)> Simulate()
        {
            var env = new Environment();
            var log = new List<(int, long)>();
            var gate = env.CreateEvent();
            var rng = new QkdNetSim.Core.Random.Xoshiro256(42);
            IEnumerable<Await> Worker(int id, QkdNetSim.Core.Random.Xoshiro256 r)
            {
                for (int i = 0; i < 200; i++)
                {
                    yield return Await.Timeout(r.NextInt(5)); // many equal times -> exercises tie-breaking
                    log.Add((id, env.NowPs));
                    if (id == 3 && i == 50) gate.Succeed();
                }
            }
            IEnumerable<Await> Gated(int id)
            {
                yield return gate;
                log.Add((id, env.NowPs));
            }
            for (int id = 0; id < 20; id++)
            {
                var r = rng; // copy the state, then decorrelate
                for (int j = 0; j <= id; j++) rng.NextUInt64();
                env.Start(Worker(id, r));
                env.Start(Gated(100 + id));
            }
            env.Run();
            return log;
        }
        var a = Simulate();
        var b = Simulate();
        Assert.Equal(20 * 200 + 20, a.Count);
        Assert.Equal(a, b);
    }
}

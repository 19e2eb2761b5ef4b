using System.Diagnostics;
using QkdNetSim.Core.Random;
using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// One static session (no drift, control or schedule, so no kernel process changes the network) on every core, with the
/// same numbers for any number of workers (issue 14).
/// <para>
/// The session splits into epochs of <see cref="AccessNetworkConfig.EpochGates"/> gates. In epoch e the skip-ahead engine
/// draws everything that does not depend on the detector state from the epoch's streams, and everything that does from
/// generators keyed by gate or avalanche (<see cref="FastAccessNetworkEngine"/>), so the epoch is a function F_e(S) of the
/// detector state S it starts from: pending afterpulses and crosstalk clicks, and hold-off. Workers first run every epoch
/// from the idle state, F_e(0), in parallel. The coordinator then takes the epochs in order and, where the previous epoch
/// hands on a state S that is not idle (secondary clicks or hold-off crossing the boundary), runs F_e(S) and F_e(0) side by
/// side from the epoch's start until their detector states are equal at some gate g: from g on both are the same function
/// of the same state, so the epoch's result is F_e(0) with its part before g replaced by F_e(S)'s. The check is exact,
/// however long the delays' tails and cascades: the two runs go on, up to the whole epoch, until nothing differs. Results
/// are integer counts, so the sums are the same in any order.
/// </para>
/// <para>
/// A sequential run of the same engine through all epochs (the kernel-driven session, e.g. with a log) computes exactly
/// F_e(S) epoch by epoch, so it gives the same counts. Cancellation keeps the epochs done and the part of the first
/// unfinished epoch that its worker simulated.
/// </para>
/// </summary>
public static class EpochSessionRunner
{
    private static int s_defaultWorkers = Environment.ProcessorCount;
    [ThreadStatic] private static int t_workers;

    /// <summary>
    /// Worker threads for sessions that run as epochs: all cores unless set (e.g. by `run --workers`), or what
    /// <see cref="WorkersOnThisThread"/> set for the calling thread.
    /// </summary>
    public static int DefaultWorkers
    {
        get => t_workers > 0 ? t_workers : s_defaultWorkers;
        set => s_defaultWorkers = Math.Max(1, value);
    }

    /// <summary>
    /// Sessions started from the calling thread use <paramref name="workers"/> workers (0: the default again): a study running
    /// points on several threads gives each a share of the cores.
    /// </summary>
    public static int WorkersOnThisThread { get => t_workers; set => t_workers = Math.Max(0, value); }

    /// <summary>Gates the fix-up advances both runs by between comparisons of their detector states.</summary>
    private const long FixUpChunkGates = 1 << 14;

    /// <summary>
    /// The combined outcome: the observer that saw every epoch, the engine counters, each user's emitted pulses per intensity
    /// in all and per block (when blocks were asked for), and how many epochs needed the fix-up.
    /// </summary>
    public sealed record Result<T>(T Observer, EngineCounters Counters, long[][] EmittedPulses, IReadOnlyList<long[][]> EmittedByBlock,
        SessionResult Session, long Epochs, long FixedUpEpochs);

    /// <summary>One run over part of an epoch, with each user's explicitly drawn pulses per intensity, cumulative from the epoch's start, at piece boundaries.</summary>
    private sealed class Part<T>
    {
        public required FastAccessNetworkEngine Engine;
        public required T Observer;
        public required int Users;
        public readonly Dictionary<long, long[][]> Sampled = new();

        public void Snapshot() => Sampled[Engine.ProcessedUntilGate] =
            Enumerable.Range(0, Users).Select(u => Engine.SampledIntensities(u).ToArray()).ToArray();
    }

    /// <param name="newObserver">A fresh, empty observer (the tally of one epoch); it receives counts (<see cref="IGateCountObserver"/>) and gates in any order.</param>
    /// <param name="accumulate">Adds the second observer's counts times the sign (+1 or -1) to the first's.</param>
    /// <param name="blockGates">
    /// Blocks of the session's time series (0: none): the runner then stops every run at block boundaries, and each
    /// emission interval (block within epoch) gets its own unobserved-pulse draw, as the kernel-driven session closes them.
    /// </param>
    public static Result<T> Run<T>(AccessNetworkConfig config, Func<T> newObserver, Action<T, T, int> accumulate, int workers = 0,
        Action<double>? progress = null, CancellationToken cancel = default, long blockGates = 0) where T : IGateObserver, IGateCountObserver
    {
        var wall = Stopwatch.StartNew();
        workers = workers > 0 ? workers : Math.Max(1, DefaultWorkers);
        long total = config.SessionGates, epochGates = config.EpochGates;
        long epochs = total == 0 ? 0 : (total - 1) / epochGates + 1;
        var laws = PrimaryClickModel.ForSlots(config, config.Users.Select(LinkState.Nominal).ToArray());
        var parts = new TaskCompletionSource<Part<T>>[epochs];
        for (long e = 0; e < epochs; e++) parts[e] = new TaskCompletionSource<Part<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        long done = 0, next = -1;
        using var inFlight = new SemaphoreSlim(2 * workers); // epochs simulated but not yet taken by the coordinator: memory stays flat
        long NextBoundary(long gate) => blockGates > 0 ? (gate / blockGates + 1) * blockGates : long.MaxValue;

        Part<T> Start(long e, GatedDetectorPair? carry)
        {
            var observer = newObserver();
            var engine = new FastAccessNetworkEngine(config, null, laws) { GateObserver = observer, CountClickedGates = true, DrawTruthPhotons = false };
            engine.StartAtEpoch(e);
            if (carry is not null) engine.DetectorPair.CopyStateFrom(carry);
            var part = new Part<T> { Engine = engine, Observer = observer, Users = config.Users.Count };
            part.Snapshot();
            return part;
        }

        // Advances a run to `until` in chunks, snapshotting at block boundaries.
        void Advance(Part<T> part, long until, long chunk, bool watchCancel)
        {
            var engine = part.Engine;
            while (engine.ProcessedUntilGate < until && !(watchCancel && cancel.IsCancellationRequested))
            {
                long before = engine.ProcessedUntilGate, boundary = NextBoundary(before);
                engine.AdvanceTo(Math.Min(Math.Min(until, boundary), before + chunk));
                if (engine.ProcessedUntilGate == boundary) part.Snapshot();
                if (watchCancel) Interlocked.Add(ref done, engine.ProcessedUntilGate - before);
            }
            part.Snapshot();
        }

        void Worker()
        {
            while (true)
            {
                inFlight.Wait(); // a slot before a claim: the coordinator's next epoch always holds one
                long e = Interlocked.Increment(ref next);
                if (e >= epochs) { inFlight.Release(); return; }
                try
                {
                    var part = Start(e, null);
                    Advance(part, Math.Min(total, (e + 1) * epochGates), Math.Max(1, Math.Min(epochGates / 64, 1L << 26)), watchCancel: true);
                    parts[e].SetResult(part);
                }
                catch (Exception ex) { parts[e].SetException(ex); }
            }
        }

        var threads = Enumerable.Range(0, (int)Math.Min(workers, Math.Max(1, epochs)))
            .Select(i => new Thread(Worker) { IsBackground = true, Name = $"epoch worker {i}" }).ToArray();
        foreach (var t in threads) t.Start();

        var combined = newObserver();
        var counters = new EngineCounters();
        var emitted = config.Users.Select(u => new long[u.Source.Levels]).ToArray();
        var byBlock = new List<long[][]>();
        var streams = new RngStreams(config.Seed);
        var unobservedKeys = config.Users.Select(u => streams.SeedFor(AccessNetworkEngine.UnobservedStreamName(u.Index))).ToArray();
        int[] owners = config.SlotOwners();
        long reached = 0, fixedUp = 0;
        GatedDetectorPair? carry = null;
        var sinceReport = Stopwatch.StartNew();
        void Report() // from this thread only, about ten times a second
        {
            if (sinceReport.ElapsedMilliseconds < 100) return;
            sinceReport.Restart();
            progress?.Invoke((double)Interlocked.Read(ref done) / total);
        }
        try
        {
            for (long e = 0; e < epochs; e++)
            {
                while (!parts[e].Task.Wait(100)) Report();
                Part<T> part = parts[e].Task.GetAwaiter().GetResult();
                parts[e] = null!; // taken: memory stays flat in session length
                long start = e * epochGates, end = part.Engine.ProcessedUntilGate;
                accumulate(combined, part.Observer, +1);
                counters.Accumulate(part.Engine.Counters, +1);
                var handOn = part.Engine.DetectorPair;
                Func<long, long[][]> sampledAt = g => part.Sampled[g]; // cumulative explicitly drawn pulses at a boundary
                if (carry is { } state && !state.IsIdleFrom(start) && end > start)
                {
                    fixedUp++;
                    Part<T> withState = Start(e, state), idle = Start(e, null);
                    while (true) // F_e(S) and F_e(0) side by side until their detector states agree
                    {
                        long g = Math.Min(end, withState.Engine.ProcessedUntilGate + FixUpChunkGates);
                        Advance(withState, g, FixUpChunkGates, watchCancel: false);
                        Advance(idle, g, FixUpChunkGates, watchCancel: false);
                        if (withState.Engine.DetectorPair.SameStateAs(idle.Engine.DetectorPair, g)) break;
                        if (g == end) { handOn = withState.Engine.DetectorPair; break; }
                    }
                    long met = withState.Engine.ProcessedUntilGate;
                    accumulate(combined, withState.Observer, +1);
                    accumulate(combined, idle.Observer, -1);
                    counters.Accumulate(withState.Engine.Counters, +1);
                    counters.Accumulate(idle.Engine.Counters, -1);
                    var a = withState.Sampled[met];
                    var b = idle.Sampled[met];
                    sampledAt = g => g <= met ? withState.Sampled[g] : Combine(part.Sampled[g], a, b);
                }
                // Each emission interval (block within the epoch): its explicitly drawn pulses, and the draw for the rest.
                for (long from = start; from < end;)
                {
                    long to = Math.Min(end, NextBoundary(from));
                    var before = sampledAt(from);
                    var after = sampledAt(to);
                    if (blockGates > 0) while (byBlock.Count <= from / blockGates) byBlock.Add(config.Users.Select(u => new long[u.Source.Levels]).ToArray());
                    foreach (var u in config.Users)
                    {
                        var sampled = after[u.Index].Select((x, k) => x - before[u.Index][k]).ToArray();
                        var interval = new long[u.Source.Levels];
                        var rng = AccessNetworkEngine.IntervalRng(unobservedKeys[u.Index], from);
                        AccessNetworkEngine.AddIntervalPulses(interval, sampled, sampled.Sum(), owners[u.Slot] == u.Index,
                            config.PulsesInSlot(u.Slot, to) - config.PulsesInSlot(u.Slot, from), part.Engine.UnobservedIntensityLaw(u.Index), ref rng);
                        for (int k = 0; k < interval.Length; k++)
                        {
                            emitted[u.Index][k] += interval[k];
                            if (blockGates > 0) byBlock[(int)(from / blockGates)][u.Index][k] += interval[k];
                        }
                    }
                    from = to;
                }
                carry = handOn;
                reached = end;
                inFlight.Release();
                Report();
                if (end < Math.Min(total, (e + 1) * epochGates)) break; // cancelled inside this epoch
            }
        }
        finally
        {
            Interlocked.Exchange(ref next, epochs); // workers take no further epoch
            inFlight.Release(2 * workers);
            foreach (var t in threads) t.Join();
        }
        wall.Stop();
        progress?.Invoke(1.0);
        var session = new SessionResult(reached, reached * config.GatePeriodPs, wall.Elapsed.TotalSeconds, 0, reached < total);
        return new Result<T>(combined, counters, emitted, byBlock, session, epochs, fixedUp);
    }

    /// <summary>p + a - b, element by element: the idle run's cumulative counts with its part before the meeting gate replaced.</summary>
    private static long[][] Combine(long[][] p, long[][] a, long[][] b) =>
        p.Select((row, u) => row.Select((x, k) => x + a[u][k] - b[u][k]).ToArray()).ToArray();
}

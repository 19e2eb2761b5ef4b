using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Detectors;

/// <summary>
/// The receiver's two gated APDs as a stateful pair: pending afterpulses and crosstalk clicks, and hold-off.
/// Shared by the skip-ahead and the per-pulse engines, so both differ only in how primary clicks are drawn.
/// Each avalanche triggers an afterpulse and a crosstalk click with independent Bernoulli trials of the per-avalanche
/// probabilities (<see cref="GatedApdModel"/>). The trials are counter-based: either the caller draws them from a stream
/// that does not depend on the detector state (<see cref="AvalancheTrials"/>, the skip-ahead engine's primary clicks), or
/// they come from a generator keyed by (avalanche key, gate, detector) (<see cref="OnAvalanche(long, int)"/>). So the pair's
/// future is a function of its state alone (<see cref="SameStateAs"/>), which is what lets epochs of a session run in
/// parallel and be stitched exactly (<see cref="CopyStateFrom"/>).
/// </summary>
public sealed class GatedDetectorPair
{
    private readonly GatedApdModel _model;
    private readonly ulong _avalancheKey;
    private readonly TimedQueue<SecondaryClick> _pending = new(); // the kernel's (time, sequence) queue, keyed by gate
    private readonly long[] _blindUntilGate = { -1, -1 };

    /// <param name="avalancheKey">Key of the per-avalanche generators (a stream seed, e.g. <c>RngStreams.SeedFor("receiver/detectors")</c>).</param>
    public GatedDetectorPair(GatedApdModel model, ulong avalancheKey)
    {
        _model = model;
        _avalancheKey = avalancheKey;
    }

    public GatedApdModel Model => _model;

    /// <summary>Gate of the earliest pending secondary click (long.MaxValue if none).</summary>
    public long NextSecondaryGate => _pending.PeekTime;

    public int PendingSecondaries => _pending.Count;

    /// <summary>Detector is biased off (hold-off after an avalanche) in this gate.</summary>
    public bool IsBlind(int detector, long gate) => gate <= _blindUntilGate[detector];

    /// <summary>
    /// Adds every secondary click due at <paramref name="gate"/> (earlier ones are stale only if a caller skipped gates, which
    /// callers never do). Where several causes meet in one detector the smallest cause is kept (<see cref="ClickPair.Set"/>),
    /// so the result does not depend on the order in which they were scheduled.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    public void CollectSecondaries(long gate, ref ClickPair clicks)
    {
        while (_pending.PeekTime <= gate)
        {
            SecondaryClick s = _pending.Pop();
            if (s.Gate == gate) clicks.Set(s.Detector, s.Cause);
        }
    }

    /// <summary>Removes clicks of detectors blind in this gate (no avalanche can start during hold-off).</summary>
    public void ApplyHoldoff(long gate, ref ClickPair clicks)
    {
        if (_model.HoldoffGates == 0) return;
        if (clicks.Click0 && IsBlind(0, gate)) clicks.Click0 = false;
        if (clicks.Click1 && IsBlind(1, gate)) clicks.Click1 = false;
    }

    /// <summary>
    /// An avalanche in <paramref name="detector"/> at <paramref name="gate"/> whose trials nobody drew in advance: hold-off
    /// starts, and the afterpulse and crosstalk trials and delays come from a generator seeded by
    /// (avalanche key, gate, detector). A gate and detector have at most one avalanche, so every avalanche has its own draws.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    public void OnAvalanche(long gate, int detector)
    {
        var rng = new Xoshiro256(SplitMix64.Mix(_avalancheKey ^ SplitMix64.Mix(2 * (ulong)gate + (ulong)detector)));
        long afterpulse = rng.NextDouble() < _model.AfterpulsePerAvalanche ? _model.AfterpulseDelay.Sample(ref rng) : 0;
        long crosstalk = rng.NextDouble() < _model.CrosstalkPerAvalanche ? _model.CrosstalkDelay.Sample(ref rng) : 0;
        OnAvalanche(gate, detector, afterpulse, crosstalk);
    }

    /// <summary>
    /// An avalanche whose trials the caller drew (<see cref="AvalancheTrials"/>): hold-off starts, and an afterpulse and a
    /// crosstalk click are scheduled that many gates later (0: none).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    public void OnAvalanche(long gate, int detector, long afterpulseDelayGates, long crosstalkDelayGates)
    {
        if (_model.HoldoffGates > 0) _blindUntilGate[detector] = gate + _model.HoldoffGates;
        if (afterpulseDelayGates > 0) Push(new SecondaryClick(gate + afterpulseDelayGates, (byte)detector, DetectionCause.Afterpulse));
        if (crosstalkDelayGates > 0) Push(new SecondaryClick(gate + crosstalkDelayGates, (byte)detector, DetectionCause.Crosstalk));
    }

    private void Push(in SecondaryClick s) => _pending.Push(s.Gate, in s);

    /// <summary>
    /// Whether this pair and <paramref name="other"/>, both having simulated every gate before <paramref name="fromGate"/>,
    /// will act alike from there on: the same pending secondary clicks (as a multiset) and the same hold-off reaching
    /// <paramref name="fromGate"/> or later.
    /// </summary>
    public bool SameStateAs(GatedDetectorPair other, long fromGate)
    {
        for (int d = 0; d < 2; d++)
            if (Math.Max(_blindUntilGate[d], fromGate - 1) != Math.Max(other._blindUntilGate[d], fromGate - 1)) return false;
        if (_pending.Count != other._pending.Count) return false;
        var mine = Sorted(_pending);
        var theirs = Sorted(other._pending);
        return mine.AsSpan().SequenceEqual(theirs);
    }

    /// <summary>Takes over <paramref name="other"/>'s state: its pending secondary clicks and hold-off.</summary>
    public void CopyStateFrom(GatedDetectorPair other)
    {
        _pending.Clear();
        foreach (var s in Sorted(other._pending)) Push(in s);
        Array.Copy(other._blindUntilGate, _blindUntilGate, 2);
    }

    /// <summary>True when nothing pending and no hold-off reaches <paramref name="fromGate"/>: the state of a fresh pair.</summary>
    public bool IsIdleFrom(long fromGate) => _pending.Count == 0 && _blindUntilGate[0] < fromGate && _blindUntilGate[1] < fromGate;

    private static SecondaryClick[] Sorted(TimedQueue<SecondaryClick> queue)
    {
        var items = queue.Payloads().ToArray();
        Array.Sort(items, (a, b) => a.Gate != b.Gate ? a.Gate.CompareTo(b.Gate) : a.Detector != b.Detector ? a.Detector.CompareTo(b.Detector) : a.Cause.CompareTo(b.Cause));
        return items;
    }
}

/// <summary>
/// The afterpulse and crosstalk trials of a sequence of avalanches drawn ahead, from one stream: the number of avalanches up
/// to the next success of each is geometric (1 + failures), so a random draw is needed only per secondary click. A caller
/// that draws a trial for every potential avalanche, whether or not hold-off then prevents it, consumes its stream
/// independently of the detector state; the avalanches that do happen still get i.i.d. Bernoulli trials, since which
/// potential avalanches happen never depends on their own trials.
/// </summary>
public struct AvalancheTrials
{
    private readonly double _afterpulseInvLambda, _crosstalkInvLambda;
    private readonly GateDelayDistribution _afterpulseDelay, _crosstalkDelay;
    private long _toAfterpulse, _toCrosstalk;

    public AvalancheTrials(GatedApdModel model, ref Xoshiro256 rng)
    {
        _afterpulseInvLambda = InvLambda(model.AfterpulsePerAvalanche);
        _crosstalkInvLambda = InvLambda(model.CrosstalkPerAvalanche);
        _afterpulseDelay = model.AfterpulseDelay;
        _crosstalkDelay = model.CrosstalkDelay;
        _toAfterpulse = Countdown(ref rng, _afterpulseInvLambda);
        _toCrosstalk = Countdown(ref rng, _crosstalkInvLambda);
    }

    /// <summary>The next potential avalanche's trials: the afterpulse and crosstalk delays in gates, 0 where the trial failed.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Next(ref Xoshiro256 rng, out long afterpulseDelayGates, out long crosstalkDelayGates)
    {
        afterpulseDelayGates = 0;
        crosstalkDelayGates = 0;
        if (--_toAfterpulse == 0)
        {
            afterpulseDelayGates = _afterpulseDelay.Sample(ref rng);
            _toAfterpulse = Countdown(ref rng, _afterpulseInvLambda);
        }
        if (--_toCrosstalk == 0)
        {
            crosstalkDelayGates = _crosstalkDelay.Sample(ref rng);
            _toCrosstalk = Countdown(ref rng, _crosstalkInvLambda);
        }
    }

    /// <summary>Trials up to and including the next success: 1 + Geometric failures; "never" when p = 0.</summary>
    private static long Countdown(ref Xoshiro256 rng, double invLambda) =>
        invLambda == 0 ? long.MaxValue : 1 + Samplers.GeometricFailuresFast(ref rng, invLambda);

    private static double InvLambda(double p) => p <= 0 ? 0 : p >= 1 ? 1e-300 : -1.0 / Math.Log(1 - p);
}

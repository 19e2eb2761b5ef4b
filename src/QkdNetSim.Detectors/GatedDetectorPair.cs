using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Detectors;

/// <summary>
/// The receiver's two gated APDs as a stateful pair: pending afterpulses and crosstalk clicks, and hold-off.
/// Shared by the skip-ahead and the per-pulse engines, so both differ only in how primary clicks are drawn.
/// </summary>
public sealed class GatedDetectorPair
{
    private readonly GatedApdModel _model;
    private readonly TimedQueue<SecondaryClick> _pending = new(); // the kernel's (time, sequence) queue, keyed by gate
    private readonly long[] _blindUntilGate = { -1, -1 };
    private Xoshiro256 _rng;

    private readonly double _afterpulseInvLambda, _crosstalkInvLambda;
    private long _avalanchesToAfterpulse, _avalanchesToCrosstalk;

    public GatedDetectorPair(GatedApdModel model, Xoshiro256 rng)
    {
        _model = model;
        _rng = rng;
        _afterpulseInvLambda = InvLambda(model.AfterpulsePerAvalanche);
        _crosstalkInvLambda = InvLambda(model.CrosstalkPerAvalanche);
        _avalanchesToAfterpulse = Countdown(_afterpulseInvLambda);
        _avalanchesToCrosstalk = Countdown(_crosstalkInvLambda);
    }

    public GatedApdModel Model => _model;

    /// <summary>Gate of the earliest pending secondary click (long.MaxValue if none).</summary>
    public long NextSecondaryGate => _pending.PeekTime;

    public int PendingSecondaries => _pending.Count;

    /// <summary>Detector is biased off (hold-off after an avalanche) in this gate.</summary>
    public bool IsBlind(int detector, long gate) => gate <= _blindUntilGate[detector];

    /// <summary>Adds every secondary click due at <paramref name="gate"/> (earlier ones are stale only if a caller skipped gates, which callers never do).</summary>
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
    /// An avalanche happened in <paramref name="detector"/> at <paramref name="gate"/>: start hold-off and draw its
    /// secondary clicks. Each avalanche triggers an afterpulse and a crosstalk click with independent Bernoulli trials of
    /// the per-avalanche probabilities (<see cref="GatedApdModel"/>); the trials are run by geometric countdowns (the
    /// number of avalanches up to the next success is geometric), exactly equivalent and with a random draw only per
    /// secondary click rather than per avalanche.
    /// </summary>
    public void OnAvalanche(long gate, int detector)
    {
        if (_model.HoldoffGates > 0) _blindUntilGate[detector] = gate + _model.HoldoffGates;
        if (--_avalanchesToAfterpulse == 0)
        {
            Push(new SecondaryClick(gate + _model.AfterpulseDelay.Sample(ref _rng), (byte)detector, DetectionCause.Afterpulse));
            _avalanchesToAfterpulse = Countdown(_afterpulseInvLambda);
        }
        if (--_avalanchesToCrosstalk == 0)
        {
            Push(new SecondaryClick(gate + _model.CrosstalkDelay.Sample(ref _rng), (byte)detector, DetectionCause.Crosstalk));
            _avalanchesToCrosstalk = Countdown(_crosstalkInvLambda);
        }
    }

    private void Push(in SecondaryClick s) => _pending.Push(s.Gate, in s);

    /// <summary>Trials up to and including the next success: 1 + Geometric failures; "never" when p = 0.</summary>
    private long Countdown(double invLambda) =>
        invLambda == 0 ? long.MaxValue : 1 + Samplers.GeometricFailuresFast(ref _rng, invLambda);

    private static double InvLambda(double p) => p <= 0 ? 0 : p >= 1 ? 1e-300 : -1.0 / Math.Log(1 - p);
}

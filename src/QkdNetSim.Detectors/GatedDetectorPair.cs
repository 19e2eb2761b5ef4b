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
    private readonly SecondaryClickQueue _pending = new();
    private readonly long[] _blindUntilGate = { -1, -1 };
    private Xoshiro256 _rng;

    public GatedDetectorPair(GatedApdModel model, Xoshiro256 rng)
    {
        _model = model;
        _rng = rng;
    }

    public GatedApdModel Model => _model;

    /// <summary>Gate of the earliest pending secondary click (long.MaxValue if none).</summary>
    public long NextSecondaryGate => _pending.PeekGate;

    public int PendingSecondaries => _pending.Count;

    /// <summary>Detector is biased off (hold-off after an avalanche) in this gate.</summary>
    public bool IsBlind(int detector, long gate) => gate <= _blindUntilGate[detector];

    /// <summary>Adds every secondary click due at <paramref name="gate"/> (earlier ones are stale only if a caller skipped gates, which callers never do).</summary>
    public void CollectSecondaries(long gate, ref ClickPair clicks)
    {
        while (_pending.Count > 0 && _pending.PeekGate <= gate)
        {
            SecondaryClick s = _pending.Pop();
            if (s.Gate == gate) clicks.Set(s.Detector, s.Cause);
        }
    }

    /// <summary>Removes clicks of detectors blind in this gate (no avalanche can start during hold-off).</summary>
    public void ApplyHoldoff(long gate, ref ClickPair clicks)
    {
        if (clicks.Click0 && IsBlind(0, gate)) clicks.Click0 = false;
        if (clicks.Click1 && IsBlind(1, gate)) clicks.Click1 = false;
    }

    /// <summary>
    /// An avalanche happened in <paramref name="detector"/> at <paramref name="gate"/>: start hold-off and draw its
    /// secondary clicks (independent Bernoulli trials with the per-avalanche probabilities of <see cref="GatedApdModel"/>).
    /// </summary>
    public void OnAvalanche(long gate, int detector)
    {
        if (_model.HoldoffGates > 0) _blindUntilGate[detector] = gate + _model.HoldoffGates;
        ulong r = _rng.NextUInt64();
        double uAfterpulse = (r >> 32) * (1.0 / 4294967296.0);
        double uCrosstalk = (r & 0xFFFFFFFFUL) * (1.0 / 4294967296.0);
        if (uAfterpulse < _model.AfterpulsePerAvalanche)
            _pending.Push(new SecondaryClick(gate + _model.AfterpulseDelay.Sample(ref _rng), (byte)detector, DetectionCause.Afterpulse));
        if (uCrosstalk < _model.CrosstalkPerAvalanche)
            _pending.Push(new SecondaryClick(gate + _model.CrosstalkDelay.Sample(ref _rng), (byte)detector, DetectionCause.Crosstalk));
    }
}

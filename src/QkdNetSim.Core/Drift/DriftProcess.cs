using QkdNetSim.Core.Random;

namespace QkdNetSim.Core.Drift;

/// <summary>
/// A Gaussian Markov process whose exact transition over any step dt is affine-Gaussian:
/// x(t+dt) = c + (x(t) - c) a(dt) + s(dt) Z, Z ~ N(0,1) (Ornstein-Uhlenbeck and Wiener processes both have this form).
/// Because the transition is exact, stepping in many small steps or one large one gives the same law, so a drift can be
/// stepped far more finely than any controller acts. One named stream per process; a step allocates nothing
/// (a(dt) and s(dt) are cached for a repeated dt).
/// </summary>
public abstract class DriftProcess
{
    private Xoshiro256 _rng;
    private double _cachedDtS = double.NaN, _decay, _stdDev;

    protected DriftProcess(double initialValue, RngStreams streams, string streamName)
    {
        if (!double.IsFinite(initialValue)) throw new ArgumentOutOfRangeException(nameof(initialValue), initialValue, "must be finite");
        ArgumentNullException.ThrowIfNull(streams);
        StreamName = streamName ?? throw new ArgumentNullException(nameof(streamName));
        _rng = streams.StreamFor(streamName);
        Value = initialValue;
    }

    /// <summary>Name of the <see cref="RngStreams"/> stream this process draws from.</summary>
    public string StreamName { get; }

    /// <summary>Current state x(t).</summary>
    public double Value { get; private set; }

    /// <summary>Total time advanced so far, s.</summary>
    public double ElapsedS { get; private set; }

    /// <summary>Advances the state by dt &gt;= 0 seconds with the exact transition; returns the new value. dt = 0 draws nothing.</summary>
    public double Advance(double dtS)
    {
        if (!(dtS >= 0) || !double.IsFinite(dtS)) throw new ArgumentOutOfRangeException(nameof(dtS), dtS, "step must be finite and >= 0 s");
        if (dtS == 0) return Value;
        if (dtS != _cachedDtS)
        {
            (_decay, _stdDev) = Transition(dtS);
            _cachedDtS = dtS;
        }
        double c = Center;
        double x = c + (Value - c) * _decay;
        if (_stdDev > 0) x += _stdDev * Samplers.StandardNormal(ref _rng);
        Value = x;
        ElapsedS += dtS;
        return x;
    }

    /// <summary>Centre c of the affine transition (the OU mean; any constant for a driftless walk).</summary>
    protected abstract double Center { get; }

    /// <summary>Decay a(dt) and conditional standard deviation s(dt) of the exact transition.</summary>
    protected abstract (double Decay, double StdDev) Transition(double dtS);

    /// <summary>One standard normal from this process's stream (for drawing a stationary initial state).</summary>
    protected double NextStandardNormal() => Samplers.StandardNormal(ref _rng);

    protected void SetInitialValue(double value) => Value = value;
}

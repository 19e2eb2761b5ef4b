using QkdNetSim.Core.Random;

namespace QkdNetSim.Detectors;

/// <summary>
/// Distribution of the gate offset d >= 1 at which a secondary click (afterpulse, crosstalk) follows its parent
/// avalanche: a mixture of geometric laws. A trap with lifetime tau releases at t ~ Exp(tau); the carrier fires in
/// the first gate after t, so d = ceil(t / period) is geometric on {1, 2, ...} with ratio exp(-period/tau).
/// </summary>
public sealed class GateDelayDistribution
{
    private readonly double[] _ratios;          // exp(-period/tau) per component
    private readonly double[] _invLogRatios;    // 1/ln(ratio) for inversion
    private readonly double[] _cumulativeWeights;

    private GateDelayDistribution(double[] ratios, double[] weights)
    {
        _ratios = ratios;
        _invLogRatios = ratios.Select(r => r <= 0 ? 0 : 1 / Math.Log(r)).ToArray();
        _cumulativeWeights = new double[weights.Length];
        double acc = 0;
        for (int i = 0; i < weights.Length; i++) { acc += weights[i]; _cumulativeWeights[i] = acc; }
        _cumulativeWeights[^1] = 1.0;
    }

    /// <summary>Trap-release model: sum of exponentials with the given lifetimes (ps) and weights (sum 1).</summary>
    public static GateDelayDistribution TrapRelease(IReadOnlyList<double> lifetimesPs, IReadOnlyList<double> weights, double gatePeriodPs)
    {
        if (lifetimesPs.Count == 0 || lifetimesPs.Count != weights.Count) throw new ArgumentException("trap lifetimes and weights must have the same, non-zero length");
        return new GateDelayDistribution(lifetimesPs.Select(t => Math.Exp(-gatePeriodPs / t)).ToArray(), weights.ToArray());
    }

    /// <summary>Geometric law P(d) = (1-r) r^(d-1), d >= 1.</summary>
    public static GateDelayDistribution Geometric(double ratio) => new(new[] { ratio }, new[] { 1.0 });

    /// <summary>Probability mass at gate offset d >= 1.</summary>
    public double Probability(long d)
    {
        if (d < 1) return 0;
        double p = 0, prev = 0;
        for (int i = 0; i < _ratios.Length; i++)
        {
            double w = _cumulativeWeights[i] - prev;
            prev = _cumulativeWeights[i];
            p += w * (1 - _ratios[i]) * Math.Pow(_ratios[i], d - 1);
        }
        return p;
    }

    /// <summary>Probability that the offset is congruent to <paramref name="residue"/> modulo <paramref name="modulus"/> (residue 0 means multiples).</summary>
    public double ProbabilityModulo(int residue, int modulus)
    {
        double p = 0, prev = 0;
        int first = residue == 0 ? modulus : residue;
        for (int i = 0; i < _ratios.Length; i++)
        {
            double w = _cumulativeWeights[i] - prev;
            prev = _cumulativeWeights[i];
            double r = _ratios[i];
            // sum over d = first + j*modulus of (1-r) r^(d-1) = (1-r) r^(first-1) / (1 - r^modulus)
            p += w * (1 - r) * Math.Pow(r, first - 1) / (1 - Math.Pow(r, modulus));
        }
        return p;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    public long Sample(ref Xoshiro256 rng)
    {
        int c = 0;
        if (_ratios.Length > 1)
        {
            double u = rng.NextDouble();
            while (c < _cumulativeWeights.Length - 1 && u >= _cumulativeWeights[c]) c++;
        }
        if (_ratios[c] <= 0) return 1;
        double g = Math.Log(rng.NextDoubleNonZero()) * _invLogRatios[c];
        return 1 + (g >= 1e15 ? (long)1e15 : (long)g);
    }
}

using MathNet.Numerics;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Cv.Ofdm;

/// <summary>
/// Per-quadrature symbol alphabet of one OFDM subcarrier, normalised to (−1, 1) as in Wang et al. Sec. 4 (I_g, Q_g independent):
/// QPSK ±1 (Sec. 4.1), a discrete weighted alphabet such as PS-256QAM with Eq. (17) weights (Sec. 4.2), or N(0,1) truncated at
/// ±3σ and divided by 3 (Sec. 4.3, Eq. (19)). Sampling allocates nothing.
/// </summary>
public sealed class OfdmConstellation
{
    private enum Kind { Qpsk, Discrete, TruncatedGaussian }

    private readonly Kind _kind;
    private readonly double[] _levels = [];
    private readonly AliasTable? _alias;
    private readonly double _cutSigma;

    private OfdmConstellation(Kind kind, string name, double variance, double[] levels, AliasTable? alias, double cutSigma)
    {
        _kind = kind;
        Name = name;
        QuadratureVariance = variance;
        _levels = levels;
        _alias = alias;
        _cutSigma = cutSigma;
    }

    public string Name { get; }

    /// <summary>Exact ⟨I²⟩ of the sampled alphabet (σ1² of Eq. (13)); sets A_sig through V_A = 4 A² μ² σ1² (text after Eq. (10)).</summary>
    public double QuadratureVariance { get; }

    /// <summary>QPSK: I, Q uniform on {−1, +1} (Sec. 4.1), σ1² = 1.</summary>
    public static OfdmConstellation Qpsk() => new(Kind.Qpsk, "QPSK", 1.0, [], null, 0.0);

    /// <summary>A discrete per-quadrature alphabet with the given probabilities (e.g. PS-256QAM levels and Eq. (17) weights).</summary>
    public static OfdmConstellation Discrete(string name, ReadOnlySpan<double> levels, ReadOnlySpan<double> probabilities)
    {
        if (levels.Length < 1 || levels.Length != probabilities.Length)
            throw new ArgumentException($"need >= 1 level and one probability per level (got {levels.Length} levels, {probabilities.Length} probabilities)", nameof(levels));
        double sum = 0, mean = 0, second = 0;
        for (int i = 0; i < levels.Length; i++)
        {
            if (!(probabilities[i] >= 0) || !double.IsFinite(levels[i])) throw new ArgumentException("levels must be finite and probabilities finite and >= 0", nameof(probabilities));
            sum += probabilities[i];
        }
        if (!(sum > 0)) throw new ArgumentException("probabilities must not all be zero", nameof(probabilities));
        for (int i = 0; i < levels.Length; i++) { mean += levels[i] * probabilities[i] / sum; second += levels[i] * levels[i] * probabilities[i] / sum; }
        return new OfdmConstellation(Kind.Discrete, name, second - mean * mean, levels.ToArray(), new AliasTable(probabilities), 0.0);
    }

    /// <summary>
    /// N(0, 1) truncated to (−c, c) and divided by c (Sec. 4.3: "normalized to (−1, 1) from (−3σ, 3σ)"); exact variance
    /// [1 − 2c φ(c)/(2Φ(c) − 1)]/c², which is 0.1081 for c = 3 (the paper rounds to 1/9).
    /// </summary>
    public static OfdmConstellation TruncatedGaussian(double cutSigma = 3.0)
    {
        if (!(cutSigma > 0) || !double.IsFinite(cutSigma)) throw new ArgumentOutOfRangeException(nameof(cutSigma), cutSigma, "must be finite and > 0");
        double pdf = Math.Exp(-0.5 * cutSigma * cutSigma) / Math.Sqrt(2 * Math.PI);
        double mass = SpecialFunctions.Erf(cutSigma / Math.Sqrt(2));
        double variance = (1.0 - 2.0 * cutSigma * pdf / mass) / (cutSigma * cutSigma); // truncated-normal variance, rescaled by 1/c²
        return new OfdmConstellation(Kind.TruncatedGaussian, "Gaussian", variance, [], null, cutSigma);
    }

    /// <summary>One quadrature value I_g (or Q_g) in (−1, 1).</summary>
    public double Sample(ref Xoshiro256 rng)
    {
        switch (_kind)
        {
            case Kind.Qpsk:
                return rng.NextBit() == 0 ? -1.0 : 1.0;
            case Kind.Discrete:
                return _levels[_alias!.Sample(ref rng)];
            default:
                while (true)
                {
                    double x = Samplers.StandardNormal(ref rng);
                    if (Math.Abs(x) < _cutSigma) return x / _cutSigma;
                }
        }
    }
}

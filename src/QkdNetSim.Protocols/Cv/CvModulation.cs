using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// Alice's modulation: the displacement (x_A, p_A) of each coherent state, in shot-noise units.
/// Convention (SNU, vacuum quadrature variance 1, hbar = 2; Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018)):
/// the coherent state |alpha&gt; has quadrature means x_A = 2 Re(alpha), p_A = 2 Im(alpha), so its mean photon number is
/// (x_A^2 + p_A^2)/4. <see cref="ModulationVarianceSnu"/> V_M is the variance of EACH of x_A, p_A; the state averaged over
/// the constellation then has quadrature variance V = V_M + 1 and mean photon number V_M/2 (seed 000 Eq. 46: V_M = V - 1;
/// V_M = 4 SNU is "average photon number 2"), which makes the GG02 EPR-picture matrix
/// [[V I, sqrt(T(V^2-1)) Z], [sqrt(T(V^2-1)) Z, T(V + chi_line) I]] of Gg02KeyRate the one the samples realise.
/// Immutable; sampling takes the caller's RNG and allocates nothing.
/// </summary>
public sealed class CvModulation
{
    private readonly double[] _levels;     // PAM levels of one quadrature, already scaled to SNU (QPSK: -a, +a)
    private readonly AliasTable? _alias;   // QAM level sampler (null for Gaussian and QPSK)

    public CvModulationKind Kind { get; }

    /// <summary>Variance V_M of each displacement quadrature x_A, p_A (SNU).</summary>
    public double ModulationVarianceSnu { get; }

    /// <summary>Standard deviation sqrt(V_M) of each displacement quadrature (Gaussian) (SNU).</summary>
    private readonly double _sigma;

    private CvModulation(CvModulationKind kind, double modulationVarianceSnu, double[] levels, AliasTable? alias)
    {
        Kind = kind;
        ModulationVarianceSnu = modulationVarianceSnu;
        _sigma = Math.Sqrt(modulationVarianceSnu);
        _levels = levels;
        _alias = alias;
    }

    /// <summary>Gaussian modulation: x_A, p_A i.i.d. N(0, V_M) (GG02, Grosshans &amp; Grangier 2002).</summary>
    public static CvModulation Gaussian(double modulationVarianceSnu)
    {
        CheckVariance(modulationVarianceSnu);
        return new CvModulation(CvModulationKind.Gaussian, modulationVarianceSnu, [], null);
    }

    /// <summary>
    /// QPSK with the given modulation variance: x_A, p_A i.i.d. uniform on {-sqrt(V_M), +sqrt(V_M)}, i.e. the states
    /// |alpha e^{i(2k+1)pi/4}&gt; with |alpha|^2 = V_M/2 (Leverrier &amp; Grangier 2009; x = 2 Re alpha in SNU).
    /// </summary>
    public static CvModulation Qpsk(double modulationVarianceSnu)
    {
        CheckVariance(modulationVarianceSnu);
        double a = Math.Sqrt(modulationVarianceSnu);
        return new CvModulation(CvModulationKind.Qpsk, modulationVarianceSnu, [-a, a], null);
    }

    /// <summary>QPSK from the coherent amplitude |alpha|: V_M = 2 |alpha|^2 (SNU, x = 2 Re alpha).</summary>
    public static CvModulation QpskFromAmplitude(double amplitudeAlpha)
        => Qpsk(2.0 * amplitudeAlpha * amplitudeAlpha);

    /// <summary>
    /// Probabilistically shaped square QAM: each quadrature independently takes level l_k with probability p_k (e.g. the
    /// Maxwell-Boltzmann PAM of seed 003 Eq. 17, Analysis.Cv.Ofdm.MaxwellBoltzmannQam). The levels are rescaled (after
    /// removing nothing: they must have zero mean) so that the per-quadrature variance is V_M SNU.
    /// </summary>
    public static CvModulation Qam(IReadOnlyList<double> levels, IReadOnlyList<double> probabilities, double modulationVarianceSnu)
    {
        CheckVariance(modulationVarianceSnu);
        if (levels is null || probabilities is null || levels.Count < 2 || levels.Count != probabilities.Count)
            throw new ArgumentException("QAM needs >= 2 levels and one probability per level", "levels");
        double total = 0, mean = 0, second = 0;
        for (int k = 0; k < levels.Count; k++)
        {
            if (!double.IsFinite(levels[k])) throw new ArgumentException($"level {k} must be finite", "levels");
            if (!(probabilities[k] >= 0) || !double.IsFinite(probabilities[k]))
                throw new ArgumentException($"probability {k} must be finite and >= 0 (got {probabilities[k]:G6})", "probabilities");
            total += probabilities[k];
        }
        if (Math.Abs(total - 1.0) > 1e-9) throw new ArgumentException($"must sum to 1 (got {total:G12})", "probabilities");
        for (int k = 0; k < levels.Count; k++)
        {
            mean += probabilities[k] * levels[k];
            second += probabilities[k] * levels[k] * levels[k];
        }
        double variance = second - mean * mean;
        if (!(variance > 0)) throw new ArgumentException("the level distribution must have positive variance", "levels");
        if (Math.Abs(mean) > 1e-9 * Math.Sqrt(second))
            throw new ArgumentException($"the level distribution must have zero mean (got {mean:G6}); a displaced constellation leaks a carrier", "levels");
        double scale = Math.Sqrt(modulationVarianceSnu / variance);
        var scaled = levels.Select(l => l * scale).ToArray();
        return new CvModulation(CvModulationKind.Qam, modulationVarianceSnu, scaled, new AliasTable(probabilities.ToArray()));
    }

    /// <summary>Draws one displacement (x_A, p_A) in SNU.</summary>
    public void Sample(ref Xoshiro256 rng, out double x, out double p)
    {
        switch (Kind)
        {
            case CvModulationKind.Gaussian:
                GaussianPair.Next(ref rng, out x, out p);
                x *= _sigma;
                p *= _sigma;
                return;
            case CvModulationKind.Qpsk:
                ulong bits = rng.NextUInt64();
                x = _levels[(int)(bits >> 63)];
                p = _levels[(int)((bits >> 62) & 1)];
                return;
            default:
                x = _levels[_alias!.Sample(ref rng)];
                p = _levels[_alias.Sample(ref rng)];
                return;
        }
    }

    private static void CheckVariance(double v)
    {
        if (!(v > 0.0) || !double.IsFinite(v))
            throw new ArgumentOutOfRangeException("modulationVarianceSnu", v, "modulation variance V_M must be finite and > 0 SNU");
    }

    public override string ToString() => $"{Kind} modulation, V_M = {ModulationVarianceSnu:G4} SNU";
}

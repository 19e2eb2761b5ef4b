namespace QkdNetSim.Analysis.Cv.Ofdm;

/// <summary>
/// Probabilistically shaped square QAM with a discrete Maxwell-Boltzmann distribution per quadrature (Wang et al., Eq. (17)):
/// ρ(x_i) = exp(−ν x_i²) / Σ_j exp(−ν x_j²), i = 1..L (L = 16 for 256QAM, I and Q independent).
/// Normalisation choice: the paper states "x_i is normalized within (−1 1)", so the levels are the odd integers
/// ±1, ±3, …, ±(L−1) divided by L−1, x_i = (2i − L − 1)/(L − 1), and ν multiplies these normalised levels. This is the
/// reading that reproduces the paper's quoted σ1² = 0.37 and σ2² = 0.11 at ν = 0.04; with integer levels ν = 0.04 would
/// shape strongly (exp(−0.04·15²) ≈ 1e−4) and give σ1² ≈ 0.05 after normalisation.
/// Eq. (18b) is printed with ρ² as weight; the quoted σ2² = 0.11 is the variance of x² with weight ρ (ρ² gives ≈ 0.007),
/// so <see cref="Sigma2Squared"/> uses ρ and <see cref="Sigma2SquaredAsPrinted"/> gives the printed ρ² form.
/// </summary>
public sealed class MaxwellBoltzmannQam
{
    /// <summary>The paper's value ν ≈ 0.04 (text after Eq. (17)).</summary>
    public const double PaperShapingParameter = 0.04;

    private readonly double[] _levels;
    private readonly double[] _probabilities;

    /// <param name="levelsPerQuadrature">L ≥ 2, even (16 for 256QAM).</param>
    /// <param name="nu">ν ≥ 0 (0 is uniform QAM).</param>
    public MaxwellBoltzmannQam(int levelsPerQuadrature, double nu)
    {
        if (levelsPerQuadrature < 2 || levelsPerQuadrature % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(levelsPerQuadrature), $"levels per quadrature must be even and >= 2 (got {levelsPerQuadrature})");
        if (!(nu >= 0.0) || !double.IsFinite(nu)) throw new ArgumentOutOfRangeException(nameof(nu), $"ν must be finite and >= 0 (got {nu})");
        int l = levelsPerQuadrature;
        Nu = nu;
        _levels = new double[l];
        _probabilities = new double[l];
        double z = 0.0;
        for (int i = 1; i <= l; i++)
        {
            double x = (2.0 * i - l - 1.0) / (l - 1.0);
            _levels[i - 1] = x;
            _probabilities[i - 1] = Math.Exp(-nu * x * x); // Eq. (17), numerator
            z += _probabilities[i - 1];
        }
        for (int i = 0; i < l; i++) _probabilities[i] /= z; // Eq. (17), denominator

        double mean = 0.0, meanSq = 0.0;
        for (int i = 0; i < l; i++) { mean += _levels[i] * _probabilities[i]; meanSq += _levels[i] * _levels[i] * _probabilities[i]; }
        double s1 = 0.0, s2 = 0.0, s2Printed = 0.0, fourth = 0.0;
        for (int i = 0; i < l; i++)
        {
            double x = _levels[i], p = _probabilities[i];
            s1 += (x - mean) * (x - mean) * p; // Eq. (18a)
            double d = x * x - meanSq;
            s2 += d * d * p;                     // Eq. (18b), weight ρ (reproduces the quoted 0.11)
            s2Printed += d * d * p * p;          // Eq. (18b) as printed, weight ρ²
            fourth += x * x * x * x * p;
        }
        Sigma1Squared = s1;
        Sigma2Squared = s2;
        Sigma2SquaredAsPrinted = s2Printed;
        FourthMoment = fourth;
    }

    public double Nu { get; }

    /// <summary>Normalised levels x_i in (−1, 1), ascending.</summary>
    public IReadOnlyList<double> Levels => _levels;

    /// <summary>ρ(x_i) of Eq. (17); they sum to 1.</summary>
    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>σ1² = Σ (x_i − E x)² ρ_i (Eq. (18a)); the per-quadrature normalised variance.</summary>
    public double Sigma1Squared { get; }

    /// <summary>σ2² = Σ (x_i² − E x²)² ρ_i (Eq. (18b) with weight ρ).</summary>
    public double Sigma2Squared { get; }

    /// <summary>Eq. (18b) exactly as printed, with weight ρ_i².</summary>
    public double Sigma2SquaredAsPrinted { get; }

    /// <summary>⟨x⁴⟩ (the definition σ2² = ⟨I⁴⟩ stated before Eq. (13); differs from Eq. (18b)).</summary>
    public double FourthMoment { get; }

    /// <summary>Probability of the 2-D constellation point (x_i, x_j) = ρ_i ρ_j (I and Q independent).</summary>
    public double PointProbability(int i, int j) => _probabilities[i] * _probabilities[j];
}

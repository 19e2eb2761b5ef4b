using System.Numerics;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// A discrete modulation: coherent states |alpha_k&gt; (complex amplitudes, mean photon number |alpha_k|^2, so a
/// quadrature x = a + a^dagger has mean 2 Re alpha_k in SNU) sent with probabilities p_k
/// (QPSK: Lin, Upadhyaya, Lütkenhaus, PRX 9, 041064 (2019); M-QAM: Denys, Brown, Leverrier, Quantum 5, 540 (2021)).
/// Immutable; validated on creation (finite points, p_k &gt;= 0, sum p_k = 1 within 1e-9).
/// </summary>
public sealed class Constellation
{
    /// <summary>Tolerance on sum p_k = 1.</summary>
    public const double ProbabilitySumTolerance = 1e-9;

    private readonly Complex[] _points;
    private readonly double[] _probabilities;

    private Constellation(Complex[] points, double[] probabilities, string name)
    {
        _points = points;
        _probabilities = probabilities;
        Name = name;
    }

    public string Name { get; }

    public int Count => _points.Length;

    /// <summary>Coherent amplitudes alpha_k (copy).</summary>
    public Complex[] Points => (Complex[])_points.Clone();

    /// <summary>Probabilities p_k (copy).</summary>
    public double[] Probabilities => (double[])_probabilities.Clone();

    public Complex Point(int k) => _points[k];

    public double Probability(int k) => _probabilities[k];

    /// <summary>Mean photon number &lt;n&gt; = sum_k p_k |alpha_k|^2; the modulation variance is V_M = 2 &lt;n&gt; SNU.</summary>
    public double MeanPhotonNumber => Enumerable.Range(0, Count).Sum(k => _probabilities[k] * _points[k].Magnitude * _points[k].Magnitude);

    /// <summary>Modulation variance V_M = 2 &lt;n&gt; in SNU (per quadrature, vacuum = 1).</summary>
    public double ModulationVarianceSnu => 2.0 * MeanPhotonNumber;

    /// <summary>The same constellation with every amplitude multiplied by sqrt(transmittance) (what a pure-loss channel delivers).</summary>
    public Constellation Attenuated(double transmittance)
    {
        double s = Math.Sqrt(transmittance);
        return new Constellation(_points.Select(p => p * s).ToArray(), _probabilities, Name);
    }

    /// <summary>Validating factory. Bad input throws <see cref="AnalysisInputException"/> naming the field and rule.</summary>
    public static Constellation Create(IReadOnlyList<Complex> points, IReadOnlyList<double> probabilities, string name = "constellation")
    {
        if (points is null || points.Count == 0) throw new AnalysisInputException("points", "at least one coherent state is needed");
        if (probabilities is null || probabilities.Count != points.Count)
            throw new AnalysisInputException("probabilities", $"need one probability per point ({points.Count})");
        if (points.Any(p => !double.IsFinite(p.Real) || !double.IsFinite(p.Imaginary)))
            throw new AnalysisInputException("points", "amplitudes must be finite");
        if (probabilities.Any(p => !(p >= 0.0) || !double.IsFinite(p)))
            throw new AnalysisInputException("probabilities", "probabilities must be finite and >= 0");
        double sum = probabilities.Sum();
        if (Math.Abs(sum - 1.0) > ProbabilitySumTolerance)
            throw new AnalysisInputException("probabilities", $"probabilities must sum to 1 (got {sum:G10})");
        return new Constellation(points.ToArray(), probabilities.ToArray(), name);
    }

    /// <summary>
    /// QPSK: |alpha e^{i(2k+1) pi/4}&gt;, k = 0..3, each with p = 1/4 (Lin et al. PRX 9, 041064 (2019), Sec. II; the seed paper's Sec. II.2).
    /// </summary>
    public static Constellation Qpsk(double amplitude)
    {
        if (!(amplitude > 0.0) || !double.IsFinite(amplitude))
            throw new AnalysisInputException("alpha", $"coherent-state amplitude must be finite and > 0 (got {amplitude:G6})");
        var pts = Enumerable.Range(0, 4).Select(k => Complex.FromPolarCoordinates(amplitude, (2 * k + 1) * Math.PI / 4)).ToArray();
        return new Constellation(pts, new[] { 0.25, 0.25, 0.25, 0.25 }, $"QPSK(alpha={amplitude:G4})");
    }

    /// <summary>
    /// Square M-QAM (M = m^2, m even): amplitudes spacing * ((2i - m + 1) + i (2j - m + 1)) / 2, i, j = 0..m-1, with
    /// probabilities from <paramref name="weight"/>(alpha) normalised (uniform when null; Maxwell-Boltzmann shaping
    /// p ∝ exp(-nu |alpha|^2) as in Denys et al. 2021, Sec. 4, when weight = a => exp(-nu |a|^2)).
    /// </summary>
    public static Constellation SquareQam(int m, double spacing, Func<Complex, double>? weight = null)
    {
        if (m < 2 || m % 2 != 0) throw new AnalysisInputException("side", $"square QAM needs an even number of levels per quadrature >= 2 (got {m})");
        if (!(spacing > 0.0) || !double.IsFinite(spacing)) throw new AnalysisInputException("spacing", $"must be finite and > 0 (got {spacing:G6})");
        var pts = new List<Complex>();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                pts.Add(new Complex(spacing * (2 * i - m + 1) / 2.0, spacing * (2 * j - m + 1) / 2.0));
        var w = pts.Select(p => weight?.Invoke(p) ?? 1.0).ToArray();
        double s = w.Sum();
        if (!(s > 0) || w.Any(x => !(x >= 0))) throw new AnalysisInputException("weight", "weights must be >= 0 with a positive sum");
        return Create(pts, w.Select(x => x / s).ToArray(), $"{m * m}-QAM");
    }

    /// <summary>
    /// Square M-QAM (m^2 points) with Maxwell-Boltzmann probabilities p ∝ exp(-nu |g|^2), g = alpha / spacing the grid
    /// coordinate ((2i - m + 1)/2 + i (2j - m + 1)/2), and the spacing chosen by bisection so that the mean photon number is
    /// <paramref name="meanPhotonNumber"/> (probabilistic shaping as in Denys et al., Quantum 5, 540 (2021), Sec. 4).
    /// nu = 0 is uniform QAM; <see cref="GaussianLikeNu"/> gives a grid spanning about +-3.5 standard deviations of the
    /// Gaussian modulation of the same &lt;n&gt;.
    /// </summary>
    public static Constellation ShapedQam(int m, double meanPhotonNumber, double nu)
    {
        if (!(meanPhotonNumber > 0.0) || !double.IsFinite(meanPhotonNumber)) throw new AnalysisInputException("mean_photon_number", $"must be finite and > 0 (got {meanPhotonNumber:G6})");
        if (!(nu >= 0.0) || !double.IsFinite(nu)) throw new AnalysisInputException("nu", $"shaping parameter must be finite and >= 0 (got {nu:G6})");
        // The probabilities depend on the grid coordinate only, so <n> = spacing^2 <|g|^2>: solve directly.
        var unit = SquareQam(m, 1.0, g => Math.Exp(-nu * g.Magnitude * g.Magnitude));
        double spacing = Math.Sqrt(meanPhotonNumber / unit.MeanPhotonNumber);
        return SquareQam(m, spacing, g => Math.Exp(-nu * (g / spacing).Magnitude * (g / spacing).Magnitude));
    }

    /// <summary>nu = 24.5 / (m - 1)^2: the half-width (m-1)/2 grid steps equals 3.5 standard deviations of exp(-|alpha|^2 / &lt;n&gt;).</summary>
    public static double GaussianLikeNu(int m) => 24.5 / ((m - 1.0) * (m - 1.0));

    public override string ToString() => $"{Name}, <n> = {MeanPhotonNumber:G4}";
}

using Complex = System.Numerics.Complex;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Coarse-grained heterodyne POVM of the QPSK key map (Lin, Upadhyaya, Lütkenhaus, PRX 9, 041064 (2019), key map and
/// region operators with their closed form in the appendix; seed 001 Eq. (12)):
/// R_z = (1/pi) int_{region z} |gamma&gt;&lt;gamma| d^2gamma, region z = {arg gamma in [(2z-1)pi/4, (2z+1)pi/4),
/// |gamma| &gt;= Delta_a}, z = 0..3, and the discarded disc R_disc = 1 - sum_z R_z = (1/pi) int_{|gamma| &lt; Delta_a}.
/// With &lt;m|gamma&gt;&lt;gamma|n&gt; = e^(-r^2) r^(m+n) e^(i(m-n)theta) / sqrt(m! n!) in polar form the integral factorises:
/// radial int_{Delta_a}^inf e^(-r^2) r^(m+n+1) dr = Gamma((m+n)/2 + 1, Delta_a^2) / 2 (upper incomplete gamma),
/// angular int e^(i(m-n)theta) dtheta = (e^(i(m-n)theta_2) - e^(i(m-n)theta_1)) / (i(m-n)) (theta_2 - theta_1 if m = n), so
/// &lt;m|R_z|n&gt; = Gamma((m+n)/2+1) Q((m+n)/2+1, Delta_a^2) / (2 pi sqrt(m! n!)) * angular, Q the regularised upper
/// incomplete gamma (prefactor in logs). R_disc is diagonal with &lt;n|R_disc|n&gt; = P(n+1, Delta_a^2).
/// On a truncation to n &lt; dimension the four R_z plus R_disc sum to the identity exactly (the truncation of 1).
/// </summary>
public sealed class HeterodyneRegionOperators
{
    public const int RegionCount = 4;

    private HeterodyneRegionOperators(IReadOnlyList<Matrix<Complex>> regions, Matrix<Complex> discard, double postselection)
    {
        Regions = regions;
        Discard = discard;
        PostselectionAmplitude = postselection;
    }

    /// <summary>R_0..R_3 on the truncated Fock space.</summary>
    public IReadOnlyList<Matrix<Complex>> Regions { get; }

    /// <summary>R_disc (zero matrix when Delta_a = 0).</summary>
    public Matrix<Complex> Discard { get; }

    /// <summary>Radial postselection amplitude Delta_a (outcomes with |gamma| &lt; Delta_a are discarded).</summary>
    public double PostselectionAmplitude { get; }

    public int Dimension => Discard.RowCount;

    /// <summary>Lower edge of wedge z: (2z - 1) pi / 4.</summary>
    public static double WedgeStart(int z) => (2 * z - 1) * Math.PI / 4;

    public static HeterodyneRegionOperators Build(int dimension, double postselectionAmplitude = 0.0)
    {
        if (dimension < 1) throw new ArgumentException($"dimension must be >= 1 (got {dimension})");
        if (!(postselectionAmplitude >= 0.0) || !double.IsFinite(postselectionAmplitude))
            throw new ArgumentException($"postselection amplitude must be finite and >= 0 (got {postselectionAmplitude:G6})");
        double d2 = postselectionAmplitude * postselectionAmplitude;
        var radial = Matrix<double>.Build.Dense(dimension, dimension, (m, n) =>
        {
            double s = 0.5 * (m + n) + 1.0;
            double q = d2 == 0.0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(s, d2);
            return q * Math.Exp(SpecialFunctions.GammaLn(s) - 0.5 * (SpecialFunctions.GammaLn(m + 1) + SpecialFunctions.GammaLn(n + 1))) / (2 * Math.PI);
        });
        var regions = new Matrix<Complex>[RegionCount];
        for (int z = 0; z < RegionCount; z++)
        {
            double t1 = WedgeStart(z), t2 = t1 + Math.PI / 2;
            regions[z] = Matrix<Complex>.Build.Dense(dimension, dimension, (m, n) =>
            {
                int k = m - n;
                Complex angular = k == 0
                    ? new Complex(t2 - t1, 0)
                    : (Complex.FromPolarCoordinates(1, k * t2) - Complex.FromPolarCoordinates(1, k * t1)) / new Complex(0, k);
                return radial[m, n] * angular;
            });
        }
        var discard = Matrix<Complex>.Build.DenseDiagonal(dimension, dimension,
            n => d2 == 0.0 ? Complex.Zero : new Complex(SpecialFunctions.GammaLowerRegularized(n + 1, d2), 0));
        return new HeterodyneRegionOperators(regions, discard, postselectionAmplitude);
    }
}

using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv.Discrete.Numerical;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete.Numerical;

public class HeterodyneRegionOperatorsTests
{
    /// <summary>
    /// On the truncated space sum_z R_z + R_disc is the identity: the diagonal closed forms add to Q + P = 1 and the four
    /// wedges' angular integrals of e^(ik theta), k != 0, cancel over the full circle; so 1e-12 is round-off.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    public void Regions_and_discard_resolve_the_identity(double postselection)
    {
        var r = HeterodyneRegionOperators.Build(40, postselection);
        var sum = r.Discard.Clone();
        foreach (var op in r.Regions) sum += op;
        Assert.True((sum - Matrix<Complex>.Build.DenseIdentity(40)).FrobeniusNorm() < 1e-12);
    }

    /// <summary>Each R_z is Hermitian and positive semidefinite (smallest eigenvalue above -1e-13, round-off).</summary>
    [Fact]
    public void Regions_are_hermitian_and_positive()
    {
        foreach (var op in HeterodyneRegionOperators.Build(30, 0.3).Regions)
        {
            Assert.True((op - op.ConjugateTranspose()).FrobeniusNorm() < 1e-14);
            Assert.True(op.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real) > -1e-13);
        }
    }

    /// <summary>
    /// &lt;a|R_z|a&gt; is the probability that the Husimi density exp(-|g - a|^2)/pi of |a&gt; falls in wedge z (beyond Delta_a),
    /// computed here by 2-D polar quadrature (Simpson 1200 x 1200 on r in [Delta_a, |a| + 9], the integrand smooth and its
    /// mass beyond the radius e^-81; halving the step from 600 panels cut the deviation from 4.5e-10 by about 16, the h^4 of
    /// Simpson): agreement to 1e-9 is quadrature error. Operators in 60 Fock states (the Poisson tail
    /// of |a|^2 &lt;= 1 beyond 60 is below 1e-80).
    /// </summary>
    [Theory]
    [InlineData(0.7, 0.3, 0.0)]
    [InlineData(-0.2, 0.9, 0.0)]
    [InlineData(0.5, -0.5, 0.4)]
    public void Coherent_expectation_is_the_wedge_probability_of_the_Husimi_Gaussian(double re, double im, double postselection)
    {
        var a = new Complex(re, im);
        const int dim = 60;
        var ket = FockSpace.Coherent(a, dim);
        var r = HeterodyneRegionOperators.Build(dim, postselection);
        for (int z = 0; z < 4; z++)
        {
            double expectation = ket.ConjugateDotProduct(r.Regions[z] * ket).Real;
            double t1 = HeterodyneRegionOperators.WedgeStart(z);
            double integral = Simpson2D(postselection, a.Magnitude + 9, t1, t1 + Math.PI / 2, 1200,
                (rad, th) => rad * Math.Exp(-(Complex.FromPolarCoordinates(rad, th) - a).Magnitude * (Complex.FromPolarCoordinates(rad, th) - a).Magnitude) / Math.PI);
            Assert.Equal(integral, expectation, 9);
        }
    }

    private static double Simpson2D(double r0, double r1, double t0, double t1, int n, Func<double, double, double> f)
    {
        double hr = (r1 - r0) / n, ht = (t1 - t0) / n, acc = 0;
        for (int i = 0; i <= n; i++)
        {
            double wi = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            for (int j = 0; j <= n; j++)
            {
                double wj = j == 0 || j == n ? 1 : (j % 2 == 1 ? 4 : 2);
                acc += wi * wj * f(r0 + i * hr, t0 + j * ht);
            }
        }
        return acc * hr * ht / 9.0;
    }
}

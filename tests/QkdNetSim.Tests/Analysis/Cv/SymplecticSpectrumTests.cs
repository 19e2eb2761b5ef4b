using QkdNetSim.Analysis.Cv;
using static QkdNetSim.Tests.Analysis.Cv.CvTestAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

public class SymplecticSpectrumTests
{
    [Fact]
    public void VacuumHasAllOnes()
    {
        Assert.All(SymplecticSpectrum.Of(CovarianceMatrix.Vacuum(3)), nu => Assert.Equal(1.0, nu, 12));
    }

    [Fact]
    public void ThermalStateHasItsVariance()
    {
        Assert.Equal(7.3, SymplecticSpectrum.Of(CovarianceMatrix.Thermal(7.3))[0], 11);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(1000.0)]
    public void PureEprStateHasOnes(double v)
    {
        var nu = SymplecticSpectrum.Of(CovarianceMatrix.Epr(v));
        Assert.Equal(1.0, nu[0], 6);
        Assert.Equal(1.0, nu[1], 6);
    }

    [Fact]
    public void RandomSymplecticTransformationPreservesSpectrum()
    {
        var s = RandomSymplectic(3, seed: 11);
        Assert.True((s * SymplecticForm.ForModes(3) * s.Transpose() - SymplecticForm.ForModes(3)).Enumerate().All(x => Math.Abs(x) < 1e-10));
        var v = CovarianceMatrix.Create(s * Williamson(1.0, 2.5, 4.0) * s.Transpose());
        var nu = SymplecticSpectrum.Of(v);
        Assert.Equal(1.0, nu[0], 9);
        Assert.Equal(2.5, nu[1], 9);
        Assert.Equal(4.0, nu[2], 9);
        // The transformed matrix is far from diagonal, so the test is not trivial.
        Assert.True(Math.Abs(v[0, 3]) > 0.05);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(42)]
    public void NumericAgreesWithTwoModeClosedForm(int seed)
    {
        var rng = new System.Random(seed);
        double n1 = 1 + 3 * rng.NextDouble(), n2 = 1 + 3 * rng.NextDouble();
        var s = RandomSymplectic(2, seed);
        var v = s * Williamson(n1, n2) * s.Transpose();
        var numeric = SymplecticSpectrum.OfPositiveDefinite(v);
        var (minus, plus) = SymplecticSpectrum.TwoModeClosedForm(v);
        Assert.Equal(minus, numeric[0], 9);
        Assert.Equal(plus, numeric[1], 9);
        Assert.Equal(Math.Min(n1, n2), minus, 8);
        Assert.Equal(Math.Max(n1, n2), plus, 8);
    }

    [Fact]
    public void StandardFormClosedFormMatchesTextbookValues()
    {
        // [[a I, c Z], [c Z, b I]]: nu_-+ = (sqrt((a+b)^2 - 4c^2) -+ (b - a))/2 (Weedbrook et al. 2012, two-mode standard form).
        double a = 5, b = 3, c = 2;
        double root = Math.Sqrt((a + b) * (a + b) - 4 * c * c);
        var nu = SymplecticSpectrum.Of(CovarianceMatrix.TwoModeStandardForm(a, b, c));
        Assert.Equal((root - (a - b)) / 2, nu[0], 10);
        Assert.Equal((root + (a - b)) / 2, nu[1], 10);
    }
}

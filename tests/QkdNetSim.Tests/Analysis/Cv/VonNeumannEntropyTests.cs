using QkdNetSim.Analysis.Cv;
using static QkdNetSim.Tests.Analysis.Cv.CvTestAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

public class VonNeumannEntropyTests
{
    [Fact]
    public void GOfOneIsExactlyZero() => Assert.Equal(0.0, VonNeumannEntropy.G(1.0));

    [Fact]
    public void PureEprStateHasZeroEntropy()
    {
        Assert.Equal(0.0, VonNeumannEntropy.Bits(CovarianceMatrix.Epr(50.0)), 6);
        Assert.Equal(0.0, VonNeumannEntropy.Bits(CovarianceMatrix.Vacuum(2)), 12);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(3.0)]
    [InlineData(41.0)]
    public void ThermalStateEntropyIsBoseEinstein(double v)
    {
        double n = (v - 1) / 2;   // mean photon number
        double expected = (n + 1) * Math.Log2(n + 1) - n * Math.Log2(n);
        Assert.Equal(expected, VonNeumannEntropy.Bits(CovarianceMatrix.Thermal(v)), 10);
    }

    [Fact]
    public void HalfOfEprStateCarriesEntanglementEntropy()
    {
        // Reduced state of a pure EPR pair is thermal with variance V: S(A) = g(V) = S(B), while S(AB) = 0.
        double v = 9.0, n = 4.0;
        double expected = (n + 1) * Math.Log2(n + 1) - n * Math.Log2(n);
        Assert.Equal(expected, VonNeumannEntropy.Bits(CovarianceMatrix.Epr(v).Submatrix(0)), 10);
    }

    [Fact]
    public void EntropyIsInvariantUnderSymplecticMaps()
    {
        var s = RandomSymplectic(3, seed: 5);
        var v = CovarianceMatrix.Create(s * Williamson(1.0, 2.0, 6.0) * s.Transpose());
        Assert.Equal(G(2.0) + G(6.0), VonNeumannEntropy.Bits(v), 8);
    }

    [Fact]
    public void UnphysicalEigenvalueThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VonNeumannEntropy.G(0.9));
        Assert.Equal(0.0, VonNeumannEntropy.G(1.0 - 1e-9)); // round-off of 1
    }
}

using QkdNetSim.Analysis.Cv;
using QkdNetSim.Core;
using static QkdNetSim.Tests.Analysis.Cv.CvTestAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

public class CovarianceMatrixTests
{
    [Fact]
    public void UncertaintyViolatingMatrixIsRejectedNamingTheRule()
    {
        var m = new[,] { { 0.5, 0.0 }, { 0.0, 0.5 } };
        string? rule = CovarianceMatrix.Violation(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(m));
        Assert.NotNull(rule);
        Assert.Contains("symplectic eigenvalue 0.5 < 1", rule);
        Assert.Contains("uncertainty principle", rule);
        Assert.DoesNotContain("\n", rule);
        var e = Assert.Throws<ArgumentException>(() => CovarianceMatrix.Create(m)); // physics: an argument error carrying the rule
        Assert.StartsWith(rule, e.Message);
    }

    [Fact]
    public void SqueezedButPhysicalStateIsAccepted()
    {
        // diag(0.5, 2): det = 1, nu = 1 — a pure squeezed vacuum, allowed although V_xx < 1.
        var v = CovarianceMatrix.Create(new[,] { { 0.5, 0.0 }, { 0.0, 2.0 } });
        Assert.Equal(1.0, SymplecticSpectrum.Of(v)[0], 12);
    }

    [Fact]
    public void NonSymmetricMatrixIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CovarianceMatrix.Create(new[,] { { 2.0, 0.3 }, { 0.1, 2.0 } }));
        Assert.Contains("symmetric", e.Message);
    }

    [Fact]
    public void NonPositiveMatrixIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CovarianceMatrix.Create(new[,] { { 2.0, 0.0 }, { 0.0, -1.0 } }));
        Assert.Contains("positive definite", e.Message);
    }

    [Fact]
    public void OddDimensionAndNaNAreRejected()
    {
        Assert.Contains("2n", Assert.Throws<ArgumentException>(() => CovarianceMatrix.Create(new double[3, 3])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() =>
            CovarianceMatrix.Create(new[,] { { double.NaN, 0.0 }, { 0.0, 1.0 } })).Message);
    }

    [Fact]
    public void StandardFormBeyondEntanglementLimitIsRejected()
    {
        // a = b = 3, c = 2.9: positive definite (c < 3) but nu_- = sqrt((a+b)^2 - 4c^2)/2 = 0.768 < 1, unphysical.
        var e = Assert.Throws<ArgumentException>(() => CovarianceMatrix.TwoModeStandardForm(3, 3, 2.9));
        Assert.Contains("symplectic eigenvalue 0.768 < 1", e.Message);
        Assert.Contains("uncertainty principle", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CovarianceMatrix.Epr(0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => CovarianceMatrix.Thermal(0.9));
    }

    [Fact]
    public void EprFormAndSubmatrices()
    {
        double v = 5.0, c = Math.Sqrt(24.0);
        var epr = CovarianceMatrix.Epr(v);
        Assert.Equal(2, epr.ModeCount);
        Assert.Equal(c, epr[0, 2], 12);
        Assert.Equal(-c, epr[1, 3], 12);
        Assert.Equal(0.0, epr[0, 3]);
        var alice = epr.Submatrix(0);
        Assert.True((alice.Values - v * Identity(2)).Enumerate().All(x => Math.Abs(x) < 1e-12));
        var swapped = epr.Submatrix(1, 0);
        Assert.Equal(c, swapped[0, 2], 12);
        var general = CovarianceMatrix.TwoModeStandardForm(4, 3, 2);
        Assert.Equal(3.0, general.Submatrix(1)[1, 1]);
        Assert.Equal(-2.0, general[3, 1]);
    }

    [Fact]
    public void DirectSumAndTransformKeepStructure()
    {
        var sum = CovarianceMatrix.Thermal(3).DirectSum(CovarianceMatrix.Epr(2));
        Assert.Equal(3, sum.ModeCount);
        Assert.Equal(0.0, sum[0, 2]);
        Assert.Throws<ArgumentException>(() => sum.Transformed(2 * Identity(6)));
    }
}

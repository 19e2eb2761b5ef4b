using QkdNetSim.Analysis.Cv;
using static QkdNetSim.Tests.Analysis.Cv.CvTestAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

public class GaussianMeasurementTests
{
    [Theory]
    [InlineData(2.0)]
    [InlineData(20.0)]
    public void HeterodyneOfHalfAnEprPairLeavesVacuum(double v)
    {
        // V - (V^2 - 1)/(V + 1) = 1 on both quadratures: the remaining mode collapses to a coherent (pure) state.
        var conditional = GaussianMeasurement.AfterHeterodyne(CovarianceMatrix.Epr(v), 1);
        Assert.Equal(1, conditional.ModeCount);
        Assert.True((conditional.Values - Identity(2)).Enumerate().All(x => Math.Abs(x) < 1e-10));
    }

    [Fact]
    public void HomodyneOfHalfAnEprPairSqueezesOneQuadrature()
    {
        // x measured: V_x|x = V - (V^2-1)/V = 1/V, p unchanged V (pure squeezed state).
        double v = 4.0;
        var cx = GaussianMeasurement.AfterHomodyne(CovarianceMatrix.Epr(v), 1, Quadrature.X);
        Assert.Equal(1 / v, cx[0, 0], 12);
        Assert.Equal(v, cx[1, 1], 12);
        var cp = GaussianMeasurement.AfterHomodyne(CovarianceMatrix.Epr(v), 0, Quadrature.P);
        Assert.Equal(v, cp[0, 0], 12);
        Assert.Equal(1 / v, cp[1, 1], 12);
    }

    [Fact]
    public void MeasuringAnUncorrelatedModeChangesNothing()
    {
        var state = CovarianceMatrix.Epr(3).DirectSum(CovarianceMatrix.Thermal(5));
        var after = GaussianMeasurement.AfterHeterodyne(state, 2);
        Assert.True((after.Values - CovarianceMatrix.Epr(3).Values).Enumerate().All(x => Math.Abs(x) < 1e-12));
    }

    [Fact]
    public void MiddleModeOfThreeIsConditionedOutWithOthersInOrder()
    {
        // Thermal(2) ⊕ EPR(3) on modes (0, 1, 2); heterodyne mode 1: mode 0 untouched, mode 2 -> vacuum.
        var state = CovarianceMatrix.Thermal(2).DirectSum(CovarianceMatrix.Epr(3));
        var after = GaussianMeasurement.AfterHeterodyne(state, 1);
        Assert.Equal(2, after.ModeCount);
        Assert.Equal(2.0, after[0, 0], 12);
        Assert.Equal(1.0, after[2, 2], 12);
        Assert.Equal(1.0, after[3, 3], 12);
    }

    [Fact]
    public void BeamSplitterCorrelatedHeterodyneMatchesHandFormula()
    {
        // Thermal V on mode 0 split by a 50:50 beam splitter with vacuum: each output has (V+1)/2, covariance (V-1)/2 on x and p.
        // Heterodyne of output 1: (V+1)/2 - ((V-1)/2)^2 / ((V+1)/2 + 1).
        double v = 7;
        var state = CovarianceMatrix.Thermal(v).DirectSum(CovarianceMatrix.Vacuum(1)).Transformed(BeamSplitter.Symplectic(2, 0, 1, 0.5));
        double expected = (v + 1) / 2 - Math.Pow((v - 1) / 2, 2) / ((v + 1) / 2 + 1);
        var after = GaussianMeasurement.AfterHeterodyne(state, 1);
        Assert.Equal(expected, after[0, 0], 12);
        Assert.Equal(expected, after[1, 1], 12);
    }
}

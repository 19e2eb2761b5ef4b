using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis.Cv.Broadcast;

public class BroadcastValidationTests
{
    private static BroadcastNetwork Net(double vm, double eta)
        => new(vm, 0.5, 0.05, new[] { new BroadcastUser(1.0, 0.0, 0.6, 0.1), new BroadcastUser(0.9, 0.0, eta, 0.1) }, 0.95);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void CvNonPositiveModulationVarianceIsRejectedNamingTheField(double vm)
    {
        var e = Assert.Throws<AnalysisInputException>(() => Net(vm, 0.6));
        Assert.Equal("modulation_variance", e.Field);
        Assert.Equal("modulation_variance", Assert.Throws<AnalysisInputException>(() => BroadcastNetwork.Uniform(4, 10, vm, 0.05, 0.6, 0.1, 0.956)).Field);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.2)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    public void CvDetectorEfficiencyOutsideTheUnitIntervalIsRejectedNamingTheUser(double eta)
    {
        var e = Assert.Throws<AnalysisInputException>(() => Net(4, eta));
        Assert.Equal("users[1].detector_efficiency", e.Field);
        Assert.Contains("(0, 1]", e.Rule);
        var u = Assert.Throws<AnalysisInputException>(() => BroadcastNetwork.Uniform(4, 10, 4, 0.05, eta, 0.1, 0.956));
        Assert.Equal("users[0].detector_efficiency", u.Field);
    }

    [Fact]
    public void CvEfficiencyOneIsAccepted() => Assert.Equal(1.0, Net(4, 1.0).Users[1].DetectorEfficiency);
}

using QkdNetSim.Analysis.Cv;
using QkdNetSim.Core;

namespace QkdNetSim.Tests.Analysis.Cv;

public class TrustedDetectorTests
{
    [Fact]
    public void InputReferredNoiseMatchesLodewyckAndLaudenbach()
    {
        // Lodewyck et al. 2007 parameters eta = 0.606, v_el = 0.041.
        Assert.Equal((1 - 0.606 + 0.041) / 0.606, TrustedDetector.Homodyne(0.606, 0.041).InputReferredNoiseSnu, 14);
        Assert.Equal((2 - 0.606 + 2 * 0.041) / 0.606, TrustedDetector.Heterodyne(0.606, 0.041).InputReferredNoiseSnu, 14);
        Assert.Equal(1.0, TrustedDetector.Ideal(DetectionKind.Heterodyne).InputReferredNoiseSnu);
        Assert.Equal(0.0, TrustedDetector.Ideal(DetectionKind.Homodyne).InputReferredNoiseSnu);
    }

    [Theory]
    [InlineData(DetectionKind.Homodyne, 0.606, 0.041)]
    [InlineData(DetectionKind.Heterodyne, 0.606, 0.041)]
    [InlineData(DetectionKind.Heterodyne, 1.0, 0.1)]
    [InlineData(DetectionKind.Homodyne, 1.0, 0.1)]
    public void BeamSplitterModelReproducesTheDetectorNoise(DetectionKind kind, double eta, double vel)
    {
        // Signal of variance s through a beam splitter eta mixed with an ancilla of variance v, then an ideal detector
        // (adds 0 for homodyne, 1 vacuum unit for heterodyne); referred back to the input: s + ((1 - eta) v + ideal)/eta.
        var detector = TrustedDetector.Create(kind, eta, vel);
        var (t, v) = detector.BeamSplitterModel();
        double ideal = kind == DetectionKind.Heterodyne ? 1.0 : 0.0;
        Assert.Equal(detector.InputReferredNoiseSnu, ((1 - t) * v + ideal) / t, 12);
    }

    [Fact]
    public void AncillaVarianceFollowsTheModel()
    {
        Assert.Equal(1 + 0.041 / (1 - 0.606), TrustedDetector.Homodyne(0.606, 0.041).AncillaEprVariance, 14);
        Assert.Equal(1 + 2 * 0.041 / (1 - 0.606), TrustedDetector.Heterodyne(0.606, 0.041).AncillaEprVariance, 14);
    }

    [Fact]
    public void RealisticDetectorUsesItsOwnBeamSplitterAndAncilla()
    {
        var (t, v) = TrustedDetector.Heterodyne(0.606, 0.041).BeamSplitterModel();
        Assert.Equal(0.606, t);
        Assert.Equal(1 + 2 * 0.041 / (1 - 0.606), v, 14);
        Assert.Equal((1.0, 1.0), TrustedDetector.Ideal(DetectionKind.Heterodyne).BeamSplitterModel());
        // eta = 1 with v_el > 0: vacuum ancilla, loss 2/(1 + chi_het) = 2/(2 + 2 v_el).
        var (t1, v1) = TrustedDetector.Heterodyne(1.0, 0.25).BeamSplitterModel();
        Assert.Equal(0.8, t1, 14);
        Assert.Equal(1.0, v1);
    }

    [Theory]
    [InlineData(0.0, 0.0, "efficiency")]
    [InlineData(1.2, 0.0, "efficiency")]
    [InlineData(-0.1, 0.0, "efficiency")]
    [InlineData(double.NaN, 0.0, "efficiency")]
    [InlineData(0.5, -0.01, "electronicNoiseSnu")]
    [InlineData(0.5, double.PositiveInfinity, "electronicNoiseSnu")]
    public void BadParametersAreArgumentErrorsNamingTheParameter(double eta, double vel, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrustedDetector.Heterodyne(eta, vel));
        Assert.Equal(parameter, e.ParamName);
    }
}

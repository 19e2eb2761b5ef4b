using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Core;
using static QkdNetSim.Tests.Analysis.Cv.CvTestAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

public class GaussianMutualInformationTests
{
    [Fact]
    public void ScalarAndMatrixForms()
    {
        Assert.Equal(0.5 * Math.Log2(8), GaussianMutualInformation.Homodyne(8, 1), 14);
        Assert.Equal(Math.Log2(8), GaussianMutualInformation.Heterodyne(8 * Identity(2), Identity(2)), 14);
    }

    [Theory]
    [InlineData(5.0, 0.3, 0.01, 0.6, 0.05)]
    [InlineData(20.0, 0.9, 0.0, 1.0, 0.0)]
    public void HeterodyneClosedFormMatchesEntanglementBasedConditioning(double vm, double t, double xi, double eta, double vel)
    {
        // Independent route: in the entanglement-based picture Alice heterodynes A; Bob's outcome (referred to the channel
        // input / T) has covariance gamma_B + chi_het I and, conditioned on Alice, gamma_B|a + chi_het I.
        double v = vm + 1, chiLine = 1 / t - 1 + xi;
        var det = TrustedDetector.Heterodyne(eta, vel);
        var gammaAb = CovarianceMatrix.TwoModeStandardForm(v, t * (v + chiLine), Math.Sqrt(t * (v * v - 1)));
        var bGivenA = GaussianMeasurement.AfterHeterodyne(gammaAb, 0).Values;
        var noise = det.InputReferredNoiseSnu * Identity(2);
        double expected = GaussianMutualInformation.Heterodyne(gammaAb.Submatrix(1).Values + noise, bGivenA + noise);
        Assert.Equal(expected, GaussianMutualInformation.AliceBobGaussianModulation(vm, t, xi, det), 10);
    }

    [Fact]
    public void HomodyneIsHalfOfHeterodyneFormWithItsOwnNoise()
    {
        // I_hom = 1/2 log2((V + chi_tot)/(1 + chi_tot)) with chi_hom; ideal detector at T = 1: 1/2 log2(V).
        Assert.Equal(0.5 * Math.Log2(11), GaussianMutualInformation.AliceBobGaussianModulation(10, 1, 0, TrustedDetector.Ideal(DetectionKind.Homodyne)), 12);
        Assert.Equal(Math.Log2(6), GaussianMutualInformation.AliceBobGaussianModulation(10, 1, 0, TrustedDetector.Ideal(DetectionKind.Heterodyne)), 12);
    }

    [Fact]
    public void BadLinkParametersAreRejectedNamingFieldAndRule()
    {
        var det = TrustedDetector.Ideal(DetectionKind.Heterodyne);
        Assert.Equal("modulation variance must be > 0 SNU and finite (got 0)",
            Assert.Throws<AnalysisInputException>(() => GaussianMutualInformation.AliceBobGaussianModulation(0, 0.5, 0, det)).Rule);
        Assert.Equal("transmittance", Assert.Throws<AnalysisInputException>(() => GaussianMutualInformation.AliceBobGaussianModulation(1, 0, 0, det)).Field);
        Assert.Equal("excess_noise", Assert.Throws<AnalysisInputException>(() => GaussianMutualInformation.AliceBobGaussianModulation(1, 0.5, -1e-3, det)).Field);
    }
}

using QkdNetSim.Experiments.Seed003;

namespace QkdNetSim.Tests.Experiments.Seed003;

public class Seed003SetupTests
{
    [Fact]
    public void PaperValuesLoadAndProtocolsCarryThePaperParameters()
    {
        var paper = Seed003Paper.Load();
        Assert.Equal(new[] { 61, 56, 43 }, paper.Qpsk.OptimalN);
        Assert.Equal(3, paper.Gaussian.DistancesKm.Length);
        var all = Seed003Protocol.All(paper);
        Assert.Equal(0.45, all[0].Modulation.ModulationVarianceSnu);
        Assert.Equal(0.007, all[0].SingleCarrierExcessNoiseSnu);
        Assert.Equal(0.56, all[1].Detector.Efficiency);
        Assert.Equal(0.15, all[1].Detector.ElectronicNoiseSnu);
        Assert.Equal(0.1, all[2].Detector.ElectronicNoiseSnu);
        Assert.Equal(paper.Qam256.Sigma1Squared!.Value, all[1].Modulation.Sigma1Squared, 0.005); // Eq. (18a) with normalised levels
    }

    [Fact]
    public void NullKeyRateExcessNoiseIsTheRootOfTheRate()
    {
        double root = Seed003KeyRateExperiment.NullKeyRateExcessNoise(eps => 0.3 - 2 * eps);
        Assert.Equal(0.15, root, 1e-12);
        Assert.Equal(0.0, Seed003KeyRateExperiment.NullKeyRateExcessNoise(eps => -1 - eps));
    }
}

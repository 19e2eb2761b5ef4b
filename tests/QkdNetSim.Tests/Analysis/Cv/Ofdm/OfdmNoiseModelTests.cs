using QkdNetSim.Analysis.Cv.Ofdm;

namespace QkdNetSim.Tests.Analysis.Cv.Ofdm;

public class OfdmNoiseModelTests
{
    private const double Kappa = 0.98, Theta = Math.PI / 50, Mu = 0.01;

    [Fact]
    public void SingleCarrierHasOnlyTheIqImbalanceTerm()
    {
        var model = new OfdmNoiseModel(OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45));
        double iq = 0.45 / 4 * (Kappa * Kappa + 1 - 2 * Kappa * Math.Cos(Theta)); // Eq. (15), first term
        Assert.Equal(iq, model.IqImbalanceNoiseSnu, 15);
        Assert.Equal(iq, model.ModulationNoiseSnu(1, 1), 15);
        Assert.Equal(iq, model.ModulationNoiseSnu(2, 1), 15); // N = 2: no third-order product lands in band
        Assert.Equal(iq, model.ModulationNoiseSnu(2, 2), 15);
    }

    [Fact]
    public void IntermodulationTermMatchesHandEvaluationOfEq15()
    {
        // N = 10, k = 5 by hand: M1 (2m+n=5): (1,3),(2,1) -> 2; M2 (2m-n=5): m=3..7 minus m=5 -> 4;
        // W1: none (1+2+3=6 > 5); W3 (m-n-l=5): {1,2}->8, {1,3}->9, {1,4}->10, {2,3}->10 -> 4.
        var c = IntermodulationCounts.For(10, 5);
        Assert.Equal((2L, 4L, 0L, 4L), (c.M1, c.M2, c.W1, c.W3));
        double va = 5, s1 = 0.3, s2 = 0.2;
        var model = new OfdmNoiseModel(new OfdmModulation(Mu, 1.0, 0.0, va, s1, s2)); // IQ balance: κ = 1, θ = 0
        Assert.Equal(0.0, model.IqImbalanceNoiseSnu, 15);
        double expected = va * Math.Pow(Mu, 4) / 32 * 4 * (36 * s2 + 2 * (4 + c.W2 * c.W2 + 16) * s1 * s1);
        Assert.Equal(expected, model.ModulationNoiseSnu(10, 5), expected * 1e-12);
    }

    [Fact]
    public void NoiseGrowsWithModulationIndexAndWorstNoiseGrowsWithN()
    {
        // Fig. 4: ε_mod(k) increases with μ; Fig. 5: ε_mod(k_worst) increases with N.
        double previous = 0;
        foreach (double mu in new[] { 0.0, 0.005, 0.01, 0.02, 0.05 })
        {
            double eps = new OfdmNoiseModel(OfdmModulation.Qpsk(mu, Kappa, Theta, 0.45)).Worst(40).ModulationNoiseSnu;
            Assert.True(eps >= previous);
            previous = eps;
        }
        var model = new OfdmNoiseModel(OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45));
        previous = 0;
        for (int n = 1; n <= 80; n++)
        {
            double eps = model.Worst(n).ModulationNoiseSnu;
            Assert.True(eps >= previous, $"N={n}");
            previous = eps;
        }
    }

    [Fact]
    public void WorstSubcarrierIsTheArgmaxAndSitsInsideTheBand()
    {
        var model = new OfdmNoiseModel(OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45));
        foreach (int n in new[] { 10, 25, 40, 60, 100 })
        {
            var all = model.PerSubcarrier(n);
            var worst = model.Worst(n);
            Assert.Equal(all.Max(s => s.ModulationNoiseSnu), worst.ModulationNoiseSnu);
            Assert.Equal(model.ModulationNoiseSnu(n, worst.Subcarrier), worst.ModulationNoiseSnu, 15);
            // Edge subcarriers see fewer in-band products than the worst one, which lies in the central part of the band.
            Assert.True(all[0].ModulationNoiseSnu < worst.ModulationNoiseSnu);
            Assert.True(all[n - 1].ModulationNoiseSnu < worst.ModulationNoiseSnu);
            Assert.InRange(worst.Subcarrier, n / 3, 2 * n / 3 + 1);
        }
    }

    [Fact]
    public void PresetsCarryThePapersVariances()
    {
        Assert.Equal((1.0, 1.0), (OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45).Sigma1Squared, OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45).Sigma2Squared));
        var g = OfdmModulation.Gaussian(Mu, Kappa, Theta, 5);
        Assert.Equal(1.0 / 9, g.Sigma1Squared, 15);
        Assert.Equal(2 * g.Sigma1Squared * g.Sigma1Squared, g.Sigma2Squared, 15); // Eq. (20b)
        var q = OfdmModulation.ShapedQam256(Mu, Kappa, Theta, 5);
        Assert.Equal(new MaxwellBoltzmannQam(16, 0.04).Sigma1Squared, q.Sigma1Squared, 15);
    }
}

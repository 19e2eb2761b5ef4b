using QkdNetSim.Analysis.Cv.Ofdm;
using QkdNetSim.Protocols.Cv.Ofdm;
using static QkdNetSim.Tests.Protocols.Cv.Ofdm.OfdmSimulationFixtures;

namespace QkdNetSim.Tests.Protocols.Cv.Ofdm;

public class OfdmExcessNoiseTests
{
    public static TheoryData<string> Presets => new() { "QPSK", "PS-256QAM", "Gaussian" };

    private static (OfdmConstellation, OfdmModulation, double Va) Preset(string name) => name switch
    {
        "QPSK" => (OfdmConstellation.Qpsk(), OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45), 0.45),
        "PS-256QAM" => (ShapedQam256(), OfdmModulation.ShapedQam256(Mu, Kappa, Theta, 5.0), 5.0),
        _ => (OfdmConstellation.TruncatedGaussian(), OfdmModulation.Gaussian(Mu, Kappa, Theta, 5.0), 5.0),
    };

    [Theory]
    [Trait("Category", "Statistical")]
    [MemberData(nameof(Presets))]
    public void MeasuredNoiseMatchesEq15AtSmallMu(string preset)
    {
        // At μ = 0.01, N = 16 the Eq. (15) intermodulation term is < 1e-4 of the IQ-imbalance term, so the small-signal model
        // holds. Estimator: ⟨ΔX²⟩ over S = 5000 symbols; ΔX is linear in (I_k, Q_k), so Var(ΔX²)/⟨ΔX²⟩² ≤ 2 for Gaussian symbols
        // and = (2ab/(a²+b²))² ≈ 0.4 for QPSK (a = κcosθ−1, b = κ sinθ); relative standard error ≤ √2/√5000 = 2.0 % per
        // subcarrier, so 10 % is ≥ 5 σ. The subcarrier average (16 independent estimates, se ≤ 0.5 %) must be within 3 % (≥ 6 σ).
        const int n = 16;
        var (constellation, modulation, va) = Preset(preset);
        var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(n, Mu, Kappa, Theta, va), constellation);
        var measured = sim.MeasureExcessNoise(rootSeed: 2022, symbolCount: 5000);
        var model = new OfdmNoiseModel(modulation).PerSubcarrier(n);
        for (int k = 0; k < n; k++)
            Assert.InRange(measured.ExcessNoiseSnu[k] / model[k].ModulationNoiseSnu, 0.90, 1.10);
        Assert.InRange(measured.MeanExcessNoiseSnu / model.Average(s => s.ModulationNoiseSnu), 0.97, 1.03);
    }

    [Fact]
    public void SameSeedSameNumbersOtherSeedOtherNumbers()
    {
        var settings = new OfdmModulatorSettings(12, 0.2, Kappa, Theta, 5.0);
        var a = new OfdmModulationSimulator(settings, ShapedQam256()).MeasureExcessNoise(5, 50);
        var b = new OfdmModulationSimulator(settings, ShapedQam256()).MeasureExcessNoise(5, 50);
        var c = new OfdmModulationSimulator(settings, ShapedQam256()).MeasureExcessNoise(6, 50);
        Assert.Equal(a.ExcessNoiseSnu, b.ExcessNoiseSnu);
        Assert.Equal(a.StandardErrorSnu, b.StandardErrorSnu);
        Assert.NotEqual(a.ExcessNoiseSnu, c.ExcessNoiseSnu);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void IqImbalanceIncreasesNoise()
    {
        // Ordering checks far outside the sampling error. Eq. (15): the IQ term is V_A/4 (a² + b²), a = κcosθ − 1, b = κ sinθ,
        // i.e. 4.5e-5 SNU for κ = 0.98 alone and 4.8e-4 with the skew π/50 (ratio 10.6), while the balanced modulator has
        // only the intermodulation term (~1e-7 at μ = 0.01, N = 10). For QPSK ΔX² = a² + b² + 2ab I Q has relative sd
        // 2|ab|/(a² + b²) per symbol (0 without skew, 0.63 with it), so the mean over 500 symbols x 10 subcarriers has a
        // relative se below 1 %: thresholds of 10x and 2x are tens of se away from the expected ratios.
        const int n = 10;
        double balanced = new OfdmModulationSimulator(new OfdmModulatorSettings(n, 0.01, 1.0, 0.0, 0.45), OfdmConstellation.Qpsk()).MeasureExcessNoise(1, 500).MeanExcessNoiseSnu;
        double gainOnly = new OfdmModulationSimulator(new OfdmModulatorSettings(n, 0.01, 0.98, 0.0, 0.45), OfdmConstellation.Qpsk()).MeasureExcessNoise(1, 500).MeanExcessNoiseSnu;
        double both = new OfdmModulationSimulator(new OfdmModulatorSettings(n, 0.01, 0.98, Math.PI / 50, 0.45), OfdmConstellation.Qpsk()).MeasureExcessNoise(1, 500).MeanExcessNoiseSnu;
        Assert.True(gainOnly > 10 * balanced, $"gain imbalance: {gainOnly} vs balanced {balanced}");
        Assert.True(both > 2 * gainOnly, $"skew: {both} vs {gainOnly}");
    }

    [Fact]
    public void ComplexReceiverSeesOnlyTheInPhaseImbalance()
    {
        // With the image on the unused bin −k, ΔX = Aμ(κcosθ − 1) I_k: ⟨ΔX²⟩ = V_A/4 (κcosθ − 1)² (deterministic for QPSK).
        var settings = new OfdmModulatorSettings(8, 1e-4, Kappa, Theta, 0.45, projection: SubcarrierProjection.ComplexReceiver);
        var m = new OfdmModulationSimulator(settings, OfdmConstellation.Qpsk()).MeasureExcessNoise(3, 50);
        double expected = 0.45 / 4 * Math.Pow(Kappa * Math.Cos(Theta) - 1, 2);
        foreach (double e in m.ExcessNoiseSnu) Assert.Equal(expected, e, expected * 1e-4);
    }
}

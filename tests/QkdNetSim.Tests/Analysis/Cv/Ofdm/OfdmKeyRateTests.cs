using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Ofdm;

namespace QkdNetSim.Tests.Analysis.Cv.Ofdm;

public class OfdmKeyRateTests
{
    private const double Kappa = 0.98, Theta = Math.PI / 50, Mu = 0.01, Beta = 0.95;
    private const int MaxN = 200;

    private static OfdmKeyRate Qpsk(double lengthKm) => OfdmKeyRate.Gaussian(
        new OfdmNoiseModel(OfdmModulation.Qpsk(Mu, Kappa, Theta, 0.45)), 0.007,
        Gg02KeyRate.TransmittanceOfFibre(lengthKm), TrustedDetector.Heterodyne(1.0, 0.0), Beta);

    private static OfdmKeyRate Qam256(double lengthKm) => OfdmKeyRate.Gaussian(
        new OfdmNoiseModel(OfdmModulation.ShapedQam256(Mu, Kappa, Theta, 5.0)), 0.03,
        Gg02KeyRate.TransmittanceOfFibre(lengthKm), TrustedDetector.Heterodyne(0.56, 0.15), Beta);

    [Fact]
    public void TotalRateIsNTimesTheWorstSubcarrierRate()
    {
        var kr = Qam256(25);
        var model = kr.Noise;
        foreach (int n in new[] { 1, 10, 40, 80, 120 })
        {
            var point = kr.At(n);
            var worst = model.Worst(n);
            Assert.Equal(worst.Subcarrier, point.WorstSubcarrier);
            Assert.Equal(worst.ModulationNoiseSnu + 0.03, point.TotalExcessNoiseSnu, 15); // Eq. (16)
            double r = Gg02KeyRate.Compute(new Gg02Input(5.0, Gg02KeyRate.TransmittanceOfFibre(25), point.TotalExcessNoiseSnu,
                TrustedDetector.Heterodyne(0.56, 0.15), Beta)).SecretKeyRateBits;
            Assert.Equal(r, point.WorstSubcarrierKeyRateBits, 15);
            Assert.Equal(n * r, point.TotalKeyRateBits, 12);
            Assert.Equal(point.TotalKeyRateBits / kr.SingleCarrierKeyRateBits, kr.Gain(n), 12);
        }
        // N = 1 carries only the IQ-imbalance noise, so its gain is below 1 (Figs. 7, 10 are normalised to the ideal single carrier).
        Assert.True(kr.Gain(1) < 1.0);
    }

    [Fact]
    public void RateFallsToZeroWhenModulationNoiseIsLarge()
    {
        var kr = Qpsk(25);
        var scan = kr.Scan(MaxN);
        Assert.True(scan[^1].TotalKeyRateBits == 0.0); // beyond the null-key threshold of Fig. 5
        Assert.True(scan[9].TotalKeyRateBits > 0.0);
    }

    /// <summary>
    /// PS-256QAM (Sec. 4.2; V_A 5, η 0.56, v_el 0.15, ε_single 0.03, β 0.95). Paper (Fig. 11): optimal N = 96, 85, 72 at
    /// 25, 50, 100 km. R(k) here is the Gaussian-modulation GG02 heterodyne rate, whereas the paper uses the Denys et al.
    /// bound (its Ref. [33]) for PS-256QAM, which is close to Gaussian for this constellation; the optima agree.
    /// </summary>
    [Theory]
    [InlineData(25.0, 96, 96)]
    [InlineData(50.0, 85, 86)]
    [InlineData(100.0, 72, 72)]
    public void Qam256OptimalNMatchesThePaperWithinFifteenPercent(double lengthKm, int paperN, int computedN)
    {
        var best = Qam256(lengthKm).Optimal(MaxN);
        Assert.Equal(computedN, best.SubcarrierCount);
        Assert.InRange(best.SubcarrierCount, 0.85 * paperN, 1.15 * paperN);
        Assert.True(best.SubcarrierCount < MaxN);
    }

    /// <summary>
    /// QPSK (Sec. 4.1; μ 0.01, κ 0.98, θ π/50, V_A 0.45, ε_single 0.007, β 0.95). Paper (Fig. 8): optimal N = 61, 56, 43 at
    /// 5, 10, 25 km. NOT reproduced within 15 %: with the Gaussian-modulation GG02 rate the optima are 89, 87, 82 (ideal
    /// heterodyne detector; the paper states no η, v_el for QPSK; η 0.56, v_el 0.15 gives 92, 90, 85). The paper evaluates
    /// QPSK with the SDP / Denys et al. discrete-modulation bound (Refs. [32], [33]), which is far below the Gaussian rate and
    /// loses its key at much smaller excess noise (Fig. 5: null key at 25 km near N = 60, where Eq. (15) gives
    /// ε_multi ≈ 0.0093 SNU), so its optimum sits at smaller N. That bound is not implemented here. The same Eq. (15)
    /// counts reproduce the 256QAM (96/86/72 vs 96/85/72) and Gaussian (155/130/109 vs 155/130/110) optima, where the key-rate
    /// formula is (close to) Gaussian, so the gap is the key-rate formula, not the noise model. Values asserted as computed.
    /// </summary>
    [Theory]
    [InlineData(5.0, 61, 89)]
    [InlineData(10.0, 56, 87)]
    [InlineData(25.0, 43, 82)]
    public void QpskOptimalNWithTheGaussianRateIsAboveThePapers(double lengthKm, int paperN, int computedN)
    {
        var best = Qpsk(lengthKm).Optimal(MaxN);
        Assert.Equal(computedN, best.SubcarrierCount);
        Assert.True(best.SubcarrierCount > 1.15 * paperN); // documented discrepancy, see summary
    }

    /// <summary>Gaussian modulation (Sec. 4.3; V_A 5, η 0.56, v_el 0.1, ε_single 0.03, σ1² 1/9, σ2² 2/81). Paper (Fig. 14): 155, 130, 110 at 50, 100, 150 km.</summary>
    [Theory]
    [InlineData(50.0, 155, 155)]
    [InlineData(100.0, 130, 130)]
    [InlineData(150.0, 110, 109)]
    public void GaussianOptimalNMatchesThePaper(double lengthKm, int paperN, int computedN)
    {
        var kr = OfdmKeyRate.Gaussian(new OfdmNoiseModel(OfdmModulation.Gaussian(Mu, Kappa, Theta, 5.0)), 0.03,
            Gg02KeyRate.TransmittanceOfFibre(lengthKm), TrustedDetector.Heterodyne(0.56, 0.1), Beta);
        var best = kr.Optimal(MaxN);
        Assert.Equal(computedN, best.SubcarrierCount);
        Assert.InRange(best.SubcarrierCount, 0.85 * paperN, 1.15 * paperN);
    }
}

using QkdNetSim.Core.Random;
using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Tests.Protocols.Cv.Ofdm;

public class OfdmRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void LinearBalancedModulatorRecoversEverySymbolExactly(int n)
    {
        var settings = new OfdmModulatorSettings(n, 0.05, 1.0, 0.0, 5.0, ModulatorTransfer.Linear);
        var sim = new OfdmModulationSimulator(settings, OfdmSimulationFixtures.ShapedQam256());
        var rng = new Xoshiro256(42);
        var i = new double[n];
        var q = new double[n];
        var x = new double[n];
        for (int k = 0; k < n; k++) { i[k] = sim.Constellation.Sample(ref rng); q[k] = sim.Constellation.Sample(ref rng); }
        sim.Demodulate(i, q, x);
        for (int k = 0; k < n; k++) Assert.Equal(sim.IdealX(i[k]), x[k], 1e-12);
    }

    [Fact]
    public void SinusoidalModulatorApproachesTheLinearLimitAsMuVanishes()
    {
        // Third-order error relative to the signal is ~ μ² N² / 8; at μ = 1e-6, N = 32 that is ~1e-10.
        const int n = 32;
        var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(n, 1e-6, 1.0, 0.0, 1.0), OfdmConstellation.Qpsk());
        var rng = new Xoshiro256(7);
        var i = new double[n];
        var q = new double[n];
        var x = new double[n];
        for (int k = 0; k < n; k++) { i[k] = sim.Constellation.Sample(ref rng); q[k] = sim.Constellation.Sample(ref rng); }
        sim.Demodulate(i, q, x);
        for (int k = 0; k < n; k++) Assert.Equal(sim.IdealX(i[k]), x[k], Math.Abs(sim.IdealX(1.0)) * 1e-8);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void ModulationVarianceIsTheRequestedVa()
    {
        // V_A = 4 A² μ² σ1² (text after Eq. (10)): ⟨(2AμI)²⟩ over many draws equals V_A.
        var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(4, 0.01, 1.0, 0.0, 5.0), OfdmConstellation.TruncatedGaussian());
        var rng = new Xoshiro256(3);
        double sum = 0;
        const int draws = 200_000;
        for (int d = 0; d < draws; d++) { double xi = sim.IdealX(sim.Constellation.Sample(ref rng)); sum += xi * xi; }
        // Tolerance: x = 2AμI with I ~ N(0, 1) cut at ±3σ (then /3), whose kurtosis is (3 m2 − 2c³φ(c)/(2Φ(c) − 1)) / m2² = 2.83
        // (c = 3, m2 = 0.9733); so sd(x²) = V_A √1.83 and the mean of 2e5 draws has se 5 × 1.352 / √2e5 = 0.0151. Band: 5 se.
        Assert.InRange(sum / draws, 5.0 - 5 * 0.0151, 5.0 + 5 * 0.0151);
    }
}

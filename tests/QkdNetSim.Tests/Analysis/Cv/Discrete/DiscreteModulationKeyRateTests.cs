using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Core;
using Xunit;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete;

public class DiscreteModulationKeyRateTests
{
    private static double T(double km) => Gg02KeyRate.TransmittanceOfFibre(km);

    /// <summary>
    /// xi -&gt; 0: the noisy bound (N = 1, alpha fixed and optimised) increases monotonically, stays below the exact loss-only rate,
    /// and converges (differences between successive xi shrink). The limit is the Gaussian-extremality bound of the loss-only
    /// state, not the exact loss-only rate: the remaining gap is measured by the reproduction (Fig. 8a).
    /// </summary>
    [Fact]
    public void NoisyBoundConvergesBelowLossOnly()
    {
        double t = T(20);
        double exact = LossOnlyMultiUserKeyRate.Optimal(t, TrustScenario.OnlyKeyBob(1)).KeyRateBits;
        var xis = new[] { 1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 1e-4, 1e-5, 1e-6, 0.0 };
        var rates = xis.Select(xi => NoisyMultiUserKeyRate.Compute(0.45, t, TrustScenario.OnlyKeyBob(1), xi, 0.95, MutualInformationModel.QuadrantKeyMap).KeyRateBits).ToArray();
        for (int i = 1; i < rates.Length; i++) Assert.True(rates[i] > rates[i - 1]);
        Assert.All(rates, r => Assert.True(r <= exact + 1e-12));
        // Z* approaches its limit like sqrt(xi): the last step (1e-6 -> 0, ~1e-3 sqrt-units) is ~100x smaller than the first (0.1 -> 0.03).
        Assert.True(rates[^1] - rates[^2] < 2e-2 * (rates[1] - rates[0]));
        var lossOnlySameAlpha = LossOnlyMultiUserKeyRate.Compute(0.45, t, TrustScenario.OnlyKeyBob(1)).KeyRateBits;
        Assert.True(rates[^1] <= lossOnlySameAlpha + 1e-12);
        var optimised = NoisyMultiUserKeyRate.Optimal(t, TrustScenario.OnlyKeyBob(1), 1e-6, 0.95, MutualInformationModel.QuadrantKeyMap).Result.KeyRateBits;
        Assert.InRange(optimised, 0, exact);
    }

    /// <summary>
    /// A Gaussian-like Maxwell-Boltzmann 256-QAM (V_M = 5, grid +-3.5 sigma) gives nearly the GG02 rate: W ~ 1e-5 and the
    /// key rates agree within 3 % (the residual comes from W &gt; 0 and the finite grid, Denys et al. 2021, Fig. 3 shows the
    /// same closeness for 64-256 QAM).
    /// </summary>
    [Fact]
    public void GaussianLikeQamApproachesGg02()
    {
        double t = T(20), xi = 0.01, vm = 5;
        var g = Gg02KeyRate.Compute(new Gg02Input(vm, t, xi, TrustedDetector.Ideal(DetectionKind.Heterodyne), 0.95)).KeyRateBits;
        var q = Constellation.ShapedQam(16, vm / 2, Constellation.GaussianLikeNu(16));
        var r = DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, t, xi, 0.95, MutualInformationModel.GaussianChannel));
        Assert.True(r.NonGaussianity < 1e-3);
        Assert.True(r.KeyRateBits <= g + 1e-9);
        Assert.InRange(r.KeyRateBits, 0.97 * g, g);
    }

    /// <summary>For a thermal-like ensemble the correlation c tends to sqrt(n (n+1)) (Gaussian modulation, W = 0).</summary>
    [Fact]
    public void CorrelationOfGaussianLikeEnsemble()
    {
        var q = Constellation.ShapedQam(16, 1.0, Constellation.GaussianLikeNu(16));
        var (c, w) = DiscreteModulationKeyRate.TauCorrelation(q);
        Assert.Equal(Math.Sqrt(2.0), c, 3);
        Assert.True(w < 1e-3);
        var (cq, wq) = DiscreteModulationKeyRate.TauCorrelation(Constellation.Qpsk(0.8));
        Assert.True(cq < Math.Sqrt(0.64 * 1.64) && wq > 0.05);
    }

    [Fact]
    public void InvalidInputsAreRejectedNamingTheField()
    {
        static string Field(Action a) => Assert.Throws<AnalysisInputException>(a).Field;
        Assert.Equal("alpha", Field(() => Constellation.Qpsk(0)));
        Assert.Equal("alpha", Field(() => Constellation.Qpsk(-1)));
        Assert.Equal("probabilities", Field(() => Constellation.Create(new[] { new System.Numerics.Complex(1, 0), new System.Numerics.Complex(-1, 0) }, new[] { 0.5, 0.6 })));
        Assert.Equal("N", Field(() => TrustScenario.Partial(0, 1)));
        Assert.Equal("N_T", Field(() => TrustScenario.Partial(4, 5)));
        Assert.Equal("N_T", Field(() => TrustScenario.Partial(4, 0)));
        Assert.Equal("T", Field(() => LossOnlyMultiUserKeyRate.Compute(0.8, 0, TrustScenario.OnlyKeyBob(1))));
        Assert.Equal("T", Field(() => LossOnlyMultiUserKeyRate.Compute(0.8, 1.2, TrustScenario.OnlyKeyBob(1))));
        Assert.Equal("alpha", Field(() => LossOnlyMultiUserKeyRate.Compute(0, 0.5, TrustScenario.OnlyKeyBob(1))));
        Assert.Equal("beta", Field(() => LossOnlyMultiUserKeyRate.Compute(0.8, 0.5, TrustScenario.OnlyKeyBob(1), 1.5)));
        var q = Constellation.Qpsk(0.8);
        Assert.Equal("T", Field(() => DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, 0, 0.01, 0.95))));
        Assert.Equal("T", Field(() => DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, 1.01, 0.01, 0.95))));
        Assert.Equal("xi", Field(() => DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, 0.5, -0.01, 0.95))));
        Assert.Equal("beta", Field(() => DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, 0.5, 0.01, 0))));
    }
}

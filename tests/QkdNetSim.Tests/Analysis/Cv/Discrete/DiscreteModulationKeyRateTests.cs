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
        var r = DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, t, xi, 0.95));
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

    /// <summary>
    /// The bound's Gaussian limit is GG02 heterodyne with reverse reconciliation: same covariance matrix (c = sqrt(n (n+1)),
    /// w = 0), same I_AB, same five-mode trusted-detector construction, so the two agree to round-off (1e-10 bits).
    /// </summary>
    [Theory]
    [InlineData(2.5, 5.0, 0.03, 0.56, 0.15)]
    [InlineData(0.225, 20.0, 0.01, 1.0, 0.0)]
    [InlineData(1.0, 50.0, 0.0, 0.8, 0.1)]
    public void Gaussian_limit_of_the_explicit_bound_is_GG02(double n, double km, double xi, double eta, double vel)
    {
        var detector = TrustedDetector.Heterodyne(eta, vel);
        var g = Gg02KeyRate.Compute(new Gg02Input(2 * n, T(km), xi, detector, 0.95));
        var b = DiscreteModulationKeyRate.GaussianLimit(n, T(km), xi, 0.95, detector);
        Assert.Equal(g.KeyRateBits, b.KeyRateBits, 10);
        Assert.Equal(0.0, b.NonGaussianity);
    }

    /// <summary>
    /// w of Denys et al. (per-state variance of a_tau) checked against an independent computation in the span of the K = 4
    /// QPSK states: with the weighted Gram matrix G_kl = sqrt(p_k p_l) &lt;alpha_k|alpha_l&gt; and D = diag(alpha_k),
    /// a_tau |alpha_k&gt; = V G^(1/2) D G^(-1/2) e_k / sqrt(p_k) (V the matrix of columns sqrt(p_k) |alpha_k&gt;), so
    /// &lt;alpha_k|a_tau|alpha_k&gt; = (G^(3/2) D G^(-1/2))_kk / p_k and ||a_tau alpha_k||^2 = (G^(-1/2) D* G^2 D G^(-1/2))_kk / p_k.
    /// Both are exact up to round-off amplified by G^(-1/2) (condition number below 1e4 here): tolerance 1e-8.
    /// </summary>
    [Theory]
    [InlineData(0.35)]
    [InlineData(0.7)]
    [InlineData(1.2)]
    public void Qpsk_w_matches_the_four_state_gram_matrix_computation(double alpha)
    {
        var q = Constellation.Qpsk(alpha);
        var (c, w) = DiscreteModulationKeyRate.TauCorrelation(q);
        var b = MathNet.Numerics.LinearAlgebra.Matrix<System.Numerics.Complex>.Build;
        var g = b.Dense(4, 4, (k, l) => 0.25 * CoherentStateEnsemble.Overlap(q.Point(k), q.Point(l)));
        var evd = g.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Hermitian);
        MathNet.Numerics.LinearAlgebra.Matrix<System.Numerics.Complex> Power(double p) =>
            evd.EigenVectors * b.DiagonalOfDiagonalVector(MathNet.Numerics.LinearAlgebra.Vector<System.Numerics.Complex>.Build.Dense(4, i => Math.Pow(evd.EigenValues[i].Real, p))) * evd.EigenVectors.ConjugateTranspose();
        var d = b.DenseOfDiagonalArray(q.Points);
        var mean = Power(1.5) * d * Power(-0.5);
        var norm = Power(-0.5) * d.ConjugateTranspose() * g * g * d * Power(-0.5);
        double expected = Enumerable.Range(0, 4).Sum(k => 0.25 * (norm[k, k].Real / 0.25 - Math.Pow((mean[k, k] / 0.25).Magnitude, 2)));
        Assert.InRange(w - expected, -1e-8, 1e-8);
        // c = Tr(tau^(1/2) a tau^(1/2) a^dagger) = Tr(G^(1/2) D G^(-1/2) D* G) in the same span.
        Assert.InRange(c - (Power(0.5) * d * Power(-0.5) * d.ConjugateTranspose() * g).Trace().Real, -1e-8, 1e-8);
    }

    /// <summary>
    /// I(X:Y) with the continuous outcome does not depend on a rotation of the constellation (isotropic noise): a QPSK
    /// rotated by pi/4 (points on the axes, not a product grid) takes the two-dimensional integral, the unrotated one the
    /// product of two binary channels; Simpson at sigma/16 is converged far below 1e-8 bits.
    /// </summary>
    [Fact]
    public void Continuous_outcome_information_is_rotation_invariant()
    {
        var q = Constellation.Qpsk(0.8);
        var rotated = Constellation.Create(q.Points.Select(p => p * System.Numerics.Complex.FromPolarCoordinates(1, Math.PI / 4)).ToArray(), q.Probabilities);
        double sigma = QuadrantStatistics.OutcomeSigma(0.3, 0.02);
        double product = ContinuousOutcomeInformation.Bits(q, 0.3, sigma), grid = ContinuousOutcomeInformation.Bits(rotated, 0.3, sigma);
        Assert.Equal(product, grid, 8);
        // and it equals two binary-input Gaussian channels computed by the independent soft-bit integral
        Assert.Equal(2.0 * QuadrantStatistics.BitVersusNoisyCopyBits(0.0, 0.8 * Math.Sqrt(0.3 / 2.0), sigma), product, 8);
        Assert.True(product < 2.0);
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

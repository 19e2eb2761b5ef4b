using System.Diagnostics;
using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Analysis.Cv.Discrete.Numerical;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete.Numerical;

public class QpskHeterodyneProblemTests(ITestOutputHelper output)
{
    private const double Alpha = 0.7;
    private static readonly double T20Km = Math.Pow(10, -0.2 * 20 / 10);

    /// <summary>
    /// The honest projected state Pi rho Pi lies in the reduced set: every constraint holds (to 1e-12, round-off of the
    /// closed forms), for a low-noise point and a noisy one where W and the relaxations are not negligible.
    /// </summary>
    [Theory]
    [InlineData(0.01, 10)]
    [InlineData(0.8, 4)]
    public void Honest_projected_state_satisfies_every_constraint(double xi, int cutoff)
    {
        var p = QpskHeterodyneProblem.Build(Alpha, T20Km, xi, cutoff);
        var rho = p.HonestProjectedState();
        foreach (var c in p.Problem.Constraints)
        {
            double v = (c.Operator * rho).Trace().Real;
            Assert.True(v >= c.Lower - 1e-12 && v <= c.Upper + 1e-12, $"{c.Name}: {v} not in [{c.Lower}, {c.Upper}]");
        }
        Assert.True(rho.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real) > -1e-13);
    }

    /// <summary>
    /// Independent check of the honest off-diagonal blocks: with a cutoff that holds the thermal state (nbar = 0.2, N_c = 30:
    /// tail (1/6)^31 &lt; 1e-24), the Alice marginal read through the cross-displacement operators is rho_A (1e-12), and the
    /// key statistics Tr(Z_z G(rho~)) are sum_x p(z|x)/4 from the separately computed region-operator statistics (1e-10).
    /// </summary>
    [Fact]
    public void Honest_state_reproduces_alice_marginal_and_key_statistics()
    {
        var p = QpskHeterodyneProblem.Build(Alpha, 0.5, 0.8, 30);
        var rho = p.HonestProjectedState();
        // Diagonal: the interval is [p_x (1 - W), p_x] and the honest tail is nil, so the value is p_x (the upper end);
        // off-diagonal: the interval is centred on rho_A.
        foreach (var c in p.Problem.Constraints.Where(c => c.Name.Contains("rhoA")))
            Assert.Equal(c.Name.StartsWith("rhoA") ? c.Upper : 0.5 * (c.Lower + c.Upper), (c.Operator * rho).Trace().Real, 12);
        var k = p.Problem.PostProcessingKraus[0];
        var sigma = k * rho * k.ConjugateTranspose();
        for (int z = 0; z < 4; z++)
        {
            double expected = Enumerable.Range(0, 4).Sum(x => 0.25 * p.ConditionalProbabilities[x, z]);
            Assert.Equal(expected, (p.Problem.KeyProjectors[z] * sigma).Trace().Real, 10);
        }
    }

    /// <summary>W = 2 nbar^2/(N_c(N_c+1)) falls to 0 with the noise and bounds the honest state's true outside weight.</summary>
    [Fact]
    public void Weight_vanishes_with_the_noise_and_bounds_the_true_weight()
    {
        double previous = double.PositiveInfinity;
        foreach (double xi in new[] { 0.5, 0.05, 5e-3, 5e-4, 0.0 })
        {
            var p = QpskHeterodyneProblem.Build(Alpha, T20Km, xi, 6);
            double trueWeight = 1.0 - p.HonestProjectedState().Trace().Real;
            Assert.True(trueWeight <= p.Weight + 1e-15, $"xi {xi}: true {trueWeight} > W {p.Weight}");
            Assert.True(p.Weight < previous);
            previous = p.Weight;
        }
        Assert.Equal(0.0, previous);
    }

    /// <summary>
    /// Leak at beta = 1 is H(Z) - I(X:Z) of the quadrant map: QuadrantStatistics (erfc per quadrature, QPSK points rotated by
    /// pi/4 together with the quadrants, so the same geometry) against the region-operator statistics; H(Z) = 2 by symmetry.
    /// 1e-10: both closed forms, the Fock truncations' tails below 1e-14.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Leak_matches_the_quadrant_mutual_information(double xi)
    {
        var p = QpskHeterodyneProblem.Build(Alpha, T20Km, xi, 5);
        double expected = 2.0 - QuadrantStatistics.AliceBobBits(Constellation.Qpsk(Alpha), T20Km, xi);
        Assert.Equal(expected, p.LeakBits(1.0), 10);
        Assert.Equal(1.0, p.PassProbability, 12);
    }

    /// <summary>
    /// At xi = 1e-4, 20 km, alpha = 0.7 the honest state's f is close to the exact loss-only H(Z) - chi(Z:E) of
    /// HolevoOfQuadrantKey (generalised beam-splitter attack; H(Z) = 2). The noise changes f at first order in
    /// nbar = T xi / 2 = 2e-5 with a coefficient of order log2(1/nbar) (the thermal entropy), about 2e-5 * 16 ~ 3e-4; the
    /// cutoff removes weight r^(N_c+1) &lt; 1e-40. We assert |f - (2 - chi)| &lt; 1e-3, and that the gap shrinks at least
    /// tenfold at xi = 1e-6 (nbar log2(1/nbar) shrinks by about 80).
    /// </summary>
    [Fact]
    public void Honest_objective_at_low_noise_is_close_to_the_exact_loss_only_term()
    {
        var sw = Stopwatch.StartNew();
        double exact = 2.0 - HolevoOfQuadrantKey.Bits(Constellation.Qpsk(Alpha), T20Km, 1.0 - T20Km);
        double Gap(double xi)
        {
            var p = QpskHeterodyneProblem.Build(Alpha, T20Km, xi, 10);
            double f = KeyRateObjective.Bits(p.Problem, p.HonestProjectedState());
            output.WriteLine($"xi = {xi:E1}: f_honest = {f:F8}, 2 - chi = {exact:F8}, diff = {f - exact:E3}, W = {p.Weight:E3}, Delta = {p.CorrectionBits:E3}");
            return f - exact;
        }
        double gap4 = Gap(1e-4), gap6 = Gap(1e-6);
        output.WriteLine($"{sw.ElapsedMilliseconds} ms");
        Assert.True(Math.Abs(gap4) < 1e-3);
        Assert.True(Math.Abs(gap6) < Math.Abs(gap4) / 10);
    }

    /// <summary>Shape: Dimension 4(N_c+1), one Kraus operator 16(N_c+1) x 4(N_c+1), 25 constraints, K^dagger K = 1 (Delta_a = 0,
    /// the compression of sum_z R_z = 1 held to 1e-12), key projectors summing to the identity.</summary>
    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    public void Problem_has_the_documented_shape(int cutoff)
    {
        var sw = Stopwatch.StartNew();
        var p = QpskHeterodyneProblem.Build(Alpha, T20Km, 0.01, cutoff);
        output.WriteLine($"N_c = {cutoff}: dimension {p.Problem.Dimension}, output {p.Problem.OutputDimension}, constraints {p.Problem.Constraints.Count}, Fock {p.FockDimension}, W {p.Weight:E3}, build {sw.ElapsedMilliseconds} ms");
        int dim = 4 * (cutoff + 1);
        Assert.Equal(dim, p.Problem.Dimension);
        Assert.Equal(4 * dim, p.Problem.OutputDimension);
        Assert.Equal(25, p.Problem.Constraints.Count);
        var k = p.Problem.PostProcessingKraus.Single();
        Assert.True((k.ConjugateTranspose() * k - Matrix<Complex>.Build.DenseIdentity(dim)).FrobeniusNorm() < 1e-12);
        var sum = p.Problem.KeyProjectors.Aggregate((a, b) => a + b);
        Assert.True((sum - Matrix<Complex>.Build.DenseIdentity(4 * dim)).FrobeniusNorm() < 1e-14);
    }

    /// <summary>
    /// With radial postselection the Kraus operator keeps only the passing outcomes: K^dagger K = 1 - Pi R_disc Pi, so
    /// 1 - p_pass of the honest statistics equals Tr(rho~ (1 - K^dagger K)) up to the cutoff tail (nbar = 2e-3, N_c = 8:
    /// tail below 1e-20; 1e-10).
    /// </summary>
    [Fact]
    public void Postselection_removes_the_discarded_disc()
    {
        var p = QpskHeterodyneProblem.Build(Alpha, T20Km, 0.01, 8, postselectionAmplitude: 0.3);
        var k = p.Problem.PostProcessingKraus[0];
        double pass = (k * p.HonestProjectedState() * k.ConjugateTranspose()).Trace().Real;
        Assert.True(p.PassProbability < 1.0);
        Assert.Equal(p.PassProbability, pass, 10);
    }
}

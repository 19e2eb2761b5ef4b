using System.Diagnostics;
using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Analysis.Cv.Discrete.Numerical;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete.Numerical;

public class TwoBobQpskHeterodyneProblemTests(ITestOutputHelper output)
{
    private const double Alpha = 0.7;
    private static readonly double T20Km = Math.Pow(10, -0.2 * 20 / 10);
    /// <summary>Scenario c) with N = 2: each trusted Bob at T_fibre / 2.</summary>
    private static readonly double Tb = T20Km / 2;

    /// <summary>
    /// The honest projected state lies in the reduced set: every constraint holds (1e-12, round-off of the closed forms) and
    /// it is positive semidefinite, at low noise and at a noisy point where W and the relaxations are not negligible.
    /// </summary>
    [Theory]
    [InlineData(0.01, 4)]
    [InlineData(0.8, 3)]
    public void Honest_projected_state_satisfies_every_constraint(double xi, int cutoff)
    {
        var p = TwoBobQpskHeterodyneProblem.Build(Alpha, Tb, xi, cutoff);
        var rho = p.HonestProjectedState();
        foreach (var c in p.Problem.Constraints)
        {
            double v = (c.Operator * rho).Trace().Real;
            Assert.True(v >= c.Lower - 1e-12 && v <= c.Upper + 1e-12, $"{c.Name}: {v} not in [{c.Lower}, {c.Upper}]");
        }
        Assert.True(rho.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real) > -1e-13);
        // The weight is the union bound and bounds the honest state's true outside weight.
        Assert.Equal(2 * p.PerBobWeight, p.Weight, 15);
        Assert.True(1.0 - rho.Trace().Real <= p.Weight);
    }

    /// <summary>
    /// Physics of the honest state (nbar = T_B xi/2 ~ 0.01, N_c = 6: the cutoff tail nbar^7 ~ 1e-14, so 1e-12):
    /// (i) the physical partial trace over Bob 2 (through the overlaps &lt;D(beta_y) n'|D(beta_x) n&gt;) is the single-Bob honest
    /// state at the same T_B (Eve + Bob 2 = single-Bob Eve at 1 - T_B); (ii) the common preparation noise correlates the Bobs:
    /// in the displaced frame E_x[n1 n2] = E|g|^4 = 2 nbar^2 (independent noise would give nbar^2); (iii) the key statistics
    /// Tr(Z_z G(rho~)) are Bob 1's sum_x p(z|x)/4 from the separately computed region-operator statistics.
    /// </summary>
    [Fact]
    public void Honest_state_has_single_bob_marginals_correlated_bobs_and_bob1_key_statistics()
    {
        const int cutoff = 6;
        double xi = 0.1;
        var p = TwoBobQpskHeterodyneProblem.Build(Alpha, Tb, xi, cutoff);
        var rho = p.HonestProjectedState();
        var single = QpskHeterodyneProblem.Build(Alpha, Tb, xi, cutoff);
        int b = cutoff + 1, bb = b * b;
        var beta = single.Beta;

        var reduced = Matrix<Complex>.Build.Dense(4 * b, 4 * b);
        for (int x = 0; x < 4; x++)
            for (int y = 0; y < 4; y++)
            {
                Complex phase = Complex.FromPolarCoordinates(1.0, (-beta[y] * Complex.Conjugate(beta[x])).Imaginary);
                var o = FockSpace.Displacement(beta[x] - beta[y], b, b) * phase; // <D(beta_y) n'|D(beta_x) n>, rows n'
                for (int m = 0; m < b; m++)
                    for (int mp = 0; mp < b; mp++)
                    {
                        Complex s = Complex.Zero;
                        for (int n = 0; n < b; n++)
                            for (int np = 0; np < b; np++)
                                s += rho[x * bb + m * b + n, y * bb + mp * b + np] * o[np, n];
                        reduced[x * b + m, y * b + mp] = s;
                    }
            }
        Assert.True((reduced - single.HonestProjectedState()).FrobeniusNorm() < 1e-12);

        double nbar = p.MeanPhotonNumber;
        for (int x = 0; x < 4; x++)
        {
            double corr = 0;
            for (int n1 = 0; n1 < b; n1++)
                for (int n2 = 0; n2 < b; n2++)
                    corr += n1 * n2 * rho[x * bb + n1 * b + n2, x * bb + n1 * b + n2].Real;
            Assert.Equal(2 * nbar * nbar, 4 * corr, 12);
        }

        var k = p.Problem.PostProcessingKraus[0];
        var sigma = k * rho * k.ConjugateTranspose();
        for (int z = 0; z < 4; z++)
        {
            double expected = Enumerable.Range(0, 4).Sum(x => 0.25 * p.ConditionalProbabilities[x, z]);
            Assert.Equal(expected, (p.Problem.KeyProjectors[z] * sigma).Trace().Real, 10);
        }
    }

    /// <summary>
    /// xi -&gt; 0: the honest f tends to the exact loss-only H(Z) - chi(Z:E) (H(Z) = 2) of scenarios c) N = 2 and b) N = 3,
    /// N_T = 2, Eve holding |sqrt(1 - 2 T_B) alpha_x&gt; (HolevoOfQuadrantKey, erfc quadrant statistics and Gram matrices: an
    /// independent computation; QPSK rotated by pi/4 together with its quadrants, the same geometry). At xi = 0 the honest
    /// state lies in the cutoff space and both sides are closed forms, so 1e-9 (Fock tails &lt; 1e-18, EVD round-off).
    /// For xi &gt; 0 f moves at first order in nbar = T_B xi/2 with a coefficient ~ log2(1/nbar) per Bob: |gap| &lt; 1e-3 at
    /// xi = 1e-4 (nbar &lt;= 1e-5) and the gap shrinks at least tenfold at xi = 1e-6 (nbar log2(1/nbar) shrinks ~ 75 times).
    /// </summary>
    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    public void Honest_objective_tends_to_the_exact_loss_only_term_as_the_noise_vanishes(int bobCount, int trustedCount)
    {
        var scenario = TrustScenario.Create(bobCount, trustedCount, bobCount == trustedCount ? TrustKind.All : TrustKind.Partial);
        double tb = scenario.KeyBobTransmittance(T20Km);
        double exact = 2.0 - HolevoOfQuadrantKey.Bits(Constellation.Qpsk(Alpha), tb, scenario.EveTransmittance(T20Km));
        double Gap(double xi)
        {
            var p = TwoBobQpskHeterodyneProblem.Build(Alpha, tb, xi, 3);
            Assert.Equal(scenario.EveTransmittance(T20Km), p.EveTransmittance, 14);
            double f = KeyRateObjective.Bits(p.Problem, p.HonestProjectedState());
            output.WriteLine($"{scenario}, xi = {xi:E1}: f_honest = {f:F10}, 2 - chi = {exact:F10}, diff = {f - exact:E3}, W = {p.Weight:E3}");
            return f - exact;
        }
        Assert.True(Math.Abs(Gap(0.0)) < 1e-9);
        double gap4 = Gap(1e-4), gap6 = Gap(1e-6);
        Assert.True(Math.Abs(gap4) < 1e-3);
        Assert.True(Math.Abs(gap6) < Math.Abs(gap4) / 10);
    }

    /// <summary>
    /// Leak of Bob 1's key at beta = 1: H(Z) - I(X:Z) from the erfc quadrant statistics at T_B with the input-referred xi
    /// (1e-10: both closed forms, Fock tails below 1e-14).
    /// </summary>
    [Fact]
    public void Leak_is_bob1_quadrant_mutual_information()
    {
        var p = TwoBobQpskHeterodyneProblem.Build(Alpha, Tb, 0.05, 3);
        Assert.Equal(2.0 - QuadrantStatistics.AliceBobBits(Constellation.Qpsk(Alpha), Tb, 0.05), p.LeakBits(1.0), 10);
        Assert.Equal(1.0, p.PassProbability, 12);
    }

    /// <summary>
    /// Shape: Dimension 4(N_c+1)^2, one Kraus operator 4 Dimension x Dimension with K^dagger K = 1 (Delta_a = 0; the compression of
    /// sum_z R_z = 1, 1e-12), key projectors summing to the identity, 33 constraints (trace, 4 + 12 Alice marginal, 2 Bobs x
    /// 4 symbols x 2 moments). Build times are written out.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Problem_has_the_documented_shape(int cutoff)
    {
        var sw = Stopwatch.StartNew();
        var p = TwoBobQpskHeterodyneProblem.Build(Alpha, Tb, 0.01, cutoff);
        long ms = sw.ElapsedMilliseconds;
        output.WriteLine($"N_c = {cutoff}: dimension {p.Problem.Dimension}, output {p.Problem.OutputDimension}, constraints {p.Problem.Constraints.Count}, Fock {p.FockDimension}, W {p.Weight:E3}, Delta {p.CorrectionBits:E3}, build {ms} ms");
        int dim = 4 * (cutoff + 1) * (cutoff + 1);
        Assert.Equal(dim, p.Problem.Dimension);
        Assert.Equal(4 * dim, p.Problem.OutputDimension);
        Assert.Equal(33, p.Problem.Constraints.Count);
        var k = p.Problem.PostProcessingKraus.Single();
        Assert.True((k.ConjugateTranspose() * k - Matrix<Complex>.Build.DenseIdentity(dim)).FrobeniusNorm() < 1e-12);
        var sum = p.Problem.KeyProjectors.Aggregate((a, b) => a + b);
        Assert.True((sum - Matrix<Complex>.Build.DenseIdentity(4 * dim)).FrobeniusNorm() < 1e-14);
    }

    /// <summary>Two Bobs share one input, so T_B &gt; 1/2 is unphysical.</summary>
    [Fact]
    public void Bob_transmittance_above_one_half_is_rejected()
        => Assert.Throws<ArgumentException>(() => TwoBobQpskHeterodyneProblem.Build(Alpha, 0.6, 0.01, 3));
}

using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.NumericalKeyRate;
using QkdNetSim.Analysis.Sdp;

namespace QkdNetSim.Tests.Analysis.NumericalKeyRate;

public class KeyRateObjectiveTests
{
    [Fact]
    public void The_gradient_matches_a_central_difference_of_the_perturbed_objective()
    {
        // G with two Kraus operators (a partial bit flip on A), key projectors on A; a random full-rank state.
        var rng = new Random(3);
        var i2 = Matrix<Complex>.Build.DenseIdentity(2);
        var x = Matrix<Complex>.Build.DenseOfArray(new Complex[,] { { 0, 1 }, { 1, 0 } });
        var kraus = new[] { Matrix<Complex>.Build.DenseIdentity(4) * Math.Sqrt(0.8), x.KroneckerProduct(i2) * Math.Sqrt(0.2) };
        var p0 = Matrix<Complex>.Build.DenseOfArray(new Complex[,] { { 1, 0 }, { 0, 0 } });
        var problem = new KeyRateProblem(4, kraus, new[] { p0.KroneckerProduct(i2), (i2 - p0).KroneckerProduct(i2) },
            new[] { StateConstraint.Equal("trace", Matrix<Complex>.Build.DenseIdentity(4), 1) });
        var objective = new KeyRateObjective(problem, 1e-12);
        var g = Matrix<Complex>.Build.Dense(4, 4, (_, _) => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5));
        var rho = g * g.ConjugateTranspose() + Matrix<Complex>.Build.DenseIdentity(4) * 0.1;
        rho /= rho.Trace().Real;
        var h = Matrix<Complex>.Build.Dense(4, 4, (_, _) => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5));
        h = (h + h.ConjugateTranspose()) * 0.5;
        const double step = 1e-5;
        double numeric = (objective.ValueBits(rho + h * step, true) - objective.ValueBits(rho - h * step, true)) / (2 * step);
        double analytic = SdpBlockMatrix.Single(objective.GradientBits(rho)).Dot(SdpBlockMatrix.Single(h));
        // Central difference: truncation ~ step^2 f''' ~ 1e-10 (eigenvalues of rho >= ~0.1), rounding ~ 1e-16 / step
        // = 1e-11; 1e-7 is a wide margin that still catches any wrong term (which would be O(0.1)).
        Assert.Equal(analytic, numeric, 1e-7);
    }

    /// <summary>
    /// The isometry fast path (one Kraus operator with K^dag K = 1, coordinate key projectors) against the general path
    /// on the same map written with two Kraus operators K/sqrt 2 (which disables the fast path): a QPSK problem with N_c = 3,
    /// a random full-rank state, eps = 1e-6 so the perturbation terms matter. Both are exact; the tolerance 1e-9 covers
    /// the rounding of eigendecompositions of size 16 and 64.
    /// </summary>
    [Fact]
    public void The_isometry_fast_path_equals_the_general_objective_and_gradient()
    {
        var qpsk = QkdNetSim.Analysis.Cv.Discrete.Numerical.QpskHeterodyneProblem.Build(0.7, 0.4, 0.02, 3).Problem;
        var k = qpsk.PostProcessingKraus[0] / Math.Sqrt(2);
        var general = qpsk with { PostProcessingKraus = new[] { k, k } };
        var fast = new KeyRateObjective(qpsk, 1e-6);
        var slow = new KeyRateObjective(general, 1e-6);
        var rng = new Random(5);
        int d = qpsk.Dimension;
        var g = Matrix<Complex>.Build.Dense(d, d, (_, _) => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5));
        var rho = g * g.ConjugateTranspose() + Matrix<Complex>.Build.DenseIdentity(d) * 0.01;
        rho /= rho.Trace().Real;
        Assert.Equal(slow.ValueBits(rho, true), fast.ValueBits(rho, true), 1e-9);
        Assert.Equal(slow.ValueBits(rho, false), fast.ValueBits(rho, false), 1e-9);
        Assert.True((slow.GradientBits(rho) - fast.GradientBits(rho)).FrobeniusNorm() < 1e-9);
    }

    [Fact]
    public void Zeta_epsilon_follows_the_closed_form() =>
        // zeta = 2 eps (d' - 1) log2(d' / (eps (d' - 1))) for eps = 1e-6, d' = 4: 6e-6 log2(4 / 3e-6).
        Assert.Equal(6e-6 * Math.Log2(4 / 3e-6), new KeyRateObjective(new KeyRateProblem(4,
            new[] { Matrix<Complex>.Build.DenseIdentity(4) }, new[] { Matrix<Complex>.Build.DenseIdentity(4) },
            Array.Empty<StateConstraint>()), 1e-6).PerturbationCorrectionBits(), 15);
}

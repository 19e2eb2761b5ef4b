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

    [Fact]
    public void Zeta_epsilon_follows_the_closed_form() =>
        // zeta = 2 eps (d' - 1) log2(d' / (eps (d' - 1))) for eps = 1e-6, d' = 4: 6e-6 log2(4 / 3e-6).
        Assert.Equal(6e-6 * Math.Log2(4 / 3e-6), new KeyRateObjective(new KeyRateProblem(4,
            new[] { Matrix<Complex>.Build.DenseIdentity(4) }, new[] { Matrix<Complex>.Build.DenseIdentity(4) },
            Array.Empty<StateConstraint>()), 1e-6).PerturbationCorrectionBits(), 15);
}

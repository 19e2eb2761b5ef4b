using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Analysis.NumericalKeyRate;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Test helper: f(rho) = D(G(rho) || Z(G(rho))) in bits by Hermitian EVD. Z is a pinching and log Z(sigma) is block
/// diagonal, so Tr(sigma log Z(sigma)) = Tr(Z(sigma) log Z(sigma)) and f = S(Z(sigma)) - S(sigma) with S(X) = -sum l log2 l
/// (valid for subnormalised sigma too, both terms taken on the same unnormalised eigenvalues).
/// </summary>
internal static class KeyRateObjective
{
    public static double Bits(KeyRateProblem problem, Matrix<Complex> rho)
    {
        var sigma = Matrix<Complex>.Build.Dense(problem.OutputDimension, problem.OutputDimension);
        foreach (var k in problem.PostProcessingKraus) sigma += k * rho * k.ConjugateTranspose();
        var pinched = Matrix<Complex>.Build.Dense(sigma.RowCount, sigma.RowCount);
        foreach (var z in problem.KeyProjectors) pinched += z * sigma * z;
        return Entropy(pinched) - Entropy(sigma);
    }

    private static double Entropy(Matrix<Complex> m)
    {
        var h = 0.5 * (m + m.ConjugateTranspose());
        return CoherentStateEnsemble.ShannonOfEigenvalues(h.Evd(Symmetricity.Hermitian).EigenValues.Select(e => e.Real));
    }
}

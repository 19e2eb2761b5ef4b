using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Symplectic eigenvalues nu_k of a covariance matrix V: the moduli of the eigenvalues of i Omega V
/// (Weedbrook et al., RMP 84, 621 (2012), Williamson theorem).
/// </summary>
public static class SymplecticSpectrum
{
    /// <summary>The n symplectic eigenvalues of a valid covariance matrix, ascending.</summary>
    public static double[] Of(CovarianceMatrix covariance) => OfPositiveDefinite(covariance.Values);

    /// <summary>
    /// The n symplectic eigenvalues of a symmetric positive-definite 2n x 2n matrix, ascending. Numerically: with
    /// A = V^(1/2) Omega V^(1/2) (real antisymmetric, same spectrum +-i nu as Omega V), the symmetric matrix
    /// A^T A = -A^2 has the eigenvalues nu_k^2, each twice; a symmetric eigensolver is used for robustness.
    /// </summary>
    public static double[] OfPositiveDefinite(Matrix<double> v)
    {
        int dim = v.RowCount;
        if (dim != v.ColumnCount || dim == 0 || dim % 2 != 0)
            throw new ArgumentException("symplectic spectrum needs a square matrix of even dimension", nameof(v));
        var symmetric = 0.5 * (v + v.Transpose());
        Evd<double> evd = symmetric.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var sqrtEigen = Vector<double>.Build.Dense(dim, i =>
        {
            double lambda = evd.EigenValues[i].Real;
            if (!(lambda > 0)) throw new ArgumentException("symplectic spectrum needs a positive-definite matrix", nameof(v));
            return Math.Sqrt(lambda);
        });
        var sqrtV = q * Matrix<double>.Build.DiagonalOfDiagonalVector(sqrtEigen) * q.Transpose();
        var a = sqrtV * SymplecticForm.ForModes(dim / 2) * sqrtV;
        var ata = a.Transpose() * a;
        ata = 0.5 * (ata + ata.Transpose());
        var squares = ata.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).OrderBy(x => x).ToArray();
        var nu = new double[dim / 2];
        for (int k = 0; k < nu.Length; k++)
            nu[k] = Math.Sqrt(Math.Max(0.0, 0.5 * (squares[2 * k] + squares[2 * k + 1])));
        return nu;
    }

    /// <summary>
    /// Closed form for two modes, V = [[A, C], [C^T, B]] (2x2 blocks): nu_(-,+)^2 = (Delta -+ sqrt(Delta^2 - 4 det V)) / 2,
    /// Delta = det A + det B + 2 det C (Serafini, Illuminati, De Siena, J. Phys. B 37, L21 (2004);
    /// Weedbrook et al., RMP 84, 621 (2012)).
    /// </summary>
    public static (double Minus, double Plus) TwoModeClosedForm(Matrix<double> v)
    {
        if (v.RowCount != 4 || v.ColumnCount != 4) throw new ArgumentException("two-mode closed form needs a 4 x 4 matrix", nameof(v));
        double detA = v.SubMatrix(0, 2, 0, 2).Determinant();
        double detB = v.SubMatrix(2, 2, 2, 2).Determinant();
        double detC = v.SubMatrix(0, 2, 2, 2).Determinant();
        double delta = detA + detB + 2.0 * detC;
        double detV = v.Determinant();
        double root = Math.Sqrt(Math.Max(0.0, delta * delta - 4.0 * detV));
        return (Math.Sqrt(Math.Max(0.0, 0.5 * (delta - root))), Math.Sqrt(0.5 * (delta + root)));
    }
}

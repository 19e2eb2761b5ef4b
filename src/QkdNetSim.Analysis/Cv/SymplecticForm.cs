using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// The symplectic form Omega for n modes in the ordering (x1, p1, x2, p2, ...): block diagonal with blocks [[0, 1], [-1, 0]].
/// Convention of Weedbrook et al., Rev. Mod. Phys. 84, 621 (2012) ("Gaussian quantum information").
/// </summary>
public static class SymplecticForm
{
    /// <summary>Omega for <paramref name="modeCount"/> modes (2n x 2n).</summary>
    public static Matrix<double> ForModes(int modeCount)
    {
        if (modeCount < 1) throw new ArgumentOutOfRangeException(nameof(modeCount), "at least one mode");
        var omega = Matrix<double>.Build.Dense(2 * modeCount, 2 * modeCount);
        for (int k = 0; k < modeCount; k++)
        {
            omega[2 * k, 2 * k + 1] = 1.0;
            omega[2 * k + 1, 2 * k] = -1.0;
        }
        return omega;
    }

    /// <summary>True when S Omega S^T = Omega within <paramref name="tolerance"/> (max-abs entry).</summary>
    public static bool IsSymplectic(Matrix<double> s, double tolerance = 1e-9)
    {
        if (s.RowCount != s.ColumnCount || s.RowCount % 2 != 0) return false;
        var omega = ForModes(s.RowCount / 2);
        return (s * omega * s.Transpose() - omega).Enumerate().All(e => Math.Abs(e) <= tolerance);
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Symplectic matrix of a beam splitter of (intensity) transmittance T between modes i and j of an n-mode system:
/// r_i -&gt; sqrt(T) r_i + sqrt(1-T) r_j, r_j -&gt; -sqrt(1-T) r_i + sqrt(T) r_j for both quadratures
/// (Weedbrook et al., RMP 84, 621 (2012)).
/// </summary>
public static class BeamSplitter
{
    public static Matrix<double> Symplectic(int modeCount, int modeI, int modeJ, double transmittance)
    {
        if (modeI == modeJ || modeI < 0 || modeJ < 0 || modeI >= modeCount || modeJ >= modeCount)
            throw new ArgumentOutOfRangeException(nameof(modeI), "two distinct mode indices inside the system");
        if (!(transmittance >= 0 && transmittance <= 1))
            throw new ArgumentOutOfRangeException(nameof(transmittance), transmittance, "transmittance must lie in [0, 1]");
        double t = Math.Sqrt(transmittance), r = Math.Sqrt(1.0 - transmittance);
        var s = Matrix<double>.Build.DenseIdentity(2 * modeCount);
        for (int q = 0; q < 2; q++)
        {
            int a = 2 * modeI + q, b = 2 * modeJ + q;
            s[a, a] = t; s[a, b] = r;
            s[b, a] = -r; s[b, b] = t;
        }
        return s;
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Conditional covariance matrix of the unmeasured modes A after a Gaussian measurement of one mode B of an n-mode
/// state V = [[V_A, C], [C^T, V_B]]; the result does not depend on the outcome. Homodyne of quadrature q:
/// V_A - C (Pi V_B Pi)^MP C^T with Pi = diag(1,0) (x) or diag(0,1) (p) and ^MP the Moore-Penrose pseudo-inverse;
/// ideal heterodyne: V_A - C (V_B + I)^-1 C^T (Weedbrook et al., RMP 84, 621 (2012), Sec. "Gaussian measurements";
/// Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018), Sec. on conditional covariance / Holevo bound).
/// The remaining modes keep their relative order.
/// </summary>
public static class GaussianMeasurement
{
    /// <summary>Conditional state of all other modes after homodyne of <paramref name="quadrature"/> on <paramref name="measuredMode"/>.</summary>
    public static CovarianceMatrix AfterHomodyne(CovarianceMatrix state, int measuredMode, Quadrature quadrature)
    {
        var (vA, c, vB) = Split(state, measuredMode);
        var pi = Matrix<double>.Build.Dense(2, 2);
        int q = (int)quadrature;
        pi[q, q] = 1.0;
        var inverse = (pi * vB * pi).PseudoInverse();
        return CovarianceMatrix.Derived(vA - c * inverse * c.Transpose());
    }

    /// <summary>Conditional state of all other modes after ideal heterodyne (double homodyne) of <paramref name="measuredMode"/>.</summary>
    public static CovarianceMatrix AfterHeterodyne(CovarianceMatrix state, int measuredMode)
    {
        var (vA, c, vB) = Split(state, measuredMode);
        var inverse = (vB + Matrix<double>.Build.DenseIdentity(2)).Inverse();
        return CovarianceMatrix.Derived(vA - c * inverse * c.Transpose());
    }

    private static (Matrix<double> VA, Matrix<double> C, Matrix<double> VB) Split(CovarianceMatrix state, int measuredMode)
    {
        if (state.ModeCount < 2)
            throw new ArgumentException("a conditional state needs at least one unmeasured mode", nameof(state));
        if (measuredMode < 0 || measuredMode >= state.ModeCount)
            throw new ArgumentOutOfRangeException(nameof(measuredMode), measuredMode, $"mode index outside 0..{state.ModeCount - 1}");
        int[] rest = Enumerable.Range(0, state.ModeCount).Where(k => k != measuredMode).ToArray();
        int[] measured = { measuredMode };
        return (state.Block(rest, rest), state.Block(rest, measured), state.Block(measured, measured));
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// Classical mutual information between ideal-heterodyne outcomes of modes of a Gaussian state, quadrature by quadrature
/// as in Bian et al., arXiv:2507.04462, Eqs. 22-24: I(x:y) = sum_q 0.5 log2(V_xq / V_xq|yq), V_x|y = V_x - sigma^T gamma_y^-1 sigma.
/// Ideal heterodyne of a mode with covariance gamma gives outcomes of covariance (gamma + I)/2 per quadrature pair; the
/// factor 1/2 cancels in the ratio. Valid because the broadcast state has no x-p cross correlations (phase-insensitive
/// channels and beam splitters acting alike on both quadratures), so x and p outcomes are independent Gaussian sets.
/// </summary>
public static class HeterodyneOutcomeInformation
{
    /// <summary>I(target : given) in bits for heterodyne outcomes of one target mode and a set of given modes.</summary>
    public static double Bits(CovarianceMatrix state, int targetMode, IReadOnlyList<int> givenModes)
    {
        if (givenModes.Count == 0) return 0.0;
        double bits = 0.0;
        for (int q = 0; q < 2; q++)
        {
            double variance = Outcome(state, targetMode, targetMode, q);
            var sigma = Vector<double>.Build.Dense(givenModes.Count, k => Outcome(state, givenModes[k], targetMode, q));
            var gamma = Matrix<double>.Build.Dense(givenModes.Count, givenModes.Count, (r, c) => Outcome(state, givenModes[r], givenModes[c], q));
            double conditional = variance - sigma * gamma.Solve(sigma); // Eq. 24: V_Bix|Brx = V_Bix - sigma^T gamma_Brx^-1 sigma
            bits += 0.5 * Math.Log2(variance / conditional);            // Eqs. 22, 23
        }
        return bits;
    }

    // Outcome covariance of quadrature q between heterodyne results of modes j and k: (gamma + I)_jk / 2.
    private static double Outcome(CovarianceMatrix state, int j, int k, int q)
        => 0.5 * (state[2 * j + q, 2 * k + q] + (j == k ? 1.0 : 0.0));
}

using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Estimation;

namespace QkdNetSim.Tests.Analysis.Cv.Estimation;

/// <summary>
/// Analytic moments of the CV sample model, written out here (not taken from the estimators), and accumulators that hold them
/// exactly. The per-quadrature vector v = (a, y_1..y_N) (Alice's P&amp;M symbol, each Bob's heterodyne quadrature) is zero-mean
/// Gaussian with covariance S built from the true EB matrix gamma (seed 000 Methods II.B, Eqs. 45-46; detector model
/// y_i = sqrt(eta_i/2) q_Bi + vacuum + electronic noise):
/// <code>
///   S_aa = V_M = gamma_00 - 1;   S_ii = eta_i/2 gamma_(2i,2i) + 1 - eta_i/2 + v_el,i;   S_ij = sqrt(eta_i eta_j)/2 gamma_(2i,2j)
///   S_ai = sqrt(eta_i/2) c_i V_M / sqrt(V^2 - 1),  c_i = gamma_(0,2i),  V = gamma_00
/// </code>
/// Sample second moments m_jk over n = 2 x rounds quadrature pairs (x and p pooled, independent) have, for a Gaussian vector,
/// Cov(m_jk, m_lm) = (S_jl S_km + S_jm S_kl) / n (Isserlis); <see cref="EntryStandardErrors"/> carries this through the rebuild
/// of gamma by the delta method.
/// </summary>
internal static class CvExactMoments
{
    public static Matrix<double> PmMoments(CovarianceMatrix gamma, IReadOnlyList<TrustedDetector> detectors)
    {
        int n = detectors.Count, d = n + 1;
        double v = gamma[0, 0], vm = v - 1;
        var s = Matrix<double>.Build.Dense(d, d);
        s[0, 0] = vm;
        for (int i = 1; i <= n; i++)
        {
            double eta = detectors[i - 1].Efficiency, vel = detectors[i - 1].ElectronicNoiseSnu;
            s[i, i] = eta / 2 * gamma[2 * i, 2 * i] + 1 - eta / 2 + vel;
            s[0, i] = s[i, 0] = Math.Sqrt(eta / 2) * gamma[0, 2 * i] * vm / Math.Sqrt(v * v - 1);
            for (int j = i + 1; j <= n; j++)
                s[i, j] = s[j, i] = Math.Sqrt(eta * detectors[j - 1].Efficiency) / 2 * gamma[2 * i, 2 * j];
        }
        return s;
    }

    /// <summary>
    /// A network accumulator whose raw second moments are exactly <paramref name="s"/> in every batch: with S = L L^T, the
    /// samples +-sqrt(d) L e_k (x: +, p: -) for k = 1..d average to L L^T; each set is repeated once per batch.
    /// </summary>
    public static CvNetworkMomentAccumulator NetworkAccumulator(Matrix<double> s)
    {
        int d = s.RowCount, users = d - 1;
        var l = s.Cholesky().Factor;
        var acc = new CvNetworkMomentAccumulator(users);
        var bx = new double[users];
        var bp = new double[users];
        long round = 0;
        for (int k = 0; k < d; k++)
        {
            var col = l.Column(k) * Math.Sqrt(d);
            for (int i = 0; i < users; i++) { bx[i] = col[i + 1]; bp[i] = -col[i + 1]; }
            for (int b = 0; b < CvNetworkMomentAccumulator.BatchCount; b++) acc.Add(round++, col[0], -col[0], bx, bp);
        }
        return acc;
    }

    /// <summary>Single-link accumulator with exact moments &lt;a^2&gt; = V_M, &lt;ab&gt; = g V_M, &lt;b^2&gt; = g^2 V_M + sigma^2.</summary>
    public static CvMomentAccumulator LinkAccumulator(double vm, double gain, double noiseVariance)
    {
        var s = Matrix<double>.Build.DenseOfArray(new[,] { { vm, gain * vm }, { gain * vm, gain * gain * vm + noiseVariance } });
        var l = s.Cholesky().Factor;
        var acc = new CvMomentAccumulator();
        for (int k = 0; k < 2; k++)
        {
            var col = l.Column(k) * Math.Sqrt(2);
            acc.Add(col[0], -col[0], col[1], -col[1]);
        }
        return acc;
    }

    /// <summary>Delta-method standard errors of the rebuilt gamma entries at <paramref name="rounds"/> rounds (see class comment).</summary>
    public static double[,] EntryStandardErrors(Matrix<double> s, IReadOnlyList<TrustedDetector> detectors, long rounds)
    {
        int users = detectors.Count, dim = 2 * (users + 1);
        double n = 2.0 * rounds;
        double Var(int j, int k) => (s[j, j] * s[k, k] + s[j, k] * s[j, k]) / n;
        double Cov(int j, int k, int l, int m) => (s[j, l] * s[k, m] + s[j, m] * s[k, l]) / n;
        var se = new double[dim, dim];
        void Set(int r, int c, double value) { se[r, c] = se[c, r] = value; se[r + 1, c + 1] = se[c + 1, r + 1] = value; }
        Set(0, 0, Math.Sqrt(Var(0, 0)));                                    // V = m_aa + 1
        double x = s[0, 0], g = Math.Sqrt(1 + 2 / x), dg = -1 / (x * x * g); // c = sqrt(2/eta) m_ai g(m_aa), g(x) = sqrt((x+1)^2-1)/x
        for (int i = 1; i <= users; i++)
        {
            double eta = detectors[i - 1].Efficiency;
            Set(2 * i, 2 * i, 2 / eta * Math.Sqrt(Var(i, i)));              // Var(q_B) = 2 (m_ii - 1 + eta/2 - v_el) / eta
            double a = Math.Sqrt(2 / eta) * g, b = Math.Sqrt(2 / eta) * s[0, i] * dg;
            Set(0, 2 * i, Math.Sqrt(a * a * Var(0, i) + b * b * Var(0, 0) + 2 * a * b * Cov(0, i, 0, 0)));
            for (int j = i + 1; j <= users; j++)                          // d_ij = 2 m_ij / sqrt(eta_i eta_j)
                Set(2 * i, 2 * j, 2 / Math.Sqrt(eta * detectors[j - 1].Efficiency) * Math.Sqrt(Var(i, j)));
        }
        return se;
    }
}

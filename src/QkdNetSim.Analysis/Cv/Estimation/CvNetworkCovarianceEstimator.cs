using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Rebuilds the network covariance matrix gamma_{A B_1..B_N} (seed 000, Bian et al., arXiv:2507.04462, Methods C,
/// Eq. 24, and Methods II.B, Eqs. 45-46) from the moments of <see cref="CvNetworkMomentAccumulator"/> and each Bob's
/// calibrated detector (eta_i, v_el,i), in SNU at the Bobs' detector inputs, entanglement-based (EB) picture.
/// <code>
///   V = V_M_hat + 1,                     V_M_hat = &lt;a^2&gt;
///   Var(q_Bi)      = 2 (&lt;y_i^2&gt; - 1 + eta_i/2 - v_el,i) / eta_i
///   Cov(q_Bi,q_Bj) = 2 &lt;y_i y_j&gt; / sqrt(eta_i eta_j)                    (B-B blocks d_ij I)
///   Cov_PM(a,q_Bi) = sqrt(2/eta_i) &lt;a y_i&gt;
///   c_i            = Cov_PM(a,q_Bi) sqrt(V^2 - 1) / V_M = Cov_PM sqrt((V+1)/(V-1))   (A-B blocks c_i Z, Z = diag(1,-1))
/// </code>
/// Derivation. Detector (Protocols.Cv.CvUserChannel's model, per-homodyne SNU): y_i = sqrt(eta_i/2) q_Bi + sqrt((1-eta_i)/2) q_v'
/// + sqrt(1/2) q_v'' + e_i with vacua q_v', q_v'' (variance 1) and electronic noise e_i (variance v_el,i), all independent of
/// everything else and between Bobs. Hence &lt;y_i^2&gt; = eta_i/2 Var(q_Bi) + 1 - eta_i/2 + v_el,i,
/// &lt;y_i y_j&gt; = sqrt(eta_i eta_j)/2 Cov(q_Bi, q_Bj) and &lt;a y_i&gt; = sqrt(eta_i/2) Cov(a, q_Bi), which inverts to the lines above.
/// P&amp;M to EB (Eqs. 45-46; Grosshans et al., QIC 3, 535 (2003)): Alice's coherent state |a&gt; averaged over her Gaussian
/// ensemble of variance V_M is the thermal state of variance V = V_M + 1, exactly the reduced state of mode B0 of an EPR pair
/// of variance V; so every moment involving only the Bobs' modes (Var(q_Bi), d_ij) is the same in both pictures. The
/// correlations with Alice differ: in P&amp;M q_B0 = a + q_0 gives Cov(a, q_B0) = V_M; in EB Cov(q_A, q_B0) = sqrt(V^2 - 1) on x
/// (and -sqrt(V^2 - 1) on p: the sigma_z of the EPR state). Everything after B0 (feeder, splitter tree, drops) is a linear map
/// q_Bi = sum_k L_ik q_B0 + (noise independent of Alice), so Cov(., q_Bi) = L_i Cov(., q_B0) for both a and q_A and the ratio
/// is the same for every Bob: c_i = Cov_PM(a, q_Bi) sqrt(V^2 - 1) / V_M. Check (one user, T_i, xi_i): Cov_PM = sqrt(T_i) V_M
/// (CvUserChannel: &lt;a y&gt; = g V_M with g = sqrt(eta T / 2)), so c_i = sqrt(T_i (V^2 - 1)), the Lodewyck et al. (2007) form used by
/// <see cref="CvParameterEstimator.CovarianceOf"/>; and Var(q_Bi) = T_i V_M + 1 + T_i xi_i.
/// x and p are pooled (phase-insensitive channel: diagonal blocks proportional to I and Z; cross-quadrature terms 0).
/// </summary>
public static class CvNetworkCovarianceEstimator
{
    /// <summary>
    /// Estimates gamma_{A B_1..B_N} with batch (delete-one-batch jackknife) standard errors of every entry. With <paramref name="requirePhysical"/>
    /// (default) a matrix that is not symmetric positive definite with symplectic eigenvalues &gt;= 1 throws
    /// <see cref="AnalysisInputException"/> (field "gamma_AB", rule "estimated covariance matrix violates ..."); otherwise the
    /// violation is reported in <see cref="CvNetworkCovarianceEstimate.PhysicalityViolation"/>. Too few rounds, a detector
    /// list that does not match the users or degenerate samples throw <see cref="AnalysisInputException"/> too: the samples
    /// come from a file, and the caller that knows it reports the user's error.
    /// </summary>
    public static CvNetworkCovarianceEstimate Estimate(CvNetworkMomentAccumulator moments, IReadOnlyList<TrustedDetector> detectors,
        bool requirePhysical = true)
    {
        ArgumentNullException.ThrowIfNull(moments);
        ArgumentNullException.ThrowIfNull(detectors);
        int n = moments.UserCount;
        if (detectors.Count != n) throw new AnalysisInputException("detectors", $"needs one calibrated detector per user ({n}), got {detectors.Count}");
        for (int i = 0; i < n; i++)
            if (detectors[i].Kind != DetectionKind.Heterodyne) throw new AnalysisInputException($"detectors[{i}]", "the estimator models heterodyne outcomes");
        long rounds = moments.Rounds;
        if (rounds < 2) throw new AnalysisInputException("samples", $"needs at least 2 rounds (got {rounds})");

        var m = new double[moments.PairCount];
        moments.Moments(m);
        var values = Rebuild(m, n, detectors);
        if (!(values[0, 0] - 1.0 > 0) || !double.IsFinite(values[0, 0]))
            throw new AnalysisInputException("alice", $"Alice's samples have zero or non-finite variance (<a^2> = {values[0, 0] - 1.0:G4})");

        // Delete-one-batch jackknife over the 16 interleaved batches (= batch means sd / sqrt(16) for linear entries).
        int dim = values.RowCount, batches = CvNetworkMomentAccumulator.BatchCount;
        var replicates = new Matrix<double>[batches];
        for (int b = 0; b < batches; b++)
        {
            moments.MomentsWithoutBatch(b, m);
            replicates[b] = Rebuild(m, n, detectors);
        }
        var column = new double[batches];
        var se = Matrix<double>.Build.Dense(dim, dim, (r, c) =>
        {
            for (int b = 0; b < batches; b++) column[b] = replicates[b][r, c];
            return CvNetworkMomentAccumulator.JackknifeStandardError(column);
        });

        var gamma = Validate(values, out string? violation);
        if (gamma is null && requirePhysical) throw new AnalysisInputException("gamma_AB", violation!);
        return new CvNetworkCovarianceEstimate(rounds, values, se, gamma, violation, detectors.ToArray());
    }

    /// <summary>
    /// The rebuild itself (formulas in the class comment) from packed raw moments &lt;v_j v_k&gt; of v = (a, y_1..y_N)
    /// (<see cref="CvNetworkMomentAccumulator.PairIndex"/> order). Not validated; NaN entries when &lt;a^2&gt; &lt;= 0.
    /// </summary>
    public static Matrix<double> Rebuild(ReadOnlySpan<double> moments, int userCount, IReadOnlyList<TrustedDetector> detectors)
    {
        int d = userCount + 1;
        if (moments.Length != d * (d + 1) / 2) throw new ArgumentException($"needs {d * (d + 1) / 2} packed moments", nameof(moments));
        int Idx(int j, int k) => j * d - j * (j - 1) / 2 + (k - j); // j <= k
        double vm = moments[Idx(0, 0)];
        double v = vm + 1.0;                                          // Eq. 45: V = V_M + 1
        double pmToEb = vm > 0 ? Math.Sqrt(v * v - 1.0) / vm : double.NaN; // Eqs. 45-46: EB/P&M correlation ratio
        var g = Matrix<double>.Build.Dense(2 * d, 2 * d);
        g[0, 0] = v;
        g[1, 1] = v;
        for (int i = 1; i <= userCount; i++)
        {
            double eta = detectors[i - 1].Efficiency, vel = detectors[i - 1].ElectronicNoiseSnu;
            double varB = 2.0 * (moments[Idx(i, i)] - 1.0 + eta / 2.0 - vel) / eta; // invert <y^2> = eta/2 Var(q_B) + 1 - eta/2 + v_el
            g[2 * i, 2 * i] = varB;
            g[2 * i + 1, 2 * i + 1] = varB;
            double c = Math.Sqrt(2.0 / eta) * moments[Idx(0, i)] * pmToEb;    // c_i, A-B block c_i Z
            g[0, 2 * i] = g[2 * i, 0] = c;
            g[1, 2 * i + 1] = g[2 * i + 1, 1] = -c;
            for (int j = i + 1; j <= userCount; j++)
            {
                double etaJ = detectors[j - 1].Efficiency;
                double dij = 2.0 * moments[Idx(i, j)] / Math.Sqrt(eta * etaJ); // B-B block d_ij I
                g[2 * i, 2 * j] = g[2 * j, 2 * i] = dij;
                g[2 * i + 1, 2 * j + 1] = g[2 * j + 1, 2 * i + 1] = dij;
            }
        }
        return g;
    }

    /// <summary>
    /// Validates a rebuilt matrix (<see cref="CovarianceMatrix.Violation"/>); null and the rule ("estimated covariance
    /// matrix violates ...") when it is not physical.
    /// </summary>
    public static CovarianceMatrix? Validate(Matrix<double> values, out string? violation)
    {
        string? rule = CovarianceMatrix.Violation(values);
        violation = rule is null ? null : $"estimated covariance matrix violates the rule that it {rule}";
        return rule is null ? CovarianceMatrix.Create(values) : null;
    }
}

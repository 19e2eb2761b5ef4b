namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Parameter estimation of a CV-QKD link from n quadrature pairs (a, b) with b = t a + z, Var(z) = sigma^2 (the linear
/// model of Lodewyck et al., PRA 76, 042305 (2007), Sec. IV; Ruppert, Usenko &amp; Filip, PRA 90, 062310 (2014), Eqs. 5-8;
/// Leverrier, Grosshans &amp; Grangier, PRA 81, 062343 (2010), Eqs. 13-16). Zero means are known (Alice's constellation
/// is centred, Bob's outcomes have no carrier), so raw second moments are used:
/// <code>
///   V_M_hat = &lt;a^2&gt;,  t_hat = &lt;ab&gt;/&lt;a^2&gt;,  sigma2_hat = &lt;b^2&gt; - t_hat &lt;ab&gt;
///   T_hat = 2 t_hat^2 / eta,  xi_hat = 2 (sigma2_hat - 1 - v_el) / (eta T_hat)   (model of Protocols.Cv.CvUserChannel)
/// </code>
/// Asymptotic variances (Ruppert et al. 2014, Eqs. 7-8; Leverrier et al. 2010): Var(t_hat) = sigma^2 / (n V_M),
/// Var(sigma2_hat) = 2 sigma^4 / n (Gaussian noise); Var(V_M_hat) = (&lt;a^4&gt; - &lt;a^2&gt;^2)/n (empirical fourth moment,
/// so it is 2 V_M^2/n for Gaussian modulation and 0 for QPSK). The three are asymptotically uncorrelated (regression
/// residuals are independent of the regressor); T_hat's and xi_hat's errors follow by the delta method.
/// </summary>
public static class CvParameterEstimator
{
    /// <summary>Default z of the intervals: 1.96 (two-sided 95 %).</summary>
    public const double DefaultStandardScore = 1.96;

    /// <summary>
    /// Estimates the link. The detector (eta, v_el) is trusted and calibrated, so it is an input, not an estimate.
    /// Throws <see cref="AnalysisInputException"/> (field and rule) when there are too few samples, the moments are
    /// degenerate (no correlation) or the rebuilt gamma_AB is not a physical covariance matrix (field "V", rule from
    /// <see cref="CovarianceMatrix.Violation"/>: symmetric, positive definite, symplectic eigenvalues &gt;= 1); the samples
    /// come from a file, so the caller that knows it reports the user's error. With <paramref name="requirePhysical"/> false a
    /// non-physical gamma_AB is reported in <see cref="CvParameterEstimate.PhysicalityViolation"/> ("V: rule") instead (for
    /// studies of small samples); the point estimates and intervals are still returned.
    /// </summary>
    public static CvParameterEstimate Estimate(CvMomentAccumulator moments, TrustedDetector detector,
        double standardScore = DefaultStandardScore, bool requirePhysical = true)
    {
        ArgumentNullException.ThrowIfNull(moments);
        ArgumentNullException.ThrowIfNull(detector);
        if (detector.Kind != DetectionKind.Heterodyne) throw new AnalysisInputException("detector", "the estimator models heterodyne outcomes");
        if (!(standardScore > 0) || !double.IsFinite(standardScore)) throw new AnalysisInputException("standardScore", "must be finite and > 0");
        long count = moments.Count;
        if (count < 4) throw new AnalysisInputException("samples", $"needs at least 2 rounds (got {count / 2})");
        double n = count;
        double eta = detector.Efficiency, vel = detector.ElectronicNoiseSnu;
        double maa = moments.SumAA / n, mab = moments.SumAB / n, mbb = moments.SumBB / n, m4 = moments.SumAAAA / n;
        if (!(maa > 0) || !double.IsFinite(maa + mab + mbb)) throw new AnalysisInputException("alice", "Alice's samples have zero or non-finite variance");

        double t = mab / maa;
        double sigma2 = mbb - t * mab;
        if (!(t > 0)) throw new AnalysisInputException("correlation", $"Alice-Bob covariance <ab> = {mab:G4} must be > 0 (no transmitted signal)");
        if (!(sigma2 > 0)) throw new AnalysisInputException("noise", $"residual noise variance {sigma2:G4} SNU must be > 0");

        double varMaa = Math.Max(0.0, m4 - maa * maa) / n;
        double varT = sigma2 / (n * maa);
        double varSigma2 = 2.0 * sigma2 * sigma2 / n;

        double transmittance = 2.0 * t * t / eta;
        double excess = 2.0 * (sigma2 - 1.0 - vel) / (eta * transmittance);
        // Delta method: dT/dt = 4 t / eta; xi = (sigma2 - 1 - v_el) / t^2 so dxi/dsigma2 = 1/t^2, dxi/dt = -2 xi / t.
        double seT = 4.0 * t / eta * Math.Sqrt(varT);
        double seXi = Math.Sqrt(varSigma2 / (t * t * t * t) + 4.0 * excess * excess / (t * t) * varT);

        double v = maa + 1.0;
        double b = transmittance * maa + 1.0 + transmittance * excess;
        double c = Math.Sqrt(transmittance * (v * v - 1.0));
        CovarianceMatrix? gamma = null;
        string? violation = null;
        if (CovarianceMatrix.Violation(CovarianceMatrix.TwoModeValues(v, b, c)) is { } rule)
        {
            // The estimate comes from the user's samples: a non-physical one is bad input (the caller names the file).
            var broken = new AnalysisInputException("V", rule);
            if (requirePhysical) throw broken;
            violation = broken.Message;
        }
        else gamma = CovarianceMatrix.TwoModeStandardForm(v, b, c);

        double z = standardScore;
        return new CvParameterEstimate(count,
            new CvEstimatedParameter(maa, Math.Sqrt(varMaa), z),
            new CvEstimatedParameter(transmittance, seT, z),
            new CvEstimatedParameter(excess, seXi, z),
            new CvEstimatedParameter(t, Math.Sqrt(varT), z),
            new CvEstimatedParameter(sigma2, Math.Sqrt(varSigma2), z),
            gamma, detector, violation);
    }

    /// <summary>
    /// gamma_AB of parameters (V_M, T, xi): [[V I, sqrt(T(V^2-1)) Z], [.., T(V + chi_line) I]] (Lodewyck et al. 2007).
    /// Validated: V_M or T &lt;= 0 throws <see cref="AnalysisInputException"/>, a non-physical matrix <see cref="ArgumentException"/>.
    /// </summary>
    public static CovarianceMatrix CovarianceOf(double modulationVarianceSnu, double transmittance, double excessNoiseSnu)
    {
        double v = modulationVarianceSnu + 1.0;
        if (!(modulationVarianceSnu > 0) || !(transmittance > 0))
            throw new AnalysisInputException("parameters", "V_M and T must be > 0");
        return CovarianceMatrix.TwoModeStandardForm(v, transmittance * modulationVarianceSnu + 1.0 + transmittance * excessNoiseSnu,
            Math.Sqrt(transmittance * (v * v - 1.0)));
    }
}

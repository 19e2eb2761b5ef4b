namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Estimated parameters of one Alice-Bob link from sample moments (see <see cref="CvParameterEstimator"/>).
/// </summary>
/// <param name="QuadraturePairs">n: number of (a, b) pairs used (2 per round).</param>
/// <param name="ModulationVarianceSnu">V_M_hat = &lt;a^2&gt;.</param>
/// <param name="Transmittance">T_hat = 2 t_hat^2 / eta.</param>
/// <param name="ExcessNoiseSnu">xi_hat = 2 (sigma2_hat - 1 - v_el) / (eta T_hat), SNU at the channel input.</param>
/// <param name="Gain">t_hat = &lt;ab&gt;/&lt;a^2&gt; (= sqrt(eta T / 2) in expectation).</param>
/// <param name="NoiseVarianceSnu">sigma2_hat = &lt;b^2&gt; - t_hat &lt;ab&gt; (= 1 + eta T xi/2 + v_el).</param>
/// <param name="Covariance">gamma_AB rebuilt in SNU: [[V I, sqrt(T(V^2-1)) Z], [.., (T V_M + 1 + T xi) I]], V = V_M + 1,
/// validated physical; null only when the estimator was asked not to require physicality and it is not physical.</param>
/// <param name="Detector">The trusted (calibrated) detector used.</param>
/// <param name="PhysicalityViolation">Null when gamma_AB is physical, else the rule it breaks (small samples can give xi_hat
/// far enough below 0 that gamma_AB violates the uncertainty principle).</param>
public sealed record CvParameterEstimate(
    long QuadraturePairs,
    CvEstimatedParameter ModulationVarianceSnu,
    CvEstimatedParameter Transmittance,
    CvEstimatedParameter ExcessNoiseSnu,
    CvEstimatedParameter Gain,
    CvEstimatedParameter NoiseVarianceSnu,
    CovarianceMatrix? Covariance,
    TrustedDetector Detector,
    string? PhysicalityViolation = null)
{
    /// <summary>True when the rebuilt gamma_AB is a physical covariance matrix.</summary>
    public bool IsPhysical => Covariance is not null;

    /// <summary>Asymptotic variances of the three primitive moments (V_M_hat, t_hat, sigma2_hat), asymptotically uncorrelated.</summary>
    internal double VarianceModulation => ModulationVarianceSnu.StandardError * ModulationVarianceSnu.StandardError;
    internal double VarianceGain => Gain.StandardError * Gain.StandardError;
    internal double VarianceNoise => NoiseVarianceSnu.StandardError * NoiseVarianceSnu.StandardError;
}

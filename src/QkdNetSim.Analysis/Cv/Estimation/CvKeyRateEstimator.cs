namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Key rates from estimated parameters: single-user GG02 heterodyne with reverse reconciliation and trusted detector
/// (<see cref="Gg02KeyRate.FromCovariance"/>, Lodewyck et al. 2007 / Fossier et al. 2009) with a delta-method standard
/// error. The multi-user rates of seed 000 come from the estimated network covariance matrix
/// (<see cref="CvNetworkKeyRateEstimator"/>). For QPSK / QAM samples the formula is the Gaussian-modulation one evaluated at the estimated moments
/// (an approximation for discrete constellations, not a security proof for them).
/// </summary>
public static class CvKeyRateEstimator
{
    /// <summary>Single-user key rate from an estimate; a non-physical estimate or a beta outside (0, 1] throws <see cref="AnalysisInputException"/>.</summary>
    public static CvKeyRateEstimate Compute(CvParameterEstimate estimate, double reconciliationEfficiency)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var detector = estimate.Detector;
        double maa = estimate.ModulationVarianceSnu.Value, t = estimate.Gain.Value, s2 = estimate.NoiseVarianceSnu.Value;
        if (estimate.Covariance is null)
            throw new AnalysisInputException("gamma_AB", $"the estimated covariance matrix is not physical: {estimate.PhysicalityViolation}");
        var point = Gg02KeyRate.FromCovariance(estimate.Covariance, detector, reconciliationEfficiency);

        // Delta method over the asymptotically uncorrelated primitive moments (V_M_hat, t_hat, sigma2_hat):
        // Var(K) = sum_k (dK/dtheta_k)^2 Var(theta_k), derivatives by central differences of +- 0.1 se
        // (second-order error ~ 1e-2 relative on a locally smooth K).
        double[] theta = [maa, t, s2];
        double[] variance = [estimate.VarianceModulation, estimate.VarianceGain, estimate.VarianceNoise];
        double varK = 0;
        for (int k = 0; k < 3; k++)
        {
            double se = Math.Sqrt(variance[k]);
            if (!(se > 0)) continue;
            double h = 0.1 * se;
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[k] += h;
            down[k] -= h;
            double kUp = KeyAtMoments(up, detector, reconciliationEfficiency);
            double kDown = KeyAtMoments(down, detector, reconciliationEfficiency);
            double derivative = (kUp - kDown) / (2 * h);
            if (double.IsFinite(derivative)) varK += derivative * derivative * variance[k];
        }

        double z = estimate.Transmittance.StandardScore;
        double worst = KeyAtParameters(maa, estimate.Transmittance.Lower, estimate.ExcessNoiseSnu.Upper, detector, reconciliationEfficiency);
        return new CvKeyRateEstimate(point.KeyRateBits, Math.Sqrt(varK), worst, z, point);
    }

    private static double KeyAtMoments(double[] theta, TrustedDetector detector, double beta)
    {
        double maa = theta[0], t = theta[1], s2 = theta[2];
        double transmittance = 2 * t * t / detector.Efficiency;
        double xi = 2 * (s2 - 1 - detector.ElectronicNoiseSnu) / (detector.Efficiency * transmittance);
        return KeyAtParameters(maa, transmittance, xi, detector, beta);
    }

    /// <summary>GG02 key at (V_M, T, xi) through the validated covariance matrix; NaN when not physical.</summary>
    public static double KeyAtParameters(double modulationVarianceSnu, double transmittance, double excessNoiseSnu,
        TrustedDetector detector, double beta)
    {
        try
        {
            var gamma = CvParameterEstimator.CovarianceOf(modulationVarianceSnu, transmittance, excessNoiseSnu);
            return Gg02KeyRate.FromCovariance(gamma, detector, beta).KeyRateBits;
        }
        catch (ArgumentException) // not physical at these parameters (AnalysisInputException is one)
        {
            return double.NaN;
        }
    }
}

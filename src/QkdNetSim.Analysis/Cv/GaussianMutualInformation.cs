using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Shannon mutual information between jointly Gaussian classical variables, in bits, from variances and conditional
/// variances (Shannon's Gaussian-channel formula, as used in Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018),
/// Sec. "Mutual information"; Weedbrook et al., RMP 84, 621 (2012), Sec. on CV-QKD).
/// </summary>
public static class GaussianMutualInformation
{
    /// <summary>One real Gaussian variable (homodyne): I = 1/2 log2(V / V_cond).</summary>
    public static double Homodyne(double variance, double conditionalVariance)
    {
        if (!(variance > 0 && conditionalVariance > 0 && conditionalVariance <= variance * (1 + 1e-12)))
            throw new ArgumentOutOfRangeException(nameof(conditionalVariance), "need 0 < V_cond <= V");
        return 0.5 * Math.Log2(variance / conditionalVariance);
    }

    /// <summary>
    /// Two real Gaussian variables (heterodyne outcome pair): I = 1/2 log2(det V / det V_cond) for 2 x 2 covariance
    /// matrices; for V = v I and V_cond = w I this is log2(v / w).
    /// </summary>
    public static double Heterodyne(Matrix<double> covariance, Matrix<double> conditionalCovariance)
    {
        if (covariance.RowCount != 2 || covariance.ColumnCount != 2 || conditionalCovariance.RowCount != 2 || conditionalCovariance.ColumnCount != 2)
            throw new ArgumentException("heterodyne mutual information needs 2 x 2 covariance matrices");
        double det = covariance.Determinant(), detCond = conditionalCovariance.Determinant();
        if (!(det > 0 && detCond > 0)) throw new ArgumentOutOfRangeException(nameof(conditionalCovariance), "covariances must be positive definite");
        return 0.5 * Math.Log2(det / detCond);
    }

    /// <summary>
    /// Alice-Bob mutual information of Gaussian-modulated coherent states (modulation variance V_M, V = V_M + 1) sent
    /// through a channel of transmittance T and excess noise xi (SNU, channel input) and measured with a trusted
    /// detector: chi_line = 1/T - 1 + xi, chi_tot = chi_line + chi_det/T;
    /// heterodyne I_AB = log2((V + chi_tot)/(1 + chi_tot)), homodyne I_AB = 1/2 log2((V + chi_tot)/(1 + chi_tot))
    /// (Lodewyck et al., PRA 76, 042305 (2007); Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018), I_AB for GG02).
    /// </summary>
    public static double AliceBobGaussianModulation(double modulationVarianceSnu, double transmittance, double excessNoiseSnu,
        TrustedDetector detector)
    {
        CvLinkValidation.Check(modulationVarianceSnu, transmittance, excessNoiseSnu);
        double v = modulationVarianceSnu + 1.0;
        double chiLine = 1.0 / transmittance - 1.0 + excessNoiseSnu;
        double chiTot = chiLine + detector.InputReferredNoiseSnu / transmittance;
        double perQuadrature = 0.5 * Math.Log2((v + chiTot) / (1.0 + chiTot));
        return detector.Kind == DetectionKind.Heterodyne ? 2.0 * perQuadrature : perQuadrature;
    }
}

namespace QkdNetSim.Analysis.Cv;

/// <summary>Shared validation of the Gaussian-modulation link parameters (V_M, T, xi); a broken rule throws <see cref="AnalysisInputException"/>.</summary>
internal static class CvLinkValidation
{
    public static void Check(double modulationVarianceSnu, double transmittance, double excessNoiseSnu)
    {
        if (!(modulationVarianceSnu > 0.0) || !double.IsFinite(modulationVarianceSnu))
            throw new AnalysisInputException("modulation_variance", $"modulation variance must be > 0 SNU and finite (got {modulationVarianceSnu:G6})");
        if (!(transmittance > 0.0 && transmittance <= 1.0))
            throw new AnalysisInputException("transmittance", $"channel transmittance T must lie in (0, 1] (got {transmittance:G6})");
        if (!(excessNoiseSnu >= 0.0) || !double.IsFinite(excessNoiseSnu))
            throw new AnalysisInputException("excess_noise", $"excess noise xi must be finite and >= 0 SNU (got {excessNoiseSnu:G6})");
    }
}

using QkdNetSim.Core;

namespace QkdNetSim.Analysis.Cv;

/// <summary>Shared validation of the Gaussian-modulation link parameters (V_M, T, xi).</summary>
internal static class CvLinkValidation
{
    public static void Check(double modulationVarianceSnu, double transmittance, double excessNoiseSnu, string source)
    {
        if (!(modulationVarianceSnu > 0.0) || !double.IsFinite(modulationVarianceSnu))
            throw new InputError(source, "modulation_variance", $"modulation variance must be > 0 SNU and finite (got {modulationVarianceSnu:G6})");
        if (!(transmittance > 0.0 && transmittance <= 1.0))
            throw new InputError(source, "transmittance", $"channel transmittance T must lie in (0, 1] (got {transmittance:G6})");
        if (!(excessNoiseSnu >= 0.0) || !double.IsFinite(excessNoiseSnu))
            throw new InputError(source, "excess_noise", $"excess noise xi must be finite and >= 0 SNU (got {excessNoiseSnu:G6})");
    }
}

using QkdNetSim.Analysis.Cv.Ofdm;
using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Tests.Protocols.Cv.Ofdm;

/// <summary>Shared constellations and paper parameters (Wang et al., Sec. 4: μ 0.01, κ 0.98, θ π/50).</summary>
internal static class OfdmSimulationFixtures
{
    public const double Mu = 0.01, Kappa = 0.98, Theta = Math.PI / 50;

    public static OfdmConstellation ShapedQam256()
    {
        var qam = new MaxwellBoltzmannQam(16, MaxwellBoltzmannQam.PaperShapingParameter);
        return OfdmConstellation.Discrete("PS-256QAM", qam.Levels.ToArray(), qam.Probabilities.ToArray());
    }
}

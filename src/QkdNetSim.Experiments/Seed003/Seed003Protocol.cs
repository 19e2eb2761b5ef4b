using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Ofdm;
using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// One modulation protocol of Wang et al. Sec. 4 with its parameters, the Eq. (15) model, the sample-level constellation and
/// the single-carrier key-rate function R(ε; T) that <see cref="OfdmKeyRate"/> is built with (pluggable: a discrete-modulation
/// bound can replace <see cref="RateModel"/> without touching the OFDM code).
/// </summary>
public sealed record Seed003Protocol(
    string Name,
    string Slug,
    OfdmModulation Modulation,
    double SingleCarrierExcessNoiseSnu,
    TrustedDetector Detector,
    double ReconciliationEfficiency,
    Seed003Paper.Protocol Paper,
    int[] KeyRateFigures,
    double MaxDistanceKm,
    int MaxSubcarrierCount,
    string RateModelDescription,
    Func<OfdmConstellation> Constellation)
{
    /// <summary>R(ε) in bits/symbol at transmittance T: here the GG02 heterodyne reverse-reconciliation rate (stand-in for QPSK, 256QAM).</summary>
    public Func<double, Func<double, double>> RateModel => transmittance => eps =>
        Gg02KeyRate.Compute(new Gg02Input(Modulation.ModulationVarianceSnu, transmittance, eps, Detector, ReconciliationEfficiency, Name)).KeyRateBits;

    public OfdmNoiseModel NoiseModel => new(Modulation);

    public OfdmKeyRate KeyRateAt(double lengthKm) =>
        new(NoiseModel, SingleCarrierExcessNoiseSnu, RateModel(Gg02KeyRate.TransmittanceOfFibre(lengthKm)));

    /// <summary>The three protocols with the paper's parameters (Sec. 4.1-4.3).</summary>
    public static IReadOnlyList<Seed003Protocol> All(Seed003Paper paper)
    {
        const double mu = 0.01, kappa = 0.98, theta = Math.PI / 50, beta = 0.95; // Secs. 4.1-4.3: μ_k, κ_k, θ_k, β_k
        var qam = new MaxwellBoltzmannQam(16, MaxwellBoltzmannQam.PaperShapingParameter); // Eq. (17), ν = 0.04
        return
        [
            // Sec. 4.1: V_A 0.45 SNU, ε_single 0.007 SNU; detector not stated: ideal heterodyne (η 1, v_el 0).
            new("QPSK", "qpsk", OfdmModulation.Qpsk(mu, kappa, theta, 0.45), 0.007, TrustedDetector.Heterodyne(1.0, 0.0), beta,
                paper.Qpsk, [6, 7, 8], 50, 200,
                "GG02 heterodyne (Gaussian-modulation formula) as a STAND-IN for the paper's SDP bound of Refs. [32, 33], until the discrete-modulation bound lands",
                OfdmConstellation.Qpsk),
            // Sec. 4.2: V_A 5 SNU, η 0.56, v_el 0.15 SNU, ε_single 0.03 SNU.
            new("PS-256QAM", "qam256", OfdmModulation.ShapedQam256(mu, kappa, theta, 5.0), 0.03, TrustedDetector.Heterodyne(0.56, 0.15), beta,
                paper.Qam256, [9, 10, 11], 150, 250,
                "GG02 heterodyne (Gaussian-modulation formula) as a stand-in for the paper's improved SDP bound of Ref. [33]",
                () => OfdmConstellation.Discrete("PS-256QAM", qam.Levels.ToArray(), qam.Probabilities.ToArray())),
            // Sec. 4.3: V_A 5 SNU, η 0.56, v_el 0.1 SNU, ε_single 0.03 SNU.
            new("Gaussian", "gaussian", OfdmModulation.Gaussian(mu, kappa, theta, 5.0), 0.03, TrustedDetector.Heterodyne(0.56, 0.1), beta,
                paper.Gaussian, [12, 13, 14], 200, 300,
                "GG02 heterodyne (no-switching, Ref. [35]): the paper's own choice for Gaussian modulation",
                () => OfdmConstellation.TruncatedGaussian()),
        ];
    }
}

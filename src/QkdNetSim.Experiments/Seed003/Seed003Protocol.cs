using QkdNetSim.Analysis.Cv.Discrete;
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
    Func<OfdmConstellation> Constellation,
    Func<double, double, double> SingleCarrierKeyRateBits)
{
    /// <summary>R(ε) in bits/symbol at transmittance T (<see cref="SingleCarrierKeyRateBits"/>(T, ε)).</summary>
    public Func<double, Func<double, double>> RateModel => transmittance => eps => SingleCarrierKeyRateBits(transmittance, eps);

    /// <summary>GG02 heterodyne reverse-reconciliation rate at the protocol's V_A, detector and beta (Gaussian modulation).</summary>
    public static Func<double, double, double> Gg02Rate(double modulationVarianceSnu, TrustedDetector detector, double beta) =>
        (t, eps) => Gg02KeyRate.Compute(new Gg02Input(modulationVarianceSnu, t, eps, detector, beta)).KeyRateBits;

    /// <summary>
    /// Explicit bound for an arbitrary constellation of coherent states (Denys, Brown, Leverrier, Quantum 5, 540 (2021);
    /// <see cref="DiscreteModulationKeyRate"/>), tau's (c, W) computed once; negative rates mean no key.
    /// </summary>
    public static Func<double, double, double> DiscreteBoundRate(Constellation constellation, TrustedDetector detector, double beta,
        MutualInformationModel mutualInformation)
    {
        var tau = DiscreteModulationKeyRate.TauCorrelation(constellation);
        return (t, eps) => DiscreteModulationKeyRate.Compute(
            new DiscreteModulationInput(constellation, t, eps, beta, mutualInformation, detector), tau).KeyRateBits;
    }

    /// <summary>
    /// Square QAM coherent states with Eq. (17)'s Maxwell-Boltzmann weights taken on INTEGER levels x = ±1, ±3, ..,
    /// ±(L - 1) per quadrature (p ∝ exp(-nu x^2), I and Q independent), scaled so that &lt;n&gt; = V_A / 2. This is the
    /// constellation the key-rate bound of Ref. [33] (Denys et al.) is evaluated on; the Eq. (15) moments sigma1^2, sigma2^2
    /// use the normalised reading instead (<see cref="MaxwellBoltzmannQam"/>): the two readings are what reproduces the
    /// paper's quoted moments and its optimal N respectively (REPORT.md, "decisions").
    /// </summary>
    public static Constellation IntegerLevelShapedQamStates(int levelsPerQuadrature, double nu, double modulationVarianceSnu)
    {
        int l = levelsPerQuadrature;
        double[] x = Enumerable.Range(1, l).Select(i => 2.0 * i - l - 1.0).ToArray();
        double[] w = x.Select(v => Math.Exp(-nu * v * v)).ToArray();
        double z = w.Sum();
        double meanSquare = x.Zip(w, (v, p) => v * v * p / z).Sum();
        double scale = Math.Sqrt(modulationVarianceSnu / 2.0 / (2.0 * meanSquare)); // <|alpha|^2> = scale^2 * 2 <x^2>
        var points = new List<System.Numerics.Complex>();
        var probabilities = new List<double>();
        for (int i = 0; i < l; i++)
            for (int j = 0; j < l; j++)
            {
                points.Add(new System.Numerics.Complex(x[i] * scale, x[j] * scale));
                probabilities.Add(w[i] / z * (w[j] / z));
            }
        return QkdNetSim.Analysis.Cv.Discrete.Constellation.Create(points, probabilities, $"{l * l}QAM, Eq. (17) on integer levels, nu = {nu:G3}");
    }

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
                "explicit bound of Ref. [33] (Denys et al. 2021, Theorem 1, w the per-state variance of a_tau) for the four coherent states, key from Bob's continuous heterodyne outcome (beta I(X:Y) - chi(Y:E)); the paper cites Refs. [32, 33]: the SDP of Ref. [32] (Ghorai et al. 2019) is not computed here, Ref. [33] reports that its bound matches it to numerical precision",
                OfdmConstellation.Qpsk,
                DiscreteBoundRate(QkdNetSim.Analysis.Cv.Discrete.Constellation.Qpsk(Math.Sqrt(0.45 / 2.0)), TrustedDetector.Heterodyne(1.0, 0.0), beta,
                    MutualInformationModel.ContinuousOutcome)),
            // Sec. 4.2: V_A 5 SNU, η 0.56, v_el 0.15 SNU, ε_single 0.03 SNU.
            new("PS-256QAM", "qam256", OfdmModulation.ShapedQam256(mu, kappa, theta, 5.0), 0.03, TrustedDetector.Heterodyne(0.56, 0.15), beta,
                paper.Qam256, [9, 10, 11], 150, 250,
                "explicit bound of Ref. [33] (Denys et al. 2021) for the 256 coherent states with Eq. (17) weights on integer levels, key from Bob's continuous heterodyne outcome (I(X:Y) of the 256 states)",
                () => OfdmConstellation.Discrete("PS-256QAM", qam.Levels.ToArray(), qam.Probabilities.ToArray()),
                DiscreteBoundRate(IntegerLevelShapedQamStates(16, MaxwellBoltzmannQam.PaperShapingParameter, 5.0), TrustedDetector.Heterodyne(0.56, 0.15), beta,
                    MutualInformationModel.ContinuousOutcome)),
            // Sec. 4.3: V_A 5 SNU, η 0.56, v_el 0.1 SNU, ε_single 0.03 SNU.
            new("Gaussian", "gaussian", OfdmModulation.Gaussian(mu, kappa, theta, 5.0), 0.03, TrustedDetector.Heterodyne(0.56, 0.1), beta,
                paper.Gaussian, [12, 13, 14], 200, 300,
                "GG02 heterodyne (no-switching, Ref. [35]): the paper's own choice for Gaussian modulation",
                () => OfdmConstellation.TruncatedGaussian(),
                Gg02Rate(5.0, TrustedDetector.Heterodyne(0.56, 0.1), beta)),
        ];
    }
}

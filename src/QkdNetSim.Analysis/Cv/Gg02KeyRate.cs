using QkdNetSim.Core.Units;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Asymptotic key rate of GG02 with heterodyne detection (no-switching protocol, Weedbrook et al., PRL 93, 170504 (2004)),
/// reverse reconciliation, collective attacks, trusted detector noise: K = beta I_AB - chi_BE
/// (Lodewyck et al., PRA 76, 042305 (2007), Sec. II; Fossier et al., J. Phys. B 42, 114014 (2009) for heterodyne;
/// Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018), Sec. "Holevo information" / trusted noise).
/// chi_BE = S(E) - S(E|b) = S(AB) - S(AFG|b) because Eve purifies AB and, given b, the state of E and AFG is pure.
/// Entanglement-based picture: A-B0 EPR of variance V = V_M + 1; after the channel
/// gamma_AB = [[V I, sqrt(T(V^2-1)) Z], [sqrt(T(V^2-1)) Z, T(V + chi_line) I]], chi_line = 1/T - 1 + xi.
/// Detector (five-mode construction): gamma_AB ⊕ EPR_F0G(v), beam splitter eta on (B1, F0) -&gt; (B3, F), ideal
/// heterodyne of B3, entropy of the conditional AFG state.
/// </summary>
public static class Gg02KeyRate
{
    // Mode indices of the five-mode construction (after the detector beam splitter B1 -> B3, F0 -> F).
    private const int ModeA = 0, ModeB = 1, ModeF = 2, ModeG = 3;

    public static Gg02Result Compute(Gg02Input input)
    {
        Validate(input);
        double v = input.ModulationVarianceSnu + 1.0;
        double t = input.Transmittance;
        double chiLine = 1.0 / t - 1.0 + input.ExcessNoiseSnu;

        double mutualInformation = GaussianMutualInformation.AliceBobGaussianModulation(
            input.ModulationVarianceSnu, t, input.ExcessNoiseSnu, input.Detector);

        // gamma_AB (Laudenbach et al. 2018; Lodewyck et al. 2007): a = V, b = T(V + chi_line), c = sqrt(T(V^2 - 1)).
        var gammaAb = CovarianceMatrix.TwoModeStandardForm(v, t * (v + chiLine), Math.Sqrt(t * (v * v - 1.0)));
        return FromStandardForm(gammaAb, mutualInformation, input.Detector, input.ReconciliationEfficiency);
    }

    /// <summary>
    /// Key rate from an (estimated) two-mode covariance matrix gamma_AB in the standard form [[V I, c Z], [c Z, b I]] of the
    /// entanglement-based picture, e.g. rebuilt from parameter estimation. Unlike <see cref="Compute"/> it does not require
    /// xi &gt;= 0 or T &lt;= 1 (statistical estimates can fall slightly outside); it requires gamma_AB to be physical
    /// (validated by <see cref="CovarianceMatrix.Create(Matrix{double}, double)"/>), c &gt; 0 and V &gt; 1; a broken rule throws
    /// <see cref="AnalysisInputException"/>.
    /// T = c^2/(V^2 - 1), chi_line = b/T - V; I_AB = log2((V + chi_tot)/(1 + chi_tot)), chi_tot = chi_line + chi_het/T.
    /// </summary>
    public static Gg02Result FromCovariance(CovarianceMatrix gammaAb, TrustedDetector detector, double reconciliationEfficiency)
    {
        ArgumentNullException.ThrowIfNull(gammaAb);
        if (detector is null || detector.Kind != DetectionKind.Heterodyne)
            throw new AnalysisInputException("detector", "GG02 no-switching key rate needs a heterodyne detector");
        if (!(reconciliationEfficiency > 0.0 && reconciliationEfficiency <= 1.0))
            throw new AnalysisInputException("reconciliation_efficiency", $"reconciliation efficiency beta must lie in (0, 1] (got {reconciliationEfficiency:G6})");
        if (gammaAb.ModeCount != 2) throw new AnalysisInputException("gamma_AB", "must be a two-mode covariance matrix");
        double v = gammaAb[0, 0], b = gammaAb[2, 2], c = gammaAb[0, 2];
        if (!(v > 1.0)) throw new AnalysisInputException("gamma_AB", $"Alice's variance V = {v:G6} must exceed 1 SNU (V_M > 0)");
        if (!(c > 0.0)) throw new AnalysisInputException("gamma_AB", $"A-B correlation c = {c:G6} must be > 0 (T > 0)");
        double t = c * c / (v * v - 1.0);
        double chiTot = b / t - v + detector.InputReferredNoiseSnu / t;
        if (!(1.0 + chiTot > 0.0)) throw new AnalysisInputException("gamma_AB", "total noise 1 + chi_tot must be > 0");
        double mutualInformation = Math.Log2((v + chiTot) / (1.0 + chiTot)); // heterodyne: both quadratures
        return FromStandardForm(gammaAb, mutualInformation, detector, reconciliationEfficiency);
    }

    private static Gg02Result FromStandardForm(CovarianceMatrix gammaAb, double mutualInformation, TrustedDetector detector,
        double reconciliationEfficiency)
    {
        double[] nuAb = SymplecticSpectrum.Of(gammaAb);
        double eveEntropy = VonNeumannEntropy.Bits(nuAb);

        // Trusted detector: ancilla EPR pair F0-G of variance v_det, beam splitter eta between B1 and F0 (Lodewyck et al. 2007, Fig. 2).
        var (eta, ancillaVariance) = detector.BeamSplitterModel();
        var fiveMode = gammaAb.DirectSum(CovarianceMatrix.Epr(ancillaVariance));           // modes A, B1, F0, G
        var afterLoss = fiveMode.Transformed(BeamSplitter.Symplectic(4, ModeB, ModeF, eta)); // modes A, B3, F, G
        var conditional = GaussianMeasurement.AfterHeterodyne(afterLoss, ModeB);          // modes A, F, G given b
        double[] nuConditional = SymplecticSpectrum.Of(conditional);
        double eveConditionalEntropy = VonNeumannEntropy.Bits(nuConditional);

        double holevo = eveEntropy - eveConditionalEntropy;
        double key = reconciliationEfficiency * mutualInformation - holevo;
        return new Gg02Result(mutualInformation, eveEntropy, eveConditionalEntropy, holevo, key, nuAb, nuConditional);
    }

    /// <summary>Transmittance of L km of fibre at alpha dB/km: T = 10^(-alpha L / 10) (0.2 dB/km gives 10^(-0.02 L)).</summary>
    public static double TransmittanceOfFibre(double lengthKm, double attenuationDbPerKm = 0.2)
        => Decibels.FibreTransmittance(lengthKm, attenuationDbPerKm);

    private static void Validate(Gg02Input input)
    {
        if (input.Detector is null) throw new AnalysisInputException("detector", "a trusted detector must be given");
        if (input.Detector.Kind != DetectionKind.Heterodyne)
            throw new AnalysisInputException("detector", "GG02 no-switching key rate needs a heterodyne detector");
        CvLinkValidation.Check(input.ModulationVarianceSnu, input.Transmittance, input.ExcessNoiseSnu);
        double beta = input.ReconciliationEfficiency;
        if (!(beta > 0.0 && beta <= 1.0))
            throw new AnalysisInputException("reconciliation_efficiency", $"reconciliation efficiency beta must lie in (0, 1] (got {beta:G6})");
    }
}

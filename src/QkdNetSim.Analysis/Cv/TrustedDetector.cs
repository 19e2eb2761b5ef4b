using QkdNetSim.Core;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// A coherent detector with quantum efficiency eta in (0, 1] and electronic noise v_el &gt;= 0 (SNU, per homodyne
/// detector), both trusted (not attributed to Eve). Model of Lodewyck et al., PRA 76, 042305 (2007), Sec. II / Fig. 2:
/// the signal meets an ancillary mode F0 (one half of an EPR pair F0-G of variance v) on a beam splitter of
/// transmittance eta, followed by an ideal detector. Homodyne: v = 1 + v_el/(1-eta), noise referred to the
/// input chi_hom = (1 - eta + v_el)/eta; heterodyne: v = 1 + 2 v_el/(1-eta), chi_het = (2 - eta + 2 v_el)/eta
/// (Fossier et al., J. Phys. B 42, 114014 (2009); Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018), Sec. on
/// trusted detector noise).
/// </summary>
public sealed class TrustedDetector
{
    public DetectionKind Kind { get; }

    /// <summary>Quantum efficiency eta in (0, 1].</summary>
    public double Efficiency { get; }

    /// <summary>Electronic noise v_el in SNU (per homodyne detector).</summary>
    public double ElectronicNoiseSnu { get; }

    private TrustedDetector(DetectionKind kind, double efficiency, double electronicNoiseSnu)
    {
        Kind = kind;
        Efficiency = efficiency;
        ElectronicNoiseSnu = electronicNoiseSnu;
    }

    public static TrustedDetector Heterodyne(double efficiency, double electronicNoiseSnu)
        => Create(DetectionKind.Heterodyne, efficiency, electronicNoiseSnu);

    public static TrustedDetector Homodyne(double efficiency, double electronicNoiseSnu)
        => Create(DetectionKind.Homodyne, efficiency, electronicNoiseSnu);

    /// <summary>Ideal (eta = 1, v_el = 0) detector of the given kind.</summary>
    public static TrustedDetector Ideal(DetectionKind kind) => new(kind, 1.0, 0.0);

    /// <summary>A detector; out-of-range values throw <see cref="ArgumentOutOfRangeException"/> (validate user input first).</summary>
    public static TrustedDetector Create(DetectionKind kind, double efficiency, double electronicNoiseSnu)
    {
        if (!(efficiency > 0.0 && efficiency <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(efficiency), efficiency, "detector efficiency eta must lie in (0, 1]");
        if (!(electronicNoiseSnu >= 0.0) || !double.IsFinite(electronicNoiseSnu))
            throw new ArgumentOutOfRangeException(nameof(electronicNoiseSnu), electronicNoiseSnu, "electronic noise v_el must be finite and >= 0 SNU");
        return new(kind, efficiency, electronicNoiseSnu);
    }

    /// <summary>
    /// Detection noise referred to the detector input, chi_hom = (1 - eta + v_el)/eta or chi_het = (2 - eta + 2 v_el)/eta
    /// (Lodewyck et al. 2007, Eq. for chi_hom; Laudenbach et al. 2018, chi_het). An ideal heterodyne gives 1 (one vacuum unit).
    /// </summary>
    public double InputReferredNoiseSnu => Kind == DetectionKind.Homodyne
        ? (1.0 - Efficiency + ElectronicNoiseSnu) / Efficiency
        : (2.0 - Efficiency + 2.0 * ElectronicNoiseSnu) / Efficiency;

    /// <summary>
    /// Variance v of the ancillary EPR pair: 1 + v_el/(1-eta) (homodyne) or 1 + 2 v_el/(1-eta) (heterodyne, two homodynes
    /// behind a 50:50 splitter). Infinite for eta = 1 with v_el &gt; 0: use <see cref="BeamSplitterModel"/> then.
    /// </summary>
    public double AncillaEprVariance
    {
        get
        {
            double perHomodyne = Kind == DetectionKind.Homodyne ? 1.0 : 2.0;
            if (ElectronicNoiseSnu == 0.0) return 1.0;
            return Efficiency < 1.0 ? 1.0 + perHomodyne * ElectronicNoiseSnu / (1.0 - Efficiency) : double.PositiveInfinity;
        }
    }

    /// <summary>
    /// Largest ancilla EPR variance used directly in <see cref="BeamSplitterModel"/>. Above it the five-mode matrices
    /// carry entries ~v next to symplectic eigenvalues ~1 and round-off grows like eps v^2 (1e-11 bits at v = 100,
    /// 3e-7 at v = 2e4, wrong beyond ~1e6), so the exactly equivalent vacuum-ancilla model is used instead.
    /// </summary>
    public const double MaxDirectAncillaVariance = 100.0;

    /// <summary>
    /// Beam-splitter transmittance and ancilla EPR variance used to model this detector in the five-mode construction.
    /// Normally (eta, v) itself. For eta = 1 with v_el &gt; 0 (v infinite) or v &gt; <see cref="MaxDirectAncillaVariance"/>
    /// the equivalent lossy detector with the same input-referred noise chi and a vacuum ancilla is returned:
    /// eta' = 1/(1 + chi) (homodyne) or 2/(1 + chi) (heterodyne), v = 1. This is exact for the Holevo bound because
    /// Eve's conditional state depends on the detector only through chi (rescaling Bob's outcome by 1/sqrt(eta) leaves
    /// the signal plus independent trusted Gaussian noise of variance chi; the symplectic eigenvalues lambda_3,4 of
    /// Lodewyck et al. 2007 / Fossier et al. 2009 contain eta and v_el only through chi_hom / chi_het).
    /// </summary>
    public (double Transmittance, double AncillaVariance) BeamSplitterModel()
    {
        double v = AncillaEprVariance;
        if (v <= MaxDirectAncillaVariance) return (Efficiency, v);
        double chi = InputReferredNoiseSnu;
        return Kind == DetectionKind.Homodyne ? (1.0 / (1.0 + chi), 1.0) : (2.0 / (1.0 + chi), 1.0);
    }

    public override string ToString() => $"{Kind} detector eta = {Efficiency:G4}, v_el = {ElectronicNoiseSnu:G4} SNU";
}

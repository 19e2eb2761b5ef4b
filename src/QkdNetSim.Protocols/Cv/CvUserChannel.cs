using QkdNetSim.Core;

namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// Everything between Alice's displacement and one Bob's heterodyne outcome: total transmittance, excess noise and the
/// trusted detector. Outcome model (derived below, consistent with Analysis.Cv.TrustedDetector and
/// GaussianMutualInformation.AliceBobGaussianModulation):
/// <code>
///   bob_q = g q_A + n_q,  q in {x, p},  g = sqrt(eta T / 2),  Var(n_q) = N0 = 1 + eta T xi / 2 + v_el   (SNU)
/// </code>
/// Derivation (SNU per homodyne: the vacuum gives variance 1 at each homodyne output). Alice's mode has quadrature
/// q_A + q_0 with q_0 vacuum (variance 1). The channel (loss T, excess noise xi referred to its input, Lodewyck et al.,
/// PRA 76, 042305 (2007)) gives q_B = sqrt(T)(q_A + q_0) + sqrt(1-T) q_v + w, Var(w) = T xi, so Var(q_B | q_A) = 1 + T xi.
/// The detector (TrustedDetector's model: loss eta, then a 50:50 splitter to two ideal homodynes each with electronic
/// noise v_el) outputs q_het = sqrt(eta/2) q_B + sqrt((1-eta)/2) q_v' + sqrt(1/2) q_v'' + e, Var(e) = v_el, hence
/// g = sqrt(eta T / 2) and Var(q_het | q_A) = eta/2 (1 + T xi) + (1 - eta)/2 + 1/2 + v_el = 1 + eta T xi / 2 + v_el.
/// Check against the analytic side: Var(q_het) / Var(q_het | q_A) = 1 + eta T V_M / (2 N0), and
/// 2 N0 / (eta T) = (2 + eta T xi + 2 v_el)/(eta T) = 1/T + xi + (2 - eta + 2 v_el)/(eta T) = 1 + chi_line + chi_het / T
/// = 1 + chi_tot, so log2 of the ratio is exactly I_AB = log2((V + chi_tot)/(1 + chi_tot)) of GaussianMutualInformation.
/// (The brief's "(1 + eta T xi + v_el)/2" is the same model with the outcome scaled by 1/sqrt(2) and v_el counted per
/// heterodyne pair of homodynes; we keep per-homodyne SNU, the convention of TrustedDetector: chi_het = (2 - eta + 2 v_el)/eta.)
/// Under one-time shot-noise calibration (seed 000 Methods F.1; BroadcastUser.TrustedDetectorTransmittance) the outcomes
/// are divided by sqrt(1 + v_el): same chi_het, same key rate.
/// </summary>
public sealed class CvUserChannel
{
    /// <summary>Alice-to-Bob transmittance T in (0, 1] (fibres and splitter tree).</summary>
    public double TotalTransmittance { get; }

    /// <summary>Excess noise xi &gt;= 0, SNU referred to the channel input (Alice's output).</summary>
    public double ExcessNoiseSnu { get; }

    /// <summary>Detection efficiency eta in (0, 1].</summary>
    public double DetectorEfficiency { get; }

    /// <summary>Electronic noise v_el &gt;= 0 of each homodyne (SNU).</summary>
    public double ElectronicNoiseSnu { get; }

    /// <summary>g = sqrt(eta T / 2): gain from Alice's displacement quadrature to Bob's heterodyne quadrature.</summary>
    public double SignalGain => Math.Sqrt(DetectorEfficiency * TotalTransmittance / 2.0);

    /// <summary>N0 = 1 + eta T xi / 2 + v_el: variance of Bob's outcome given Alice's displacement (SNU).</summary>
    public double ConditionalNoiseVarianceSnu => 1.0 + DetectorEfficiency * TotalTransmittance * ExcessNoiseSnu / 2.0 + ElectronicNoiseSnu;

    private CvUserChannel(double t, double xi, double eta, double vel)
    {
        TotalTransmittance = t;
        ExcessNoiseSnu = xi;
        DetectorEfficiency = eta;
        ElectronicNoiseSnu = vel;
    }

    /// <summary>Validated channel; bad values raise <see cref="InputError"/> naming <paramref name="source"/> and the field.</summary>
    public static CvUserChannel Create(double totalTransmittance, double excessNoiseSnu, double detectorEfficiency,
        double electronicNoiseSnu, string source = "CV user")
    {
        if (!(totalTransmittance > 0.0 && totalTransmittance <= 1.0))
            throw new InputError(source, "transmittance", $"must lie in (0, 1] (got {totalTransmittance:G6})");
        if (!(excessNoiseSnu >= 0.0) || !double.IsFinite(excessNoiseSnu))
            throw new InputError(source, "excessNoiseSnu", $"must be finite and >= 0 SNU (got {excessNoiseSnu:G6})");
        if (!(detectorEfficiency > 0.0 && detectorEfficiency <= 1.0))
            throw new InputError(source, "efficiency", $"detector efficiency eta must lie in (0, 1] (got {detectorEfficiency:G6})");
        if (!(electronicNoiseSnu >= 0.0) || !double.IsFinite(electronicNoiseSnu))
            throw new InputError(source, "electronicNoiseSnu", $"must be finite and >= 0 SNU (got {electronicNoiseSnu:G6})");
        return new CvUserChannel(totalTransmittance, excessNoiseSnu, detectorEfficiency, electronicNoiseSnu);
    }

    public override string ToString() =>
        $"T = {TotalTransmittance:G4}, xi = {ExcessNoiseSnu:G4} SNU, eta = {DetectorEfficiency:G4}, v_el = {ElectronicNoiseSnu:G4} SNU";
}

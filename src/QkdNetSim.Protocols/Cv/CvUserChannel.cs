using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// Everything between Alice's displacement and one Bob's heterodyne outcome: total transmittance T (fibres and splitter
/// tree, <see cref="Optics.BroadcastChannel"/>), excess noise xi referred to the channel input, and Bob's trusted
/// <see cref="HeterodyneDetector"/>, whose class comment derives the outcome model bob_q = g q_A + n_q,
/// g = sqrt(eta T / 2), Var(n_q) = 1 + eta T xi / 2 + v_el (SNU per homodyne, the convention of Analysis.Cv.TrustedDetector).
/// </summary>
public sealed class CvUserChannel
{
    /// <summary>Alice-to-Bob transmittance T in (0, 1] (fibres and splitter tree).</summary>
    public double TotalTransmittance { get; }

    /// <summary>Excess noise xi &gt;= 0, SNU referred to the channel input (Alice's output).</summary>
    public double ExcessNoiseSnu { get; }

    /// <summary>Bob's trusted heterodyne detector (eta, v_el).</summary>
    public HeterodyneDetector Detector { get; }

    /// <summary>Detection efficiency eta in (0, 1].</summary>
    public double DetectorEfficiency => Detector.EfficiencyFraction;

    /// <summary>Electronic noise v_el &gt;= 0 of each homodyne (SNU).</summary>
    public double ElectronicNoiseSnu => Detector.ElectronicNoiseSnu;

    /// <summary>g = sqrt(eta T / 2): gain from Alice's displacement quadrature to Bob's heterodyne quadrature.</summary>
    public double SignalGain => Detector.SignalGain(TotalTransmittance);

    /// <summary>N0 = 1 + eta T xi / 2 + v_el: variance of Bob's outcome given Alice's displacement (SNU).</summary>
    public double ConditionalNoiseVarianceSnu => Detector.ConditionalNoiseVarianceSnu(TotalTransmittance, ExcessNoiseSnu);

    private CvUserChannel(double t, double xi, HeterodyneDetector detector)
    {
        TotalTransmittance = t;
        ExcessNoiseSnu = xi;
        Detector = detector;
    }

    /// <summary>A channel; out-of-range values throw <see cref="ArgumentOutOfRangeException"/> (validate user input first).</summary>
    public static CvUserChannel Create(double totalTransmittance, double excessNoiseSnu, HeterodyneDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        if (!(totalTransmittance > 0.0 && totalTransmittance <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(totalTransmittance), totalTransmittance, "transmittance must lie in (0, 1]");
        if (!(excessNoiseSnu >= 0.0) || !double.IsFinite(excessNoiseSnu))
            throw new ArgumentOutOfRangeException(nameof(excessNoiseSnu), excessNoiseSnu, "excess noise must be finite and >= 0 SNU");
        return new CvUserChannel(totalTransmittance, excessNoiseSnu, detector);
    }

    public override string ToString() =>
        $"T = {TotalTransmittance:G4}, xi = {ExcessNoiseSnu:G4} SNU, eta = {DetectorEfficiency:G4}, v_el = {ElectronicNoiseSnu:G4} SNU";
}

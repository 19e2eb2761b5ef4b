using QkdNetSim.Core.Random;

namespace QkdNetSim.Detectors;

/// <summary>
/// Trusted heterodyne detector of a CV-QKD receiver: efficiency eta, then a 50:50 splitter onto two homodynes, each
/// with electronic noise v_el (SNU per homodyne: the vacuum gives variance 1 at each homodyne output). Alice's
/// displacement reaches the detector through a channel of transmittance T and excess noise xi referred to the channel
/// input (Lodewyck et al., PRA 76, 042305 (2007)); the outcome per quadrature q in {x, p} is
/// <code>
///   bob_q = g q_A + n_q,  g = sqrt(eta T / 2),  Var(n_q) = N0 = 1 + eta T xi / 2 + v_el   (SNU)
/// </code>
/// Derivation. Alice's mode has quadrature q_A + q_0 with q_0 vacuum (variance 1). The channel gives
/// q_B = sqrt(T)(q_A + q_0) + sqrt(1-T) q_v + w, Var(w) = T xi, so Var(q_B | q_A) = 1 + T xi. The detector outputs
/// q_het = sqrt(eta/2) q_B + sqrt((1-eta)/2) q_v' + sqrt(1/2) q_v'' + e, Var(e) = v_el, hence g = sqrt(eta T / 2) and
/// Var(q_het | q_A) = eta/2 (1 + T xi) + (1 - eta)/2 + 1/2 + v_el = 1 + eta T xi / 2 + v_el.
/// Check against the analytic side (Analysis.Cv.TrustedDetector, GaussianMutualInformation): Var(q_het) / Var(q_het | q_A)
/// = 1 + eta T V_M / (2 N0), and 2 N0 / (eta T) = 1/T + xi + (2 - eta + 2 v_el)/(eta T) = 1 + chi_line + chi_het / T
/// = 1 + chi_tot, so log2 of the ratio is exactly I_AB = log2((V + chi_tot)/(1 + chi_tot)), chi_het = (2 - eta + 2 v_el)/eta.
/// (The form "(1 + eta T xi + v_el)/2" is the same model with the outcome scaled by 1/sqrt(2) and v_el counted per
/// heterodyne pair of homodynes.) Under one-time shot-noise calibration (seed 000 Methods F.1) the outcomes are divided
/// by sqrt(1 + v_el): same chi_het, same key rate.
/// </summary>
public sealed record HeterodyneDetector
{
    /// <summary>Detection efficiency eta in (0, 1].</summary>
    public double EfficiencyFraction { get; }

    /// <summary>Electronic noise v_el &gt;= 0 of each homodyne, SNU.</summary>
    public double ElectronicNoiseSnu { get; }

    /// <summary>A detector; out-of-range values throw <see cref="ArgumentOutOfRangeException"/> (validate user input first).</summary>
    public HeterodyneDetector(double efficiencyFraction, double electronicNoiseSnu)
    {
        if (!(efficiencyFraction > 0.0 && efficiencyFraction <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(efficiencyFraction), efficiencyFraction, "detector efficiency eta must lie in (0, 1]");
        if (!(electronicNoiseSnu >= 0.0) || !double.IsFinite(electronicNoiseSnu))
            throw new ArgumentOutOfRangeException(nameof(electronicNoiseSnu), electronicNoiseSnu, "electronic noise v_el must be finite and >= 0 SNU");
        EfficiencyFraction = efficiencyFraction;
        ElectronicNoiseSnu = electronicNoiseSnu;
    }

    /// <summary>g = sqrt(eta T / 2): gain from Alice's displacement quadrature to this detector's outcome quadrature.</summary>
    public double SignalGain(double channelTransmittance) => Math.Sqrt(EfficiencyFraction * channelTransmittance / 2.0);

    /// <summary>N0 = 1 + eta T xi / 2 + v_el: variance of each outcome quadrature given Alice's displacement, SNU.</summary>
    public double ConditionalNoiseVarianceSnu(double channelTransmittance, double excessNoiseSnu) =>
        1.0 + EfficiencyFraction * channelTransmittance * excessNoiseSnu / 2.0 + ElectronicNoiseSnu;

    /// <summary>
    /// Outcomes of one block of rounds: bob_q[r] = <paramref name="signalGain"/> q_A[r] + <paramref name="noiseSigmaSnu"/> n_q,
    /// with (n_x, n_p) one pair of independent standard normals per round (<see cref="GaussianPair"/>), drawn in round order.
    /// </summary>
    public static void MeasureBlock(double signalGain, double noiseSigmaSnu, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP,
        ref Xoshiro256 rng, Span<double> bobX, Span<double> bobP)
    {
        int n = aliceX.Length;
        if (aliceP.Length != n || bobX.Length != n || bobP.Length != n)
            throw new ArgumentException("aliceX, aliceP, bobX and bobP need equal lengths");
        for (int r = 0; r < n; r++)
        {
            GaussianPair.Next(ref rng, out double nx, out double np);
            bobX[r] = signalGain * aliceX[r] + noiseSigmaSnu * nx;
            bobP[r] = signalGain * aliceP[r] + noiseSigmaSnu * np;
        }
    }
}

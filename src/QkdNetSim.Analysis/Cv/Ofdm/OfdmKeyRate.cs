namespace QkdNetSim.Analysis.Cv.Ofdm;

/// <summary>Key rate of an N-subcarrier OFDM link at its worst subcarrier (Wang et al., Sec. 4).</summary>
/// <param name="SubcarrierCount">N.</param>
/// <param name="WorstSubcarrier">k_worst.</param>
/// <param name="ModulationNoiseSnu">ε_mod(k_worst), Eq. (15).</param>
/// <param name="TotalExcessNoiseSnu">ε_multi(k_worst) = ε_mod(k_worst) + ε_single, Eq. (16).</param>
/// <param name="WorstSubcarrierKeyRateBits">R_{k_worst} = max(0, β I_AB − χ_BE) in bits per symbol.</param>
/// <param name="TotalKeyRateBits">N R_{k_worst}, the lower bound R ≥ N R_{k_worst} of Eq. (1) used in Figs. 6(b), 9(b).</param>
public readonly record struct OfdmKeyRatePoint(
    int SubcarrierCount,
    int WorstSubcarrier,
    double ModulationNoiseSnu,
    double TotalExcessNoiseSnu,
    double WorstSubcarrierKeyRateBits,
    double TotalKeyRateBits);

/// <summary>
/// Total key rate N × R(k_worst) of OFDM multi-carrier CV-QKD versus N and the optimal N (Wang et al., Eqs. (1), (16),
/// Figs. 6-8 and 9-11). The single-subcarrier rate R(ε) is a function of the total excess noise ε = ε_multi(k_worst):
/// <see cref="Gaussian"/> uses the repository's GG02 heterodyne reverse-reconciliation rate (Gaussian-modulation formula,
/// the paper's choice for the Gaussian protocol of Sec. 4.3, there via the no-switching analysis of its Ref. [35]).
/// The paper evaluates QPSK and PS-256QAM with discrete-modulation bounds (SDP of Ghorai et al. / Denys et al., Refs. [32], [33]);
/// those are not implemented here, so the Gaussian formula stands in for them (see the tests for the consequence).
/// The multi-carrier gain of Figs. 7, 8, 10, 11 is N R_{k_worst} / R(ε_single), so it peaks at the same N as the total rate.
/// </summary>
public sealed class OfdmKeyRate
{
    private readonly Func<double, double> _singleCarrierRate;

    /// <param name="noise">The Eq. (15) model.</param>
    /// <param name="singleCarrierExcessNoiseSnu">ε_single ≥ 0 (Eq. (16)).</param>
    /// <param name="singleCarrierRate">R(ε): key rate in bits per symbol (may be negative) for total excess noise ε.</param>
    public OfdmKeyRate(OfdmNoiseModel noise, double singleCarrierExcessNoiseSnu, Func<double, double> singleCarrierRate)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(singleCarrierRate);
        if (!(singleCarrierExcessNoiseSnu >= 0.0)) throw new ArgumentOutOfRangeException(nameof(singleCarrierExcessNoiseSnu), "ε_single must be >= 0");
        Noise = noise;
        SingleCarrierExcessNoiseSnu = singleCarrierExcessNoiseSnu;
        _singleCarrierRate = singleCarrierRate;
    }

    /// <summary>R(ε) from <see cref="Gg02KeyRate"/> with V_A of the noise model, channel transmittance T, trusted heterodyne detector and β.</summary>
    public static OfdmKeyRate Gaussian(OfdmNoiseModel noise, double singleCarrierExcessNoiseSnu, double transmittance, TrustedDetector detector, double reconciliationEfficiency)
    {
        ArgumentNullException.ThrowIfNull(noise);
        double va = noise.Modulation.ModulationVarianceSnu;
        return new OfdmKeyRate(noise, singleCarrierExcessNoiseSnu,
            eps => Gg02KeyRate.Compute(new Gg02Input(va, transmittance, eps, detector, reconciliationEfficiency)).KeyRateBits);
    }

    public OfdmNoiseModel Noise { get; }

    public double SingleCarrierExcessNoiseSnu { get; }

    /// <summary>Single-carrier rate without modulation noise, max(0, R(ε_single)) (denominator of the gain, Fig. 7).</summary>
    public double SingleCarrierKeyRateBits => Math.Max(0.0, _singleCarrierRate(SingleCarrierExcessNoiseSnu));

    /// <summary>Worst-subcarrier and total rate for N subcarriers.</summary>
    public OfdmKeyRatePoint At(int subcarrierCount)
    {
        var worst = Noise.Worst(subcarrierCount);
        double eps = worst.ModulationNoiseSnu + SingleCarrierExcessNoiseSnu; // Eq. (16)
        double r = Math.Max(0.0, _singleCarrierRate(eps));                  // Eq. (1), R_k = β I − χ, no key if negative
        return new OfdmKeyRatePoint(subcarrierCount, worst.Subcarrier, worst.ModulationNoiseSnu, eps, r, subcarrierCount * r); // R ≥ N R_{k_worst}
    }

    /// <summary>Multi-carrier gain N R_{k_worst} / R(ε_single) (Figs. 7, 8); NaN if the single-carrier rate is zero.</summary>
    public double Gain(int subcarrierCount)
    {
        double single = SingleCarrierKeyRateBits;
        return single > 0.0 ? At(subcarrierCount).TotalKeyRateBits / single : double.NaN;
    }

    /// <summary>N R_{k_worst} for N = 1..maxN (element N−1).</summary>
    public OfdmKeyRatePoint[] Scan(int maxSubcarrierCount)
    {
        if (maxSubcarrierCount < 1) throw new ArgumentOutOfRangeException(nameof(maxSubcarrierCount), "must be >= 1");
        var result = new OfdmKeyRatePoint[maxSubcarrierCount];
        for (int n = 1; n <= maxSubcarrierCount; n++) result[n - 1] = At(n);
        return result;
    }

    /// <summary>
    /// The N in 1..maxN that maximises N R_{k_worst} (Figs. 8, 11); lowest N on ties. If it equals maxN the search range was
    /// too small (the caller should check).
    /// </summary>
    public OfdmKeyRatePoint Optimal(int maxSubcarrierCount)
    {
        var scan = Scan(maxSubcarrierCount);
        var best = scan[0];
        foreach (var p in scan)
            if (p.TotalKeyRateBits > best.TotalKeyRateBits) best = p;
        return best;
    }
}

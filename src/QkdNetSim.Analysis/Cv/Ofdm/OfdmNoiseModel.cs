namespace QkdNetSim.Analysis.Cv.Ofdm;

/// <summary>
/// Modulation parameters of the OFDM multi-carrier CV-QKD noise model (Wang et al., Eq. (15)); one value shared by all
/// subcarriers, as in the paper's simulations (μ_k = μ, κ_k = κ, θ_k = θ).
/// </summary>
/// <param name="ModulationIndex">μ = V_k π / V_π (Eq. (5a) text), e.g. 0.01.</param>
/// <param name="GainImbalance">κ, e.g. 0.98.</param>
/// <param name="QuadratureSkewRad">θ in radians, e.g. π/50.</param>
/// <param name="ModulationVarianceSnu">V_A (SNU) of every subcarrier.</param>
/// <param name="Sigma1Squared">σ1² = ⟨I_g²⟩ of the normalised constellation (QPSK 1, PS-256QAM Eq. (18a), Gaussian 1/9).</param>
/// <param name="Sigma2Squared">σ2² of Eq. (15) (QPSK 1, PS-256QAM Eq. (18b), Gaussian 2/81, Eq. (20b)).</param>
public sealed record OfdmModulation(
    double ModulationIndex,
    double GainImbalance,
    double QuadratureSkewRad,
    double ModulationVarianceSnu,
    double Sigma1Squared,
    double Sigma2Squared)
{
    /// <summary>QPSK: I_g, Q_g uniform on {−1, 1}, so σ1² = σ2² = 1 (Sec. 4.1).</summary>
    public static OfdmModulation Qpsk(double mu, double kappa, double theta, double va) => new(mu, kappa, theta, va, 1.0, 1.0);

    /// <summary>PS-256QAM with the Eq. (17) shaping parameter ν; σ1², σ2² from Eqs. (18a), (18b).</summary>
    public static OfdmModulation ShapedQam256(double mu, double kappa, double theta, double va, double nu = MaxwellBoltzmannQam.PaperShapingParameter)
    {
        var qam = new MaxwellBoltzmannQam(16, nu);
        return new(mu, kappa, theta, va, qam.Sigma1Squared, qam.Sigma2Squared);
    }

    /// <summary>Gaussian: N(0,1) truncated at ±3σ and normalised to (−1, 1): σ1² = 1/9, σ2² = 2σ1⁴ = 2/81 (Eqs. (19), (20)).</summary>
    public static OfdmModulation Gaussian(double mu, double kappa, double theta, double va) => new(mu, kappa, theta, va, 1.0 / 9.0, 2.0 / 81.0);
}

/// <summary>Modulation noise of one subcarrier: ε_mod(k) of Eq. (15) and its two parts.</summary>
public readonly record struct SubcarrierNoise(int Subcarrier, IntermodulationCounts Counts, double IqImbalanceSnu, double IntermodulationSnu)
{
    /// <summary>ε_mod(k) = IQ-imbalance part + third-order intermodulation part (Eq. (15)).</summary>
    public double ModulationNoiseSnu => IqImbalanceSnu + IntermodulationSnu;
}

/// <summary>
/// Per-subcarrier modulation excess noise of OFDM multi-carrier CV-QKD (Wang et al., Eq. (15)):
/// ε_mod(k) = V_A/4 (κ² + 1 − 2κ cos θ) + V_A μ⁴/32 (1 + 2κ cos θ + κ²) {[M1 + M2]² σ2² + 2([M1 − M2]² + W1² + W2² + W3²) σ1⁴},
/// with the counts of <see cref="IntermodulationCounts"/>. Eq. (15) follows from Eqs. (14a)-(14c) with
/// V_A = 4 A² μ² σ1² (text after Eq. (10)) once the σ1² of the first bracket of Eq. (14b) is read as σ2²σ1² (⟨I_m⁴⟩⟨I_n²⟩);
/// Eq. (15) is implemented as printed. The worst subcarrier k_worst maximises ε_mod(k); ties go to the lowest k.
/// </summary>
public sealed class OfdmNoiseModel
{
    public OfdmNoiseModel(OfdmModulation modulation)
    {
        ArgumentNullException.ThrowIfNull(modulation);
        if (!(modulation.ModulationVarianceSnu > 0.0)) throw new ArgumentOutOfRangeException(nameof(modulation), "V_A must be > 0");
        if (!(modulation.GainImbalance > 0.0)) throw new ArgumentOutOfRangeException(nameof(modulation), "κ must be > 0");
        if (!(modulation.ModulationIndex >= 0.0)) throw new ArgumentOutOfRangeException(nameof(modulation), "μ must be >= 0");
        if (!(modulation.Sigma1Squared >= 0.0 && modulation.Sigma2Squared >= 0.0)) throw new ArgumentOutOfRangeException(nameof(modulation), "σ1², σ2² must be >= 0");
        Modulation = modulation;
    }

    public OfdmModulation Modulation { get; }

    /// <summary>IQ-imbalance part V_A/4 (κ² + 1 − 2κ cos θ) (Eq. (15), first term; Eq. (14a)); the same on every subcarrier.</summary>
    public double IqImbalanceNoiseSnu
    {
        get
        {
            double kappa = Modulation.GainImbalance, theta = Modulation.QuadratureSkewRad;
            return Modulation.ModulationVarianceSnu / 4.0 * (kappa * kappa + 1.0 - 2.0 * kappa * Math.Cos(theta)); // Eq. (15)
        }
    }

    /// <summary>Third-order intermodulation part of Eq. (15) for the given counts.</summary>
    public double IntermodulationNoiseSnu(IntermodulationCounts c)
    {
        double kappa = Modulation.GainImbalance, theta = Modulation.QuadratureSkewRad, mu = Modulation.ModulationIndex;
        double s1 = Modulation.Sigma1Squared, s2 = Modulation.Sigma2Squared;
        double prefactor = Modulation.ModulationVarianceSnu * Math.Pow(mu, 4) / 32.0 * (1.0 + 2.0 * kappa * Math.Cos(theta) + kappa * kappa); // Eq. (15)
        double sum = (double)(c.M1 + c.M2), diff = (double)(c.M1 - c.M2);
        double w = (double)c.W1 * c.W1 + (double)c.W2 * c.W2 + (double)c.W3 * c.W3;
        return prefactor * (sum * sum * s2 + 2.0 * (diff * diff + w) * s1 * s1); // Eq. (15)
    }

    /// <summary>ε_mod(k) for every subcarrier k = 1..N (element k−1), Eq. (15).</summary>
    public SubcarrierNoise[] PerSubcarrier(int subcarrierCount)
    {
        var counts = IntermodulationCounts.ForAllSubcarriers(subcarrierCount);
        var result = new SubcarrierNoise[subcarrierCount];
        double iq = IqImbalanceNoiseSnu;
        for (int k = 1; k <= subcarrierCount; k++)
            result[k - 1] = new SubcarrierNoise(k, counts[k - 1], iq, IntermodulationNoiseSnu(counts[k - 1]));
        return result;
    }

    /// <summary>ε_mod(k) of subcarrier k of N (Eq. (15)).</summary>
    public double ModulationNoiseSnu(int subcarrierCount, int k)
    {
        var c = IntermodulationCounts.For(subcarrierCount, k);
        return IqImbalanceNoiseSnu + IntermodulationNoiseSnu(c);
    }

    /// <summary>The worst subcarrier k_worst = argmax_k ε_mod(k) and its noise (Fig. 5); lowest k on ties.</summary>
    public SubcarrierNoise Worst(int subcarrierCount)
    {
        var all = PerSubcarrier(subcarrierCount);
        var worst = all[0];
        foreach (var s in all)
            if (s.ModulationNoiseSnu > worst.ModulationNoiseSnu) worst = s;
        return worst;
    }
}

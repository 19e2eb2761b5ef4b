namespace QkdNetSim.Protocols.Cv.Ofdm;

/// <summary>Transfer law of the IQ modulator's two nested MZMs.</summary>
public enum ModulatorTransfer
{
    /// <summary>sin(μ I_s), sin(μ Q_s): the paper's Eq. (4).</summary>
    Sinusoidal,
    /// <summary>μ I_s, μ Q_s: the linear limit μ → 0 (reference for round-trip checks).</summary>
    Linear,
}

/// <summary>How Bob's FFT output is projected onto the quadrature X_k of subcarrier k.</summary>
public enum SubcarrierProjection
{
    /// <summary>
    /// X_k = 2A Re(c_k + c_−k): the image at −f_k folds onto subcarrier k, as in the real(...) of Wang et al. Eq. (9), which
    /// yields the (κ sin θ) Q_k term of Eq. (12a).
    /// </summary>
    PaperImageFolded,
    /// <summary>X_k = 2A Re(c_k): an ideal complex receiver; the IQ image lands on the unused bin −k.</summary>
    ComplexReceiver,
}

/// <summary>
/// Parameters of the sample-level OFDM modulation simulation (Wang et al., Eqs. (2), (4), (5)); the same μ, κ, θ on every
/// subcarrier, as in the paper's simulations.
/// </summary>
public sealed record OfdmModulatorSettings
{
    public OfdmModulatorSettings(int subcarrierCount, double modulationIndex, double gainImbalance, double quadratureSkewRad, double modulationVarianceSnu,
        ModulatorTransfer transfer = ModulatorTransfer.Sinusoidal, SubcarrierProjection projection = SubcarrierProjection.PaperImageFolded, int oversampling = 8)
    {
        // Built-in parameters of the seed 003 experiments: a broken rule is a programming error.
        if (subcarrierCount < 1) throw new ArgumentOutOfRangeException(nameof(subcarrierCount), subcarrierCount, "must be >= 1");
        if (!(modulationIndex > 0) || !double.IsFinite(modulationIndex)) throw new ArgumentOutOfRangeException(nameof(modulationIndex), modulationIndex, "μ must be finite and > 0");
        if (!(gainImbalance > 0 && gainImbalance <= 1)) throw new ArgumentOutOfRangeException(nameof(gainImbalance), gainImbalance, "κ must lie in (0, 1]");
        if (!double.IsFinite(quadratureSkewRad)) throw new ArgumentOutOfRangeException(nameof(quadratureSkewRad), quadratureSkewRad, "θ must be finite");
        if (!(modulationVarianceSnu > 0) || !double.IsFinite(modulationVarianceSnu)) throw new ArgumentOutOfRangeException(nameof(modulationVarianceSnu), modulationVarianceSnu, "V_A must be finite and > 0");
        if (oversampling < 4) throw new ArgumentOutOfRangeException(nameof(oversampling), oversampling, "must be >= 4 so third-order products (|f| <= 3N) do not alias onto subcarriers 1..N");
        SubcarrierCount = subcarrierCount;
        ModulationIndex = modulationIndex;
        GainImbalance = gainImbalance;
        QuadratureSkewRad = quadratureSkewRad;
        ModulationVarianceSnu = modulationVarianceSnu;
        Transfer = transfer;
        Projection = projection;
        Oversampling = oversampling;
    }

    /// <summary>N; subcarrier k = 1..N sits at f_k = k Δf (Eq. (2)).</summary>
    public int SubcarrierCount { get; }

    /// <summary>μ = V_k π / V_π (Eq. (5a)).</summary>
    public double ModulationIndex { get; }

    /// <summary>κ, gain imbalance (Eq. (4), G1, G2).</summary>
    public double GainImbalance { get; }

    /// <summary>θ, quadrature skew in radians (Eq. (4), G1, G2).</summary>
    public double QuadratureSkewRad { get; }

    /// <summary>V_A = ⟨X_k²⟩ = 4 A² μ² σ1² (text after Eq. (10)), in SNU; fixes A_sig.</summary>
    public double ModulationVarianceSnu { get; }

    public ModulatorTransfer Transfer { get; }

    public SubcarrierProjection Projection { get; }

    /// <summary>FFT length ≥ Oversampling × N (rounded up to a power of two).</summary>
    public int Oversampling { get; }

    /// <summary>FFT length: the smallest power of two ≥ Oversampling × N.</summary>
    public int FftLength
    {
        get
        {
            int n = 1;
            while (n < Oversampling * SubcarrierCount) n <<= 1;
            return n;
        }
    }
}

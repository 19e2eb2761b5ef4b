namespace QkdNetSim.Protocols.Cv.Ofdm;

/// <summary>
/// Per-subcarrier modulation noise measured by <see cref="OfdmModulationSimulator"/>: ⟨ΔX_k²⟩ (Wang et al., Eq. (13)) in SNU,
/// k = 1..N at element k−1, with the standard error of each sample mean.
/// </summary>
public sealed record OfdmExcessNoiseMeasurement(
    OfdmModulatorSettings Settings,
    string Constellation,
    int SymbolCount,
    IReadOnlyList<double> ExcessNoiseSnu,
    IReadOnlyList<double> StandardErrorSnu)
{
    /// <summary>Mean of ⟨ΔX_k²⟩ over all subcarriers.</summary>
    public double MeanExcessNoiseSnu => ExcessNoiseSnu.Average();

    /// <summary>Largest ⟨ΔX_k²⟩ and its subcarrier k (1-based).</summary>
    public (int Subcarrier, double ExcessNoiseSnu) Worst()
    {
        int best = 0;
        for (int k = 1; k < ExcessNoiseSnu.Count; k++)
            if (ExcessNoiseSnu[k] > ExcessNoiseSnu[best]) best = k;
        return (best + 1, ExcessNoiseSnu[best]);
    }
}

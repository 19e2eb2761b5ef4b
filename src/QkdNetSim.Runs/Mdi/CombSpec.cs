namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// The optical frequency comb feeding all users (seed 002: one DKS comb; each filtered line "considered as a single CW
/// laser"). Every module's wavelength is one of <see cref="Lines"/> and inherits the comb's coherence.
/// </summary>
public sealed class CombSpec
{
    /// <summary>Fraction of a filtered line's power in the narrow coherent line, [0, 1] (1: soliton; below 1: chaotic state).</summary>
    public double CoherentFraction { get; set; } = 1.0;
    /// <summary>Lorentzian linewidth of the coherent line, Hz (seed 002 Supplementary Fig. 14: 0.11 MHz soliton).</summary>
    public double LinewidthHz { get; set; } = 1.1e5;
    /// <summary>ITU 100 GHz channel numbers of the lines the users can send (seed 002: CH35, CH43, CH59).</summary>
    public List<int> Lines { get; set; } = new() { 35, 43, 59 };
}

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// One optical-frequency-comb line used as the source of a wavelength channel (seed 002: ITU 100 GHz channels 35, 43, 59
/// of a dissipative-Kerr-soliton comb, each "considered as a single CW laser").
/// </summary>
/// <param name="ItuChannel">ITU 100 GHz channel number.</param>
/// <param name="CoherentFraction">p: fraction of the filtered line's power in the narrow coherent line; the rest is broadband
/// noise (chaotic comb state) that is mutually incoherent between users and between time bins. Enters every interference
/// term as an amplitude factor p (two-field intensity coherence).</param>
/// <param name="LinewidthHz">Lorentzian linewidth of the coherent line: the early-late phase coherence over a separation T is
/// exp(-pi linewidth T) (phase diffusion, Wiener phase; seed 002 Supplementary Fig. 14: 0.11 MHz soliton, 1.4 MHz chaotic).</param>
public sealed record CombLine(int ItuChannel, double CoherentFraction, double LinewidthHz)
{
    /// <summary>Variance of the early-to-late phase drift over <paramref name="separationPs"/>, rad^2: 2 pi linewidth T (Wiener phase noise).</summary>
    public double PhaseDriftVariance(long separationPs) => 2 * Math.PI * LinewidthHz * separationPs * 1e-12;
}

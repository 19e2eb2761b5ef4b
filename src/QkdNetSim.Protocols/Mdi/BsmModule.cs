using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// A Bell-state-measurement module of the untrusted relay: a 50:50 beam splitter and two SNSPDs fed by one DEMUX output
/// wavelength, interfering the pulses of users A and B (seed 002 Fig. 2h). Detector 0 sits on output port c = (a + b)/sqrt2,
/// detector 1 on d = (a - b)/sqrt2.
/// </summary>
/// <param name="Index">Module index in the network.</param>
/// <param name="Name">Pair name, e.g. "AB".</param>
/// <param name="Line">Comb line both users send on this wavelength.</param>
/// <param name="UserA">Index of the user on input a.</param>
/// <param name="UserB">Index of the user on input b.</param>
/// <param name="TransmittanceA">Probability a photon of A reaches the beam splitter (channel, MUX/DEMUX, VOA), [0, 1].</param>
/// <param name="TransmittanceB">Same for B.</param>
/// <param name="RelativeDelayPs">Arrival-time mismatch of B's pulses relative to A's, ps (Supplementary Figs. 9, 10 scan it).</param>
/// <param name="PolarizationOverlap">|&lt;pol_A|pol_B&gt;|^2 at the beam splitter, [0, 1].</param>
/// <param name="Detector0">Detector on output c.</param>
/// <param name="Detector1">Detector on output d.</param>
public sealed record BsmModule(
    int Index,
    string Name,
    CombLine Line,
    int UserA,
    int UserB,
    double TransmittanceA,
    double TransmittanceB,
    double RelativeDelayPs,
    double PolarizationOverlap,
    SnspdParameters Detector0,
    SnspdParameters Detector1);

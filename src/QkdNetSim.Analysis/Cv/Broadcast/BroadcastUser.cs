namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// One receiver (Bob i) of the 1-to-N broadcast network: his drop fibre, the excess noise his own drop adds, and his
/// trusted detector. Kept per user because the paper's 3-node experiment has different detectors and excess noise
/// for the two Bobs (Bian et al., arXiv:2507.04462, "Experimental proof of principle").
/// </summary>
/// <param name="DropTransmittance">Transmittance T_d,i in (0, 1] of the fibre from the splitter to Bob i (1 = no drop fibre, as in Fig. 13).</param>
/// <param name="DropExcessNoiseSnu">
/// Excess noise added independently in Bob i's drop, in SNU referred to the channel input (Alice's output), the
/// reference point the paper uses ("excess noise ... at the channel input"); it adds T_f T_d,i eps_i / N at Bob i.
/// </param>
/// <param name="DetectorEfficiency">Detection efficiency eta_d in (0, 1].</param>
/// <param name="ElectronicNoiseSnu">Electronic noise v_ele &gt;= 0 (SNU).</param>
public sealed record BroadcastUser(
    double DropTransmittance,
    double DropExcessNoiseSnu,
    double DetectorEfficiency,
    double ElectronicNoiseSnu)
{
    /// <summary>
    /// Trusted beam-splitter transmittance of the heterodyne detector under one-time shot-noise calibration,
    /// eta_D = eta_d / (1 + v_ele) with a vacuum ancilla D_i (paper, Methods F.1 and Fig. 13, citing Zhang et al. [28]).
    /// </summary>
    public double TrustedDetectorTransmittance => DetectorEfficiency / (1.0 + ElectronicNoiseSnu);
}

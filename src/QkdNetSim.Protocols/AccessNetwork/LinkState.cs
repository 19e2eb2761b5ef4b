namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// The time-varying state of one transmitter's link at the receiver (issue 12), constant between two kernel events.
/// <see cref="TimingOffsetPs"/> is the whole arrival offset from the centre of the user's gate (the static
/// <see cref="AccessUser.TimingOffsetPs"/> plus drift, less the transmitter's delay correction); <see cref="PhaseErrorRad"/>
/// is the residual phase between the transmitter's and the receiver's interferometers (true phase less the bias);
/// <see cref="PolarizationOverlap"/> is cos^2 psi at the polarizing splitters (Optics/Drift/PolarizationDrift);
/// <see cref="TransmittanceFactor"/> multiplies the channel transmittance (a bend, a cut = 0); <see cref="IntensityFactor"/>
/// multiplies every mean photon number of the source (Optics/Drift/SourceIntensityDrift); an inactive user sends nothing.
/// </summary>
public readonly record struct LinkState(
    bool Active,
    double TransmittanceFactor,
    double PhaseErrorRad,
    double TimingOffsetPs,
    double PolarizationOverlap,
    double IntensityFactor)
{
    /// <summary>The state the scenario describes: no drift, no extra loss, the user's static timing offset.</summary>
    public static LinkState Nominal(AccessUser user) => new(user.Active, 1, 0, user.TimingOffsetPs, 1, 1);

    /// <summary>True when the state is the scenario's own (every engine then reproduces the static network bit for bit).</summary>
    public bool IsNominal(AccessUser user) => this == Nominal(user);
}

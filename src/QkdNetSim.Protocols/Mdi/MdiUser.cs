namespace QkdNetSim.Protocols.Mdi;

/// <summary>One user of the MDI network: a name and the time-bin encoder that modulates all the user's wavelengths.</summary>
/// <param name="Index">User index.</param>
/// <param name="Name">e.g. "A".</param>
/// <param name="Encoder">Encoder (intensities, probabilities, bases, extinction).</param>
public sealed record MdiUser(int Index, string Name, TimeBinEncoder Encoder);

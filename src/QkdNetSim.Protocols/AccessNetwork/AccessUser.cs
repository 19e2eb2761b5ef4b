using QkdNetSim.Core.Units;
using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// One transmitter of the upstream quantum access network (seed 004 Fig. 1b), with its path to the receiver input
/// already reduced to a transmittance (fibre x combiner port x extra losses).
/// </summary>
public sealed record AccessUser(
    int Index,
    string Name,
    int Slot,
    bool Active,
    double ChannelTransmittance,
    double OpticalError,
    double TimingOffsetPs,
    DecoySource Source)
{
    /// <summary>Loss from the transmitter output to the receiver input, dB (the paper's "total transmission loss").</summary>
    public double ChannelLossDb => Decibels.ToLossDb(ChannelTransmittance);
}

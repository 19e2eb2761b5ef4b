using QkdNetSim.Core.Units;

namespace QkdNetSim.Optics;

/// <summary>
/// Passive 1xN power splitter used as an N:1 combiner (upstream access network, seed 004 Fig. 1b):
/// every input port reaches the common port with the measured insertion loss (9.7/13/16.1/19.5 dB for N = 8/16/32/64).
/// </summary>
public sealed record PassiveSplitter(int Ports, double InsertionLossDb) : ICombiner
{
    public double TransmittanceFor(int port, int ituChannel)
    {
        if (port < 0 || port >= Ports) throw new ArgumentOutOfRangeException(nameof(port));
        return Decibels.ToTransmittance(InsertionLossDb);
    }

    /// <summary>Ideal splitting loss 10 log10(N): the excess over it is the device's excess loss.</summary>
    public double IdealSplitLossDb => 10 * Math.Log10(Ports);
}

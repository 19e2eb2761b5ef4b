using QkdNetSim.Core.Units;

namespace QkdNetSim.Optics;

/// <summary>
/// Thin-film DWDM multiplexer on the ITU 100 GHz grid (seed 004 Fig. 3b: ~2.5 dB, channels 33/34). Each input
/// port passes its own channel with the insertion loss; light one channel away is further suppressed by the
/// adjacent-channel isolation, farther light by the non-adjacent isolation.
/// </summary>
public sealed record DwdmMultiplexer(IReadOnlyList<int> PortChannels, double InsertionLossDb,
    double AdjacentChannelIsolationDb, double NonAdjacentChannelIsolationDb) : ICombiner
{
    public int Ports => PortChannels.Count;

    public double TransmittanceFor(int port, int ituChannel)
    {
        if (port < 0 || port >= Ports) throw new ArgumentOutOfRangeException(nameof(port));
        int offset = Math.Abs(PortChannels[port] - ituChannel);
        double extraDb = offset == 0 ? 0 : offset == 1 ? AdjacentChannelIsolationDb : NonAdjacentChannelIsolationDb;
        return Decibels.ToTransmittance(InsertionLossDb + extraDb);
    }
}

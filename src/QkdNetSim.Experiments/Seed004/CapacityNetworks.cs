using QkdNetSim.Core.Units;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// The networks of seed 004 Figs. 4b/4c built directly from device models: N bins, a 1xN splitter with the
/// measured loss, n active users spread evenly over the bins (every N/n-th bin, the placement an operator would
/// choose to keep active users apart), all at the same fibre distance (Methods).
/// </summary>
public static class CapacityNetworks
{
    /// <summary>Measured splitter losses, seed 004 Methods: 9.7, 13, 16.1, 19.5 dB for 1x8 .. 1x64 (one home: <see cref="PassiveSplitter"/>).</summary>
    public static double SplitterLossDb(int ports) => PassiveSplitter.Seed004MeasuredLossDb.TryGetValue(ports, out double db)
        ? db
        : throw new ArgumentOutOfRangeException(nameof(ports), "seed 004 measured 8, 16, 32 and 64-port splitters");

    public static AccessNetworkConfig Build(AccessNetworkConfig template, int capacity, int activeUsers, double fibreKm, double sessionS)
    {
        var source = template.Users[0].Source;
        double channel = new Fibre(fibreKm).Transmittance * Decibels.ToTransmittance(SplitterLossDb(capacity));
        var users = Enumerable.Range(0, activeUsers)
            .Select(i => new AccessUser(i, $"U{i}", (int)((long)i * capacity / activeUsers), true, channel, template.Users[0].OpticalError, 0, source))
            .ToList();
        return template with { TimeBins = capacity, Users = users, DurationS = sessionS };
    }
}

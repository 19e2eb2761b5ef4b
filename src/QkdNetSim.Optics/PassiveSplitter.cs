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
    public double IdealSplitLossDb => IdealSplitLossDbFor(Ports);

    /// <summary>Ideal splitting loss of a 1xN splitter, 10 log10(N) dB.</summary>
    public static double IdealSplitLossDbFor(int ports) => 10 * Math.Log10(ports);

    /// <summary>Measured insertion losses of seed 004's splitters (Methods: 9.7, 13, 16.1, 19.5 dB for 1x8, 1x16, 1x32, 1x64).</summary>
    public static IReadOnlyDictionary<int, double> Seed004MeasuredLossDb { get; } = new Dictionary<int, double> { [8] = 9.7, [16] = 13.0, [32] = 16.1, [64] = 19.5 };

    /// <summary>
    /// Excess loss per 1x2 stage, dB: least-squares fit of excess = e log2(N) to the measured excesses over the ideal split,
    /// e = sum s_i x_i / sum s_i^2 with s_i = log2 N_i stages and x_i = measured_i - 10 log10 N_i (about 0.23 dB per stage).
    /// </summary>
    public static double Seed004ExcessLossDbPerStage { get; } =
        Seed004MeasuredLossDb.Sum(p => Math.Log2(p.Key) * (p.Value - IdealSplitLossDbFor(p.Key)))
        / Seed004MeasuredLossDb.Sum(p => Math.Log2(p.Key) * Math.Log2(p.Key));

    /// <summary>
    /// Insertion loss of a 1xN splitter like seed 004's: the measured value for N = 8, 16, 32, 64; for other N (the paper
    /// is silent; our assumption) the ideal split plus the fitted excess per stage, 10 log10 N + e log2 N, which lies
    /// within 0.1 dB of every measured value and grows with N (a larger splitter never loses less).
    /// </summary>
    public static double Seed004InsertionLossDb(int ports)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ports, 1);
        return Seed004MeasuredLossDb.TryGetValue(ports, out double measured)
            ? measured
            : IdealSplitLossDbFor(ports) + Seed004ExcessLossDbPerStage * Math.Log2(ports);
    }
}

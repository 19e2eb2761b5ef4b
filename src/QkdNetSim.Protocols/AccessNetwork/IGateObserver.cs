namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Receives each gate with at least one click, in gate order, as the engine resolves it: the cheap path for an
/// analysis tally that needs no per-click records (one interface call per gate, nothing allocated).
/// </summary>
public interface IGateObserver
{
    /// <param name="detectorMask">Bit d set if detector d clicked.</param>
    void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask);
}

/// <summary>
/// The aggregated form of <see cref="IGateObserver"/> for engines that draw counts rather than gates (the block-sampling
/// engine): <paramref name="count"/> clicked gates of bin <paramref name="timeBin"/> with these settings and this outcome, all
/// in the span of gates that ends before <paramref name="endGate"/> (spans arrive in increasing order).
/// </summary>
public interface IGateCountObserver
{
    void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count);
}

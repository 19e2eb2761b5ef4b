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

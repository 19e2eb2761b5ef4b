namespace QkdNetSim.Protocols.Mdi;

/// <summary>Origin of a detector event inside a slot (ground truth).</summary>
public enum EventOrigin : byte
{
    EarlyPhoton = 0,
    LatePhoton = 1,
    Dark = 2,
}

using QkdNetSim.Core.Records;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>What an engine did: clicks written, gates with clicks, clicks per ground-truth cause.</summary>
public sealed class EngineCounters
{
    public long ClickRows;
    public long DetectionGates;
    public long PrimaryEvents;
    public readonly long[] ClicksByCause = new long[4];

    public long Clicks(DetectionCause cause) => ClicksByCause[(int)cause];
}

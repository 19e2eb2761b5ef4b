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

    /// <summary>Adds <paramref name="other"/>'s counts times <paramref name="sign"/> (+1 or -1): parts of a session combine (<see cref="EpochSessionRunner"/>).</summary>
    public void Accumulate(EngineCounters other, int sign)
    {
        ClickRows += sign * other.ClickRows;
        DetectionGates += sign * other.DetectionGates;
        PrimaryEvents += sign * other.PrimaryEvents;
        for (int i = 0; i < ClicksByCause.Length; i++) ClicksByCause[i] += sign * other.ClicksByCause[i];
    }
}

using QkdNetSim.Core.Records;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>Receives detection records in gate order, in batches (one virtual call per batch, none per click).</summary>
public interface IDetectionSink
{
    void Accept(ReadOnlySpan<DetectionRecord> batch);
}

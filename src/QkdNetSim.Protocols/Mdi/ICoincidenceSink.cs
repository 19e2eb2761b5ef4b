using QkdNetSim.Core.Records;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>Receives two-fold coincidence records in slot order, in batches (one virtual call per batch).</summary>
public interface ICoincidenceSink
{
    void Accept(ReadOnlySpan<CoincidenceRecord> batch);
}

using QkdNetSim.Analysis;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Data.Runs;

/// <summary>Where a run's clicks go: always the analysis tally and truth counts, optionally the Parquet log.</summary>
public sealed class RunSinks : IDetectionSink
{
    public DetectionTally Tally { get; }
    public TruthTally Truth { get; } = new();
    public DetectionLogWriter? Log { get; }

    public RunSinks(string source, DetectionLogWriter? log)
    {
        Tally = new DetectionTally(source);
        Log = log;
    }

    public void Accept(ReadOnlySpan<DetectionRecord> batch)
    {
        Tally.AddRange(batch);
        Truth.AddRange(batch);
        if (Log != null)
            foreach (ref readonly var r in batch) Log.Append(in r);
    }
}

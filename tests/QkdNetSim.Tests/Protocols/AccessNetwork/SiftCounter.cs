using QkdNetSim.Analysis;
using QkdNetSim.Core.Records;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

/// <summary>Test sink: the analysis tally plus counts of clicks per cause and per (user, intensity).</summary>
internal sealed class SiftCounter : IDetectionSink
{
    public DetectionTally Tally { get; } = new();
    public long[] ByCause { get; } = new long[4];
    public long EmptyBinRows;
    public long Rows;

    public void Accept(ReadOnlySpan<DetectionRecord> batch)
    {
        Tally.AddRange(batch);
        foreach (ref readonly var r in batch)
        {
            Rows++;
            ByCause[(int)r.TruthCause]++;
            if (r.User < 0) EmptyBinRows++;
        }
    }

    public static SiftCounter Run(AccessNetworkConfig config, bool perPulse)
    {
        var sink = new SiftCounter();
        AccessNetworkEngine engine = perPulse ? new PerPulseAccessNetworkEngine(config, sink) : new FastAccessNetworkEngine(config, sink);
        engine.AdvanceTo(config.SessionGates);
        engine.Flush();
        sink.Tally.Complete();
        return sink;
    }

    public (long Sifted, long Errors) Signal(int user) =>
        (Tally.SiftedCount(user, 0, 0) + Tally.SiftedCount(user, 1, 0), Tally.ErrorCount(user, 0, 0) + Tally.ErrorCount(user, 1, 0));
}

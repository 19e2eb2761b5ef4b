using QkdNetSim.Core.Records;

namespace QkdNetSim.Runs.Access;

/// <summary>Counts click rows per ground-truth cause (for the summary's truth section only); rows without truth are not counted.</summary>
public sealed class TruthTally
{
    private readonly long[] _byCause = new long[4];

    public void AddRange(ReadOnlySpan<DetectionRecord> records)
    {
        foreach (ref readonly var r in records)
            if (r.TruthCause <= DetectionCause.Crosstalk) _byCause[(int)r.TruthCause]++;
    }

    public TruthSummary ToSummary() => new()
    {
        SignalPhoton = _byCause[0], DarkCount = _byCause[1], Afterpulse = _byCause[2], Crosstalk = _byCause[3],
    };
}

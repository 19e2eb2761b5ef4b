using QkdNetSim.Analysis;
using QkdNetSim.Core.Records;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Where a run's clicks go: the analysis tally, fed per gate by the engine (no records needed), and optionally the
/// Parquet log, fed with records. Truth counts come from the engine's counters. The block-sampling engine feeds both
/// tallies with counts (<see cref="IGateCountObserver"/>) and has no log.
/// </summary>
public sealed class RunSinks : IDetectionSink, IGateObserver, IGateCountObserver
{
    public DetectionTally Tally { get; }
    public DetectionLogWriter? Log { get; }
    /// <summary>The per-block counts of timeseries.parquet, when the run writes it.</summary>
    public TimeSeriesTally? Series { get; }

    public RunSinks(DetectionLogWriter? log, TimeSeriesTally? series = null)
    {
        Tally = new DetectionTally();
        Log = log;
        Series = series;
    }

    /// <summary>
    /// The controllers' observations, fed every clicked gate too; null without control. A count-drawing engine's spans
    /// (<see cref="IGateCountObserver"/>) go to it as spans.
    /// </summary>
    public QkdNetSim.Protocols.AccessNetwork.Control.ControlObservations? Control { get; set; }

    /// <summary>Record sink for the engine: only needed when there is a log.</summary>
    public IDetectionSink? RecordSink => Log != null ? this : null;

    public void Accept(ReadOnlySpan<DetectionRecord> batch) => Log!.AppendRange(batch);

    public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask)
    {
        Tally.AddGate(gate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, (detectorMask & 1) + (detectorMask >> 1));
        Series?.OnGate(gate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask);
        Control?.OnGate(gate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask);
    }

    public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
    {
        Tally.AddGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
        Series?.OnGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
        Control?.OnGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
    }
}

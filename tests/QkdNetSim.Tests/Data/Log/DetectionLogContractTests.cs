using Parquet.Schema;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// <c>detections.parquet</c> against the record-log contract (<see cref="RecordLogContractTests{TRow,TMap}"/>), plus
/// what only this kind has: its fields are stored at their full type ranges.
/// </summary>
public sealed class DetectionLogContractTests : RecordLogContractTests<DetectionRecord, DetectionColumns>
{
    protected override RecordLogWriter<DetectionRecord, DetectionColumns> CreateWriter(string path,
        IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows) =>
        new DetectionLogWriter(path, metadata, rowGroupSizeRows);

    protected override RecordLogReader<DetectionRecord, DetectionColumns> Open(string path) => DetectionLogReader.Open(path);

    protected override DetectionRecord[] Generate(int count, int seed = 1) => SyntheticDetections.Generate(count, seed);

    protected override bool Same(in DetectionRecord a, in DetectionRecord b) => SyntheticDetections.Same(a, b);

    protected override (DataField Field, Array Values)[] ToColumns(ReadOnlySpan<DetectionRecord> rows) =>
        SyntheticDetections.ToColumns(rows);

    protected override string[] ContractColumnNames =>
        ["gate", "time_ps", "detector", "time_bin", "user", "bob_basis", "alice_basis", "alice_bit", "intensity",
         "truth_cause", "truth_photons"];

    protected override string[] Int64ColumnNames => ["gate", "time_ps"];

    protected override string[] TruthColumnNames => ["truth_cause", "truth_photons"];

    protected override string CsvExport => "gate,time_ps,detector\n1,1000,0\n";

    protected override string PageHeaderColumn => "detector";

    // Trials 277 (a footer that parses as listing no row groups), 881 (a damaged content-hash key) and 298 (a damaged
    // truth column name) once read as valid and are now errors.
    protected override int FuzzTrials => 2000;

    protected override int FuzzSeed => 12345;

    protected override string RequiredObservableColumn => "bob_basis";

    protected override string ColumnOf(ContractColumn which) => which switch
    {
        ContractColumn.ObservableInt32 => "detector",
        ContractColumn.Int64 => "gate",
        _ => "truth_cause",
    };

    protected override DetectionRecord WithTruthPlaceholders(DetectionRecord row, bool cause, bool photons)
    {
        if (cause) row.TruthCause = DetectionCause.Unknown;
        if (photons) row.TruthPhotons = -1;
        return row;
    }

    protected override void AssertTruthIsNotPlaceholders(DetectionRecord[] read)
    {
        Assert.Contains(read, r => r.TruthCause == DetectionCause.DarkCount);
        Assert.Contains(read, r => r.TruthPhotons == 2);
    }

    protected override (string Column, int Value, string Range) OutOfRangeCell => ("truth_cause", 77, "[0, 4]");

    protected override (string Column, int?[] Values) NullableColumn => ("user", [0, 1, -1]);

    protected override int NullableColumnField(in DetectionRecord row) => row.User;

    protected override long KeyField(in DetectionRecord row) => row.Gate;

    protected override DetectionRecord[] ExtremeRows =>
    [
        new() { Gate = long.MaxValue, TimePs = long.MinValue, Detector = byte.MaxValue, TimeBin = short.MinValue,
            User = short.MaxValue, BobBasis = 0, AliceBasis = sbyte.MinValue, AliceBit = sbyte.MaxValue,
            Intensity = -1, TruthCause = DetectionCause.Crosstalk, TruthPhotons = short.MinValue },
        new() { Gate = 0, TimePs = 0, User = -1, AliceBasis = -1, AliceBit = -1, Intensity = -1, TruthPhotons = -1 },
    ];

    protected override IReadOnlyList<Func<DetectionRecord, DetectionRecord>> SingleFieldChanges =>
    [
        r => { r.Gate ^= 1; return r; },
        r => { r.TimePs ^= 1; return r; },
        r => { r.Detector ^= 1; return r; },
        r => { r.TimeBin ^= 1; return r; },
        r => { r.User ^= 1; return r; },
        r => { r.BobBasis ^= 1; return r; },
        r => { r.AliceBasis ^= 1; return r; },
        r => { r.AliceBit ^= 1; return r; },
        r => { r.Intensity ^= 1; return r; },
        r => { r.TruthCause ^= (DetectionCause)1; return r; },
        r => { r.TruthPhotons ^= 1; return r; },
    ];

    protected override string DeterminismProbeColumn => "alice_bit";

    [Fact]
    public void ValueOutOfFieldRange()
    {
        var error = ReadFailsWithValue("truth_cause", 77, row: 2);
        Assert.Equal("truth_cause", error.Field);
        Assert.Equal("value 77 at row 2 outside [0, 4]", error.Rule);
    }
}

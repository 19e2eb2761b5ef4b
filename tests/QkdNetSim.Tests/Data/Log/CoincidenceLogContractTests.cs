using Parquet.Schema;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// <c>coincidences.parquet</c> against the record-log contract (<see cref="RecordLogContractTests{TRow,TMap}"/>), plus
/// what only this kind has: ranges narrowed by the physics (bins, bases and bits are 0/1, indices non-negative), which
/// the reader and the writer both enforce, naming the column.
/// </summary>
public sealed class CoincidenceLogContractTests : RecordLogContractTests<CoincidenceRecord, CoincidenceColumns>
{
    protected override RecordLogWriter<CoincidenceRecord, CoincidenceColumns> CreateWriter(string path,
        IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows) =>
        new CoincidenceLogWriter(path, metadata, rowGroupSizeRows);

    protected override RecordLogReader<CoincidenceRecord, CoincidenceColumns> Open(string path) =>
        CoincidenceLogReader.Open(path);

    protected override CoincidenceRecord[] Generate(int count, int seed = 1) => SyntheticCoincidences.Generate(count, seed);

    protected override bool Same(in CoincidenceRecord a, in CoincidenceRecord b) => SyntheticCoincidences.Same(a, b);

    protected override (DataField Field, Array Values)[] ToColumns(ReadOnlySpan<CoincidenceRecord> rows) =>
        SyntheticCoincidences.ToColumns(rows);

    protected override string[] ContractColumnNames =>
        ["slot", "module", "time_d0_ps", "time_d1_ps", "bin_d0", "bin_d1", "extra_clicks", "intensity_a",
         "intensity_b", "basis_a", "basis_b", "bit_a", "bit_b",
         "truth_cause_d0", "truth_cause_d1", "truth_photons_d0", "truth_photons_d1"];

    protected override string[] Int64ColumnNames => ["slot", "time_d0_ps", "time_d1_ps"];

    protected override string[] TruthColumnNames =>
        ["truth_cause_d0", "truth_cause_d1", "truth_photons_d0", "truth_photons_d1"];

    protected override string CsvExport => "slot,module,time_d0_ps\n1,0,1000\n";

    protected override string PageHeaderColumn => "bin_d0";

    // Trials 249, 448 and 548, whose damaged truth column names once made the reader skip the hash, are now errors.
    protected override int FuzzTrials => 1000;

    protected override int FuzzSeed => 12345;

    protected override string RequiredObservableColumn => "basis_b";

    protected override string ColumnOf(ContractColumn which) => which switch
    {
        ContractColumn.ObservableInt32 => "bin_d0",
        ContractColumn.Int64 => "slot",
        _ => "truth_cause_d1",
    };

    protected override CoincidenceRecord WithTruthPlaceholders(CoincidenceRecord row, bool cause, bool photons)
    {
        if (cause) row.TruthCauseD0 = row.TruthCauseD1 = DetectionCause.Unknown;
        if (photons) row.TruthPhotonsD0 = row.TruthPhotonsD1 = -1;
        return row;
    }

    protected override void AssertTruthIsNotPlaceholders(CoincidenceRecord[] read)
    {
        Assert.Contains(read, r => r.TruthCauseD0 == DetectionCause.DarkCount);
        Assert.Contains(read, r => r.TruthPhotonsD1 == 2);
    }

    protected override (string Column, int Value, string Range) OutOfRangeCell => ("bit_a", 5, "[0, 1]");

    protected override (string Column, int?[] Values) NullableColumn => ("module", [0, 1, 5]);

    protected override int NullableColumnField(in CoincidenceRecord row) => row.Module;

    protected override long KeyField(in CoincidenceRecord row) => row.Slot;

    protected override CoincidenceRecord[] ExtremeRows =>
    [
        new()
        {
            Slot = long.MaxValue, Module = short.MaxValue, TimeD0Ps = long.MinValue, TimeD1Ps = long.MaxValue,
            BinD0 = 1, BinD1 = 0, ExtraClicks = byte.MaxValue, IntensityA = sbyte.MaxValue, IntensityB = 0,
            BasisA = 1, BasisB = 0, BitA = 1, BitB = 1, TruthCauseD0 = DetectionCause.Unknown,
            TruthCauseD1 = DetectionCause.Crosstalk, TruthPhotonsD0 = short.MaxValue, TruthPhotonsD1 = -1,
        },
        new() { Slot = long.MinValue, TimeD0Ps = -1, TruthPhotonsD0 = -1 },
        default,
    ];

    protected override IReadOnlyList<Func<CoincidenceRecord, CoincidenceRecord>> SingleFieldChanges =>
    [
        r => { r.Slot ^= 1; return r; },
        r => { r.Module ^= 1; return r; },
        r => { r.TimeD0Ps ^= 1; return r; },
        r => { r.TimeD1Ps ^= 1; return r; },
        r => { r.BinD0 ^= 1; return r; },
        r => { r.BinD1 ^= 1; return r; },
        r => { r.ExtraClicks ^= 1; return r; },
        r => { r.IntensityA ^= 1; return r; },
        r => { r.IntensityB ^= 1; return r; },
        r => { r.BasisA ^= 1; return r; },
        r => { r.BasisB ^= 1; return r; },
        r => { r.BitA ^= 1; return r; },
        r => { r.BitB ^= 1; return r; },
        r => { r.TruthCauseD0 ^= (DetectionCause)1; return r; },
        r => { r.TruthCauseD1 ^= (DetectionCause)1; return r; },
        r => { r.TruthPhotonsD0 ^= 1; return r; },
        r => { r.TruthPhotonsD1 ^= 1; return r; },
    ];

    protected override string DeterminismProbeColumn => "bit_b";

    [Fact]
    public void FileNameAndManifestKeyAreTheContract()
    {
        Assert.Equal("coincidences.parquet", CoincidenceLogSchema.FileName);
        Assert.Equal("qkdnetsim.manifest", CoincidenceLogSchema.ManifestKey);
        Assert.Equal(DetectionLogSchema.ManifestKey, CoincidenceLogSchema.ManifestKey);
    }

    [Theory]
    [InlineData("bin_d0", 2, "[0, 1]")]
    [InlineData("bin_d1", -1, "[0, 1]")]
    [InlineData("basis_a", 2, "[0, 1]")]
    [InlineData("basis_b", -1, "[0, 1]")]
    [InlineData("bit_a", 7, "[0, 1]")]
    [InlineData("bit_b", -1, "[0, 1]")]
    [InlineData("module", -1, "[0, 32767]")]
    [InlineData("module", 40000, "[0, 32767]")]
    [InlineData("extra_clicks", 256, "[0, 255]")]
    [InlineData("intensity_a", -1, "[0, 127]")]
    [InlineData("intensity_b", 128, "[0, 127]")]
    [InlineData("truth_cause_d0", 77, "[0, 4]")]
    [InlineData("truth_photons_d1", -2, "[-1, 32767]")]
    public void ValueOutOfRange_NamesTheColumn(string column, int value, string range)
    {
        var error = ReadFailsWithValue(column, value, row: 2);
        Assert.Equal(column, error.Field);
        Assert.Equal($"value {value} at row 2 outside {range}", error.Rule);
    }

    [Fact]
    public void DetectionLogGivenAsCoincidenceLogNamesAMissingColumn()
    {
        var path = Dir.File("detections.parquet");
        using (var writer = new DetectionLogWriter(path, new Dictionary<string, string>(), 64))
        {
            foreach (var r in SyntheticDetections.Generate(10)) writer.Append(r);
            writer.Complete();
        }
        var error = ReadFails(path);
        Assert.Equal("slot", error.Field);
        Assert.Equal("required column missing", error.Rule);
    }

    public static TheoryData<string> OutOfRangeFields() =>
    [
        "module", "bin_d0", "bin_d1", "intensity_a", "intensity_b", "basis_a", "basis_b", "bit_a", "bit_b",
        "truth_cause_d0", "truth_cause_d1", "truth_photons_d0", "truth_photons_d1",
    ];

    [Theory]
    [MemberData(nameof(OutOfRangeFields))]
    public void AppendOutOfRangeValueThrowsNamingTheColumnAndWriterStaysUsable(string column)
    {
        var bad = default(CoincidenceRecord);
        switch (column)
        {
            case "module": bad.Module = -1; break;
            case "bin_d0": bad.BinD0 = 2; break;
            case "bin_d1": bad.BinD1 = 255; break;
            case "intensity_a": bad.IntensityA = -1; break;
            case "intensity_b": bad.IntensityB = sbyte.MinValue; break;
            case "basis_a": bad.BasisA = -1; break;
            case "basis_b": bad.BasisB = 2; break;
            case "bit_a": bad.BitA = 3; break;
            case "bit_b": bad.BitB = -1; break;
            case "truth_cause_d0": bad.TruthCauseD0 = (DetectionCause)5; break;
            case "truth_cause_d1": bad.TruthCauseD1 = (DetectionCause)255; break;
            case "truth_photons_d0": bad.TruthPhotonsD0 = -2; break;
            case "truth_photons_d1": bad.TruthPhotonsD1 = short.MinValue; break;
        }
        var path = Dir.File(CoincidenceLogSchema.FileName);
        var good = SyntheticCoincidences.Generate(3);
        using (var writer = new CoincidenceLogWriter(path, Manifest, 2))
        {
            writer.Append(in good[0]);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(in bad));
            Assert.Contains($"row 1: {column} = ", error.Message);
            Assert.Equal(1, writer.RowsAppended);
            writer.Append(in good[1]);
            writer.Append(in good[2]);
            writer.Complete();
        }
        AssertFileHolds(path, good, out _);
    }
}

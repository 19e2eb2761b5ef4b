using System.IO.Compression;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Data.Log;

/// <summary>
/// One column of <c>coincidences.parquet</c>: its Parquet field, whether it is ground truth, and the value range the
/// reader accepts (and the writer enforces), so that range lives in one place.
/// </summary>
/// <param name="Field">Non-nullable INT64 or INT32 field; its name is the public column name.</param>
/// <param name="IsTruth">Ground-truth column: optional on read (a lab log has none), never used by analyzers.</param>
/// <param name="Min">Smallest accepted value.</param>
/// <param name="Max">Largest accepted value.</param>
public sealed record CoincidenceColumn(DataField Field, bool IsTruth, long Min, long Max)
{
    /// <summary>Column name, as analysis scripts (pandas, polars, DuckDB) select it.</summary>
    public string Name => Field.Name;

    /// <summary>True for INT64 columns, false for INT32 ones.</summary>
    public bool IsInt64 => Field.ClrType == typeof(long);
}

/// <summary>
/// The on-disk contract of <c>coincidences.parquet</c>, the log of two-fold coincidences of the Bell-state-measurement
/// modules (one <see cref="CoincidenceRecord"/> per row): column names, physical types and order, accepted value
/// ranges, which columns are ground truth, and the encoding/compression choices. Writer and reader share this one
/// definition so the two can never disagree.
/// </summary>
/// <remarks>
/// Modelled on <see cref="DetectionLogSchema"/> and for the same reasons: plain required INT64/INT32 columns (every
/// Parquet reader understands them without logical-type annotations; delta-binary-packed encoding stores a 0/1 column
/// in about 2 bits per row whatever its declared width), observable columns first in the record's field order, the
/// <c>truth_*</c> columns last. The manifest and content-hash footer keys are the detection log's, so tools that read
/// the run manifest from one log read it from the other too.
/// </remarks>
public static class CoincidenceLogSchema
{
    /// <summary>File name of the log inside a run directory.</summary>
    public const string FileName = "coincidences.parquet";

    /// <summary>Footer key-value metadata key of the run manifest (JSON); the same key as every other log.</summary>
    public const string ManifestKey = DetectionLogSchema.ManifestKey;

    public const string Slot = "slot";
    public const string Module = "module";
    public const string TimeD0Ps = "time_d0_ps";
    public const string TimeD1Ps = "time_d1_ps";
    public const string BinD0 = "bin_d0";
    public const string BinD1 = "bin_d1";
    public const string ExtraClicks = "extra_clicks";
    public const string IntensityA = "intensity_a";
    public const string IntensityB = "intensity_b";
    public const string BasisA = "basis_a";
    public const string BasisB = "basis_b";
    public const string BitA = "bit_a";
    public const string BitB = "bit_b";
    public const string TruthCauseD0 = "truth_cause_d0";
    public const string TruthCauseD1 = "truth_cause_d1";
    public const string TruthPhotonsD0 = "truth_photons_d0";
    public const string TruthPhotonsD1 = "truth_photons_d1";

    /// <summary>Largest defined <see cref="DetectionCause"/> (<see cref="DetectionCause.Unknown"/>); the enum is dense from 0.</summary>
    public const int MaxTruthCause = (int)DetectionCause.Unknown;

    /// <summary>
    /// Every column in file order. Ranges: the record field's type range, narrowed where the physics fixes it
    /// (a time bin, basis or bit is 0 or 1; a module or intensity is an index; -1 photons means "not known"), so a
    /// corrupted or foreign file cannot feed an analyzer values it would silently misclassify.
    /// Slot and time tags are unrestricted: lab logs may count from an arbitrary epoch.
    /// </summary>
    public static IReadOnlyList<CoincidenceColumn> Columns { get; } =
    [
        Int64(Slot, long.MinValue, long.MaxValue),
        Int32(Module, 0, short.MaxValue),
        Int64(TimeD0Ps, long.MinValue, long.MaxValue),
        Int64(TimeD1Ps, long.MinValue, long.MaxValue),
        Int32(BinD0, 0, 1),
        Int32(BinD1, 0, 1),
        Int32(ExtraClicks, 0, byte.MaxValue),
        Int32(IntensityA, 0, sbyte.MaxValue),
        Int32(IntensityB, 0, sbyte.MaxValue),
        Int32(BasisA, 0, 1),
        Int32(BasisB, 0, 1),
        Int32(BitA, 0, 1),
        Int32(BitB, 0, 1),
        Int32(TruthCauseD0, 0, MaxTruthCause, truth: true),
        Int32(TruthCauseD1, 0, MaxTruthCause, truth: true),
        Int32(TruthPhotonsD0, -1, short.MaxValue, truth: true),
        Int32(TruthPhotonsD1, -1, short.MaxValue, truth: true),
    ];

    /// <summary>Full schema in file order: observable columns, then truth_* columns.</summary>
    public static ParquetSchema Schema { get; } = new(Columns.Select(c => (Field)c.Field).ToArray());

    /// <summary>The column called <paramref name="name"/>, or null if the contract has none.</summary>
    public static CoincidenceColumn? Find(string name)
    {
        foreach (var column in Columns)
            if (column.Name == name) return column;
        return null;
    }

    /// <summary>
    /// Writer options, the detection log's choices: every column DELTA_BINARY_PACKED (slot and time tags grow
    /// monotonically, the 0/1 columns bit-pack), then Zstd at its fastest level, which is single-threaded and hence
    /// deterministic.
    /// </summary>
    public static ParquetOptions CreateWriterOptions()
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            CompressionLevel = CompressionLevel.Fastest,
        };
        // Keys are column paths; for top-level columns the path is the name.
        foreach (var field in Schema.DataFields)
            options.ColumnEncodingHints[field.Name] = EncodingHint.DeltaBinaryPacked;
        return options;
    }

    private static CoincidenceColumn Int64(string name, long min, long max) =>
        new(new DataField<long>(name, nullable: false), IsTruth: false, min, max);

    private static CoincidenceColumn Int32(string name, int min, int max, bool truth = false) =>
        new(new DataField<int>(name, nullable: false), truth, min, max);
}

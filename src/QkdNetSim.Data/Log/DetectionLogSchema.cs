using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace QkdNetSim.Data.Log;

/// <summary>
/// The on-disk contract of <c>detections.parquet</c>: column names, physical types and order, the footer
/// metadata key of the run manifest, and the encoding/compression choices. Writer and reader share this one
/// definition so the two can never disagree. Column names are public: analysis scripts (pandas, polars,
/// DuckDB) select them by name.
/// </summary>
/// <remarks>
/// Columns are plain required INT64/INT32 rather than the struct's narrow types (byte, short, sbyte) because
/// every Parquet reader understands them without logical-type annotations, and delta-binary-packed encoding
/// stores a column of 0/1 values in about 2 bits per row whatever its declared width.
/// Observable columns come first; the <c>truth_*</c> ground-truth columns come last.
/// </remarks>
public static class DetectionLogSchema
{
    /// <summary>Footer key-value metadata key under which the simulator stores the run manifest (JSON).</summary>
    public const string ManifestKey = "qkdnetsim.manifest";

    public const string Gate = "gate";
    public const string TimePs = "time_ps";
    public const string Detector = "detector";
    public const string TimeBin = "time_bin";
    public const string User = "user";
    public const string BobBasis = "bob_basis";
    public const string AliceBasis = "alice_basis";
    public const string AliceBit = "alice_bit";
    public const string Intensity = "intensity";
    public const string TruthCause = "truth_cause";
    public const string TruthPhotons = "truth_photons";

    /// <summary>Non-nullable INT64 column: global gate index.</summary>
    public static readonly DataField<long> GateField = new(Gate, nullable: false);
    /// <summary>Non-nullable INT64 column: gate time, integer picoseconds.</summary>
    public static readonly DataField<long> TimePsField = new(TimePs, nullable: false);
    public static readonly DataField<int> DetectorField = new(Detector, nullable: false);
    public static readonly DataField<int> TimeBinField = new(TimeBin, nullable: false);
    public static readonly DataField<int> UserField = new(User, nullable: false);
    public static readonly DataField<int> BobBasisField = new(BobBasis, nullable: false);
    public static readonly DataField<int> AliceBasisField = new(AliceBasis, nullable: false);
    public static readonly DataField<int> AliceBitField = new(AliceBit, nullable: false);
    public static readonly DataField<int> IntensityField = new(Intensity, nullable: false);
    /// <summary>INT32 column holding the <see cref="QkdNetSim.Core.Records.DetectionCause"/> numeric value.</summary>
    public static readonly DataField<int> TruthCauseField = new(TruthCause, nullable: false);
    public static readonly DataField<int> TruthPhotonsField = new(TruthPhotons, nullable: false);

    /// <summary>The INT64 columns, in file order (they precede all INT32 columns).</summary>
    public static IReadOnlyList<DataField<long>> Int64Fields { get; } = [GateField, TimePsField];

    /// <summary>The INT32 columns, in file order.</summary>
    public static IReadOnlyList<DataField<int>> Int32Fields { get; } =
    [
        DetectorField, TimeBinField, UserField, BobBasisField, AliceBasisField, AliceBitField, IntensityField,
        TruthCauseField, TruthPhotonsField,
    ];

    /// <summary>Full schema in file order: observable columns, then truth_* columns.</summary>
    public static ParquetSchema Schema { get; } = new([.. Int64Fields, .. Int32Fields]);

    /// <summary>
    /// Writer options. Every column is DELTA_BINARY_PACKED: gate/time_ps grow monotonically (small deltas) and
    /// the small-range columns bit-pack to ~1-4 bits per row; the default PLAIN encoding costs 4-8 bytes per
    /// value before compression. Zstd at its fastest level then removes what is left (skewed columns such as
    /// truth_cause) and is single-threaded, hence deterministic. Measured on synthetic sessions: 6.3-6.8 B/row
    /// (same data, PLAIN+Snappy: 22 B/row, DELTA+Snappy: 7.7 B/row, DELTA without compression: 8.1 B/row).
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
}

using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace QkdNetSim.Data.Log;

/// <summary>
/// The on-disk contract of <c>cv_samples.parquet</c>, the sample log of a CV-QKD run: one row per (round, user) with
/// Alice's displacement and that Bob's heterodyne outcome, all in shot-noise units (per-homodyne SNU, see
/// Protocols.Cv.CvUserChannel). Plain required INT64/INT32/DOUBLE columns; doubles are PLAIN-encoded then Zstd-compressed
/// (random Gaussian doubles do not delta-pack). Manifest and content-hash footer keys are the other logs'.
/// The pipeline writes blocks user-major (a block's rounds for user 0, then user 1, ...); readers must not assume an order
/// and use the round/user columns.
/// </summary>
public static class CvSampleLogSchema
{
    public const string FileName = "cv_samples.parquet";
    public const string ManifestKey = DetectionLogSchema.ManifestKey;

    public const string Round = "round";
    public const string User = "user";
    public const string AliceX = "alice_x";
    public const string AliceP = "alice_p";
    public const string BobX = "bob_x";
    public const string BobP = "bob_p";

    public static DataField<long> RoundField { get; } = new(Round, nullable: false);
    public static DataField<int> UserField { get; } = new(User, nullable: false);
    public static DataField<double> AliceXField { get; } = new(AliceX, nullable: false);
    public static DataField<double> AlicePField { get; } = new(AliceP, nullable: false);
    public static DataField<double> BobXField { get; } = new(BobX, nullable: false);
    public static DataField<double> BobPField { get; } = new(BobP, nullable: false);

    /// <summary>All fields in file order.</summary>
    public static IReadOnlyList<DataField> Fields { get; } = [RoundField, UserField, AliceXField, AlicePField, BobXField, BobPField];

    public static ParquetSchema Schema { get; } = new(Fields.Cast<Field>().ToArray());

    /// <summary>Zstd fastest (single-threaded, deterministic); integer columns delta-binary-packed.</summary>
    public static ParquetOptions CreateWriterOptions()
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = CompressionLevel.Fastest };
        options.ColumnEncodingHints[Round] = EncodingHint.DeltaBinaryPacked;
        options.ColumnEncodingHints[User] = EncodingHint.DeltaBinaryPacked;
        return options;
    }
}

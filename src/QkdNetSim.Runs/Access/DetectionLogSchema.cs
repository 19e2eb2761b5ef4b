using System.Runtime.CompilerServices;
using Parquet.Schema;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The on-disk contract of <c>detections.parquet</c> (one <see cref="DetectionRecord"/> per row): column names, types,
/// order and accepted ranges. Column names are public: analysis scripts (pandas, polars, DuckDB) select them by name.
/// </summary>
/// <remarks>
/// Columns are plain INT64/INT32 rather than the struct's narrow types (byte, short, sbyte) because every Parquet reader
/// understands them without logical-type annotations, and delta-binary-packed encoding stores a column of 0/1 values in
/// about 2 bits per row whatever its declared width. Ranges are the record fields' types. Observable columns come
/// first; the <c>truth_*</c> ground-truth columns come last and may be absent (a lab log): then truth_cause reads as
/// <see cref="DetectionCause.Unknown"/> and truth_photons as -1.
/// </remarks>
public static class DetectionLogSchema
{
    public const string FileName = "detections.parquet";

    /// <summary>Footer key of the run manifest (JSON); the same key in every log.</summary>
    public const string ManifestKey = LogMetadata.ManifestKey;

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

    /// <summary>Largest defined <see cref="DetectionCause"/>; the enum is dense from 0.</summary>
    public const int MaxTruthCause = (int)DetectionCause.Unknown;

    public static LogSchema Log { get; } = new(FileName,
    [
        LogColumn.Int64(Gate),
        LogColumn.Int64(TimePs),
        LogColumn.Int32(Detector, byte.MinValue, byte.MaxValue),
        LogColumn.Int32(TimeBin, short.MinValue, short.MaxValue),
        LogColumn.Int32(User, short.MinValue, short.MaxValue),
        LogColumn.Int32(BobBasis, byte.MinValue, byte.MaxValue),
        LogColumn.Int32(AliceBasis, sbyte.MinValue, sbyte.MaxValue),
        LogColumn.Int32(AliceBit, sbyte.MinValue, sbyte.MaxValue),
        LogColumn.Int32(Intensity, sbyte.MinValue, sbyte.MaxValue),
        LogColumn.Int32(TruthCause, 0, MaxTruthCause, truth: true, missing: (int)DetectionCause.Unknown),
        LogColumn.Int32(TruthPhotons, short.MinValue, short.MaxValue, truth: true, missing: -1),
    ]);

    /// <summary>Full Parquet schema in file order: observable columns, then truth_* columns.</summary>
    public static ParquetSchema Schema => Log.Parquet;
}

/// <summary>Column map of <c>detections.parquet</c>: whole-column fill and drain, and the per-row content hash.</summary>
public readonly struct DetectionColumns : IRecordColumnMap<DetectionRecord>
{
    public static LogSchema Schema => DetectionLogSchema.Log;

    public static ulong HashSeed => 0x243F6A8885A308D3UL;

    /// <summary>Multiply-xorshift mixing (SplitMix/Murmur finalizer constants) of the fields packed into four words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong state, in DetectionRecord r)
    {
        ulong a = (ulong)r.Gate;
        ulong b = (ulong)r.TimePs;
        ulong c = r.Detector | (ulong)(ushort)r.TimeBin << 8 | (ulong)(ushort)r.User << 24 | (ulong)r.BobBasis << 40
                  | (ulong)(byte)r.AliceBasis << 48 | (ulong)(byte)r.AliceBit << 56;
        ulong d = (byte)r.Intensity | (ulong)r.TruthCause << 8 | (ulong)(ushort)r.TruthPhotons << 16;
        ulong h = state;
        h = (h ^ a) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 31) ^ b) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 29) ^ c) * 0x94D049BB133111EBUL;
        h = (h ^ (h >> 32) ^ d) * 0xFF51AFD7ED558CCDUL;
        return h ^ (h >> 33);
    }

    public static ulong Fill(ReadOnlySpan<DetectionRecord> rows, ColumnBuffers to, int at, ulong hashState)
    {
        int n = rows.Length;
        var gate = to.Int64(0).AsSpan(at, n);
        var time = to.Int64(1).AsSpan(at, n);
        var detector = to.Int32(2).AsSpan(at, n);
        var bin = to.Int32(3).AsSpan(at, n);
        var user = to.Int32(4).AsSpan(at, n);
        var bobBasis = to.Int32(5).AsSpan(at, n);
        var aliceBasis = to.Int32(6).AsSpan(at, n);
        var aliceBit = to.Int32(7).AsSpan(at, n);
        var intensity = to.Int32(8).AsSpan(at, n);
        var cause = to.Int32(9).AsSpan(at, n);
        var photons = to.Int32(10).AsSpan(at, n);
        for (int i = 0; i < n; i++)
        {
            ref readonly var r = ref rows[i];
            hashState = Hash(hashState, in r);
            gate[i] = r.Gate;
            time[i] = r.TimePs;
            detector[i] = r.Detector;
            bin[i] = r.TimeBin;
            user[i] = r.User;
            bobBasis[i] = r.BobBasis;
            aliceBasis[i] = r.AliceBasis;
            aliceBit[i] = r.AliceBit;
            intensity[i] = r.Intensity;
            cause[i] = (int)r.TruthCause;
            photons[i] = r.TruthPhotons;
        }
        return hashState;
    }

    public static void Drain(ColumnBuffers from, Span<DetectionRecord> rows)
    {
        int n = rows.Length;
        var gate = from.Int64(0).AsSpan(0, n);
        var time = from.Int64(1).AsSpan(0, n);
        var detector = from.Int32(2).AsSpan(0, n);
        var bin = from.Int32(3).AsSpan(0, n);
        var user = from.Int32(4).AsSpan(0, n);
        var bobBasis = from.Int32(5).AsSpan(0, n);
        var aliceBasis = from.Int32(6).AsSpan(0, n);
        var aliceBit = from.Int32(7).AsSpan(0, n);
        var intensity = from.Int32(8).AsSpan(0, n);
        var cause = from.Int32(9).AsSpan(0, n);
        var photons = from.Int32(10).AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            ref var r = ref rows[i];
            r.Gate = gate[i];
            r.TimePs = time[i];
            r.Detector = (byte)detector[i];
            r.TimeBin = (short)bin[i];
            r.User = (short)user[i];
            r.BobBasis = (byte)bobBasis[i];
            r.AliceBasis = (sbyte)aliceBasis[i];
            r.AliceBit = (sbyte)aliceBit[i];
            r.Intensity = (sbyte)intensity[i];
            r.TruthCause = (DetectionCause)cause[i];
            r.TruthPhotons = (short)photons[i];
        }
    }
}

/// <summary>
/// Streams <see cref="DetectionRecord"/>s into <c>detections.parquet</c>: a batch of clicks is transposed into the column
/// buffers in one pass per column; full row groups are encoded on encoder threads (<see cref="ColumnarLogWriter"/>).
/// Memory is at most encoder threads + 1 row groups (52 bytes/row of buffers each) whatever the session length.
/// </summary>
public sealed class DetectionLogWriter(string path, IReadOnlyDictionary<string, string> metadata,
    int rowGroupSizeRows = DetectionLogWriter.DefaultRowGroupSizeRows, int? encoderThreads = null)
    : RecordLogWriter<DetectionRecord, DetectionColumns>(path, metadata, rowGroupSizeRows, encoderThreads)
{
    /// <summary>Default rows per row group: ~7 MB on disk, 52 MB of column buffers per set.</summary>
    public const int DefaultRowGroupSizeRows = 1 << 20;
}

/// <summary>Reads <c>detections.parquet</c> back as <see cref="DetectionRecord"/>s, one row group at a time.</summary>
public sealed class DetectionLogReader : RecordLogReader<DetectionRecord, DetectionColumns>
{
    private DetectionLogReader(string path) : base(path) { }

    /// <summary>Opens and validates a detection log (framing, footer, columns); no row data is read yet.</summary>
    public static DetectionLogReader Open(string path) => new(path);
}

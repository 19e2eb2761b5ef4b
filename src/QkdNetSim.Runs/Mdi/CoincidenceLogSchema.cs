using System.Runtime.CompilerServices;
using Parquet.Schema;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// The on-disk contract of <c>coincidences.parquet</c>, the log of two-fold coincidences of the Bell-state-measurement
/// modules (one <see cref="CoincidenceRecord"/> per row): column names, physical types and order, accepted value
/// ranges, which columns are ground truth, and the encoding/compression choices. Writer and reader share this one
/// definition so the two can never disagree.
/// </summary>
/// <remarks>
/// The detection log's choices and for the same reasons: plain required INT64/INT32 columns (every
/// Parquet reader understands them without logical-type annotations; delta-binary-packed encoding stores a 0/1 column
/// in about 2 bits per row whatever its declared width), observable columns first in the record's field order, the
/// <c>truth_*</c> columns last. The manifest and content-hash footer keys are every log's (<see cref="LogMetadata"/>), so tools that read
/// the run manifest from one log read it from the other too.
/// </remarks>
public static class CoincidenceLogSchema
{
    /// <summary>File name of the log inside a run directory.</summary>
    public const string FileName = "coincidences.parquet";

    /// <summary>Footer key-value metadata key of the run manifest (JSON); the same key as every other log.</summary>
    public const string ManifestKey = LogMetadata.ManifestKey;

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
    public static LogSchema Log { get; } = new(FileName,
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
    ]);

    /// <summary>Every column in file order.</summary>
    public static IReadOnlyList<LogColumn> Columns => Log.Columns;

    /// <summary>Full Parquet schema in file order: observable columns, then truth_* columns.</summary>
    public static ParquetSchema Schema => Log.Parquet;

    /// <summary>The column called <paramref name="name"/>, or null if the contract has none.</summary>
    public static LogColumn? Find(string name) => Log.Find(name);

    private static LogColumn Int64(string name, long min, long max) => LogColumn.Int64(name, min, max);

    // A missing truth column (a lab log) reads as "unknown": cause Unknown, photons -1.
    private static LogColumn Int32(string name, int min, int max, bool truth = false) =>
        LogColumn.Int32(name, min, max, truth, missing: !truth ? 0 : name.StartsWith("truth_cause", StringComparison.Ordinal) ? MaxTruthCause : -1);
}

/// <summary>Column map of <c>coincidences.parquet</c>: whole-column fill and drain, and the per-row content hash.</summary>
public readonly struct CoincidenceColumns : IRecordColumnMap<CoincidenceRecord>
{
    public static LogSchema Schema => CoincidenceLogSchema.Log;

    public static ulong HashSeed => 0x13198A2E03707344UL;

    /// <summary>The fields packed losslessly into six 64-bit words and mixed with multiply-xorshift steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong state, in CoincidenceRecord r)
    {
        ulong a = (ulong)r.Slot;
        ulong b = (ulong)r.TimeD0Ps;
        ulong c = (ulong)r.TimeD1Ps;
        ulong d = (ushort)r.Module | (ulong)r.BinD0 << 16 | (ulong)r.BinD1 << 24 | (ulong)r.ExtraClicks << 32
                  | (ulong)(byte)r.IntensityA << 40 | (ulong)(byte)r.IntensityB << 48 | (ulong)(byte)r.BasisA << 56;
        ulong e = (byte)r.BasisB | (ulong)(byte)r.BitA << 8 | (ulong)(byte)r.BitB << 16 | (ulong)r.TruthCauseD0 << 24
                  | (ulong)r.TruthCauseD1 << 32;
        ulong f = (ushort)r.TruthPhotonsD0 | (ulong)(ushort)r.TruthPhotonsD1 << 16;
        ulong h = state;
        h = (h ^ a) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 31) ^ b) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 29) ^ c) * 0x94D049BB133111EBUL;
        h = (h ^ (h >> 32) ^ d) * 0xFF51AFD7ED558CCDUL;
        h = (h ^ (h >> 33) ^ e) * 0xC4CEB9FE1A85EC53UL;
        h = (h ^ (h >> 29) ^ f) * 0x9E3779B97F4A7C15UL;
        return h ^ (h >> 32);
    }

    public static ulong Fill(ReadOnlySpan<CoincidenceRecord> rows, ColumnBuffers to, int at, ulong hashState)
    {
        int n = rows.Length;
        var slot = to.Int64(0).AsSpan(at, n);
        var module = to.Int32(1).AsSpan(at, n);
        var t0 = to.Int64(2).AsSpan(at, n);
        var t1 = to.Int64(3).AsSpan(at, n);
        var bin0 = to.Int32(4).AsSpan(at, n);
        var bin1 = to.Int32(5).AsSpan(at, n);
        var extra = to.Int32(6).AsSpan(at, n);
        var intensityA = to.Int32(7).AsSpan(at, n);
        var intensityB = to.Int32(8).AsSpan(at, n);
        var basisA = to.Int32(9).AsSpan(at, n);
        var basisB = to.Int32(10).AsSpan(at, n);
        var bitA = to.Int32(11).AsSpan(at, n);
        var bitB = to.Int32(12).AsSpan(at, n);
        var cause0 = to.Int32(13).AsSpan(at, n);
        var cause1 = to.Int32(14).AsSpan(at, n);
        var photons0 = to.Int32(15).AsSpan(at, n);
        var photons1 = to.Int32(16).AsSpan(at, n);
        for (int i = 0; i < n; i++)
        {
            ref readonly var r = ref rows[i];
            hashState = Hash(hashState, in r);
            slot[i] = r.Slot;
            module[i] = r.Module;
            t0[i] = r.TimeD0Ps;
            t1[i] = r.TimeD1Ps;
            bin0[i] = r.BinD0;
            bin1[i] = r.BinD1;
            extra[i] = r.ExtraClicks;
            intensityA[i] = r.IntensityA;
            intensityB[i] = r.IntensityB;
            basisA[i] = r.BasisA;
            basisB[i] = r.BasisB;
            bitA[i] = r.BitA;
            bitB[i] = r.BitB;
            cause0[i] = (int)r.TruthCauseD0;
            cause1[i] = (int)r.TruthCauseD1;
            photons0[i] = r.TruthPhotonsD0;
            photons1[i] = r.TruthPhotonsD1;
        }
        return hashState;
    }

    public static void Drain(ColumnBuffers from, Span<CoincidenceRecord> rows)
    {
        int n = rows.Length;
        var slot = from.Int64(0).AsSpan(0, n);
        var module = from.Int32(1).AsSpan(0, n);
        var t0 = from.Int64(2).AsSpan(0, n);
        var t1 = from.Int64(3).AsSpan(0, n);
        var bin0 = from.Int32(4).AsSpan(0, n);
        var bin1 = from.Int32(5).AsSpan(0, n);
        var extra = from.Int32(6).AsSpan(0, n);
        var intensityA = from.Int32(7).AsSpan(0, n);
        var intensityB = from.Int32(8).AsSpan(0, n);
        var basisA = from.Int32(9).AsSpan(0, n);
        var basisB = from.Int32(10).AsSpan(0, n);
        var bitA = from.Int32(11).AsSpan(0, n);
        var bitB = from.Int32(12).AsSpan(0, n);
        var cause0 = from.Int32(13).AsSpan(0, n);
        var cause1 = from.Int32(14).AsSpan(0, n);
        var photons0 = from.Int32(15).AsSpan(0, n);
        var photons1 = from.Int32(16).AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            ref var r = ref rows[i];
            r.Slot = slot[i];
            r.Module = (short)module[i];
            r.TimeD0Ps = t0[i];
            r.TimeD1Ps = t1[i];
            r.BinD0 = (byte)bin0[i];
            r.BinD1 = (byte)bin1[i];
            r.ExtraClicks = (byte)extra[i];
            r.IntensityA = (sbyte)intensityA[i];
            r.IntensityB = (sbyte)intensityB[i];
            r.BasisA = (sbyte)basisA[i];
            r.BasisB = (sbyte)basisB[i];
            r.BitA = (sbyte)bitA[i];
            r.BitB = (sbyte)bitB[i];
            r.TruthCauseD0 = (DetectionCause)cause0[i];
            r.TruthCauseD1 = (DetectionCause)cause1[i];
            r.TruthPhotonsD0 = (short)photons0[i];
            r.TruthPhotonsD1 = (short)photons1[i];
        }
    }
}

/// <summary>
/// Streams <see cref="CoincidenceRecord"/>s into <c>coincidences.parquet</c>. A row outside its column's range (a bin,
/// basis or bit other than 0/1, a negative index) is rejected with an <see cref="ArgumentOutOfRangeException"/>: that is
/// a simulator bug, never written.
/// </summary>
public sealed class CoincidenceLogWriter(string path, IReadOnlyDictionary<string, string> metadata,
    int rowGroupSizeRows = CoincidenceLogWriter.DefaultRowGroupSizeRows, int? encoderThreads = null)
    : RecordLogWriter<CoincidenceRecord, CoincidenceColumns>(path, metadata, rowGroupSizeRows, encoderThreads)
{
    /// <summary>Default rows per row group (80 bytes/row of buffers: 40 MB per set; the writer holds up to encoder threads + 1 sets).</summary>
    public const int DefaultRowGroupSizeRows = 1 << 19;
}

/// <summary>Reads <c>coincidences.parquet</c> back as <see cref="CoincidenceRecord"/>s, one row group at a time.</summary>
public sealed class CoincidenceLogReader : RecordLogReader<CoincidenceRecord, CoincidenceColumns>
{
    private CoincidenceLogReader(string path) : base(path) { }

    /// <summary>Opens and validates a coincidence log (framing, footer, columns); no row data is read yet.</summary>
    public static CoincidenceLogReader Open(string path) => new(path);
}

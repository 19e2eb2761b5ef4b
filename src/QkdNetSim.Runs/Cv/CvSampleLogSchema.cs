using System.Runtime.CompilerServices;
using Parquet.Schema;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// The on-disk contract of <c>cv_samples.parquet</c>, the sample log of a CV-QKD run: one row per (round, user) with
/// Alice's displacement and that Bob's heterodyne outcome, all in shot-noise units (per-homodyne SNU, see
/// Protocols.Cv.CvUserChannel). Plain required INT64/INT32/DOUBLE columns; doubles are PLAIN-encoded then Zstd-compressed
/// (random Gaussian doubles do not delta-pack). Manifest and content-hash footer keys are every log's.
/// The pipeline writes blocks user-major (a block's rounds for user 0, then user 1, ...); readers must not assume an order
/// and use the round/user columns.
/// </summary>
public static class CvSampleLogSchema
{
    public const string FileName = "cv_samples.parquet";
    public const string ManifestKey = LogMetadata.ManifestKey;

    public const string Round = "round";
    public const string User = "user";
    public const string AliceX = "alice_x";
    public const string AliceP = "alice_p";
    public const string BobX = "bob_x";
    public const string BobP = "bob_p";

    public static LogSchema Log { get; } = new(FileName,
    [
        LogColumn.Int64(Round),
        LogColumn.Int32(User, 0, int.MaxValue),
        LogColumn.Double(AliceX),
        LogColumn.Double(AliceP),
        LogColumn.Double(BobX),
        LogColumn.Double(BobP),
    ]);

    /// <summary>All fields in file order.</summary>
    public static IReadOnlyList<DataField> Fields { get; } = Log.Columns.Select(c => c.Field).ToArray();

    public static DataField RoundField => Fields[0];
    public static DataField UserField => Fields[1];

    public static ParquetSchema Schema => Log.Parquet;

    /// <summary>Order-sensitive content hash of one row: multiply-xorshift over the six fields' bits.</summary>
    public const ulong HashSeed = 0x13198A2E03707344UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong s, long round, int user, double aliceX, double aliceP, double bobX, double bobP)
    {
        s = Mix(s ^ (ulong)round);
        s = Mix(s ^ (uint)user);
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(aliceX));
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(aliceP));
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(bobX));
        return Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(bobP));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        x *= 0x9E3779B97F4A7C15UL;
        return x ^ (x >> 29);
    }
}

/// <summary>One row group of a CV sample log, as column spans (valid until the next chunk is read).</summary>
public readonly ref struct CvSampleChunk(ReadOnlySpan<long> round, ReadOnlySpan<int> user, ReadOnlySpan<double> aliceX,
    ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX, ReadOnlySpan<double> bobP)
{
    public ReadOnlySpan<long> Round { get; } = round;
    public ReadOnlySpan<int> User { get; } = user;
    public ReadOnlySpan<double> AliceX { get; } = aliceX;
    public ReadOnlySpan<double> AliceP { get; } = aliceP;
    public ReadOnlySpan<double> BobX { get; } = bobX;
    public ReadOnlySpan<double> BobP { get; } = bobP;
    public int Length => Round.Length;
}

public delegate void CvSampleChunkAction(CvSampleChunk chunk);

/// <summary>
/// Streams CV samples into <c>cv_samples.parquet</c>: the generator's blocks are already columns, so a block is copied
/// into the column buffers whole (<see cref="AppendBlock"/>). Atomic and deterministic like every log
/// (<see cref="ColumnarLogWriter"/>). Not thread-safe.
/// </summary>
public sealed class CvSampleLogWriter : IDisposable
{
    /// <summary>
    /// Default rows per row group: 2^17 (40 bytes/row of buffers: 5 MB per set; the writer holds up to encoder threads + 1
    /// sets). Random doubles barely compress, so a row group costs its encoder about as much as its generation, and the last
    /// one is encoded after the generator has finished: smaller groups shorten that serial tail and the buffers. Measured
    /// (`bench --child --child-kind cv --child-log 1`, seed-000 network, 2 cores) against 2^20: 1e6 rounds 6.0-6.4e6 ->
    /// 7.2-7.8e6 rows/s and peak RSS 366 -> 121-126 MiB; 1e7 rounds 1.27-1.35e7 rows/s either way, peak RSS 604 -> 135-149
    /// MiB (3e7 rounds: 142 MiB); 30.64 -> 30.65 bytes per row.
    /// </summary>
    public const int DefaultRowGroupSizeRows = 1 << 17;

    private readonly ColumnarLogWriter _log;
    private ulong _hash = CvSampleLogSchema.HashSeed;
    private long _hashedRows;

    /// <param name="encoderThreads">See <see cref="ColumnarLogWriter"/> (null: the default; 0: encode on the caller's thread).</param>
    public CvSampleLogWriter(string path, IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows = DefaultRowGroupSizeRows,
        int? encoderThreads = null) =>
        _log = new ColumnarLogWriter(path, CvSampleLogSchema.Log, metadata, rowGroupSizeRows, encoderThreads);

    public string Path => _log.Path;

    /// <inheritdoc cref="ColumnarLogWriter.EncoderThreads"/>
    public int EncoderThreads => _log.EncoderThreads;

    public long RowsAppended => _log.RowsAppended;

    /// <summary>Sets (or replaces) a footer metadata entry before <see cref="Complete"/>.</summary>
    public void SetMetadata(string key, string value) => _log.SetMetadata(key, value);

    /// <summary>Appends one row.</summary>
    public void Append(long round, int user, double aliceX, double aliceP, double bobX, double bobP) =>
        AppendBlock(round, user, [aliceX], [aliceP], [bobX], [bobP]);

    /// <summary>Appends one user's rows of a generated block: rounds firstRound .. firstRound + n - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a few calls per run, each a long loop: optimized at once, not tier 0 then OSR
    public void AppendBlock(long firstRound, int user, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP,
        ReadOnlySpan<double> bobX, ReadOnlySpan<double> bobP)
    {
        int total = aliceX.Length;
        if (aliceP.Length != total || bobX.Length != total || bobP.Length != total)
            throw new ArgumentException("the four quadrature spans must have the same length");
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        for (int done = 0; done < total;)
        {
            var b = _log.Reserve(out int at, out int free);
            int n = Math.Min(free, total - done);
            var round = b.Int64(0).AsSpan(at, n);
            for (int i = 0; i < n; i++) round[i] = firstRound + done + i;
            b.Int32(1).AsSpan(at, n).Fill(user);
            aliceX.Slice(done, n).CopyTo(b.Double(2).AsSpan(at, n));
            aliceP.Slice(done, n).CopyTo(b.Double(3).AsSpan(at, n));
            bobX.Slice(done, n).CopyTo(b.Double(4).AsSpan(at, n));
            bobP.Slice(done, n).CopyTo(b.Double(5).AsSpan(at, n));
            ulong h = _hash;
            for (int i = done; i < done + n; i++) h = CvSampleLogSchema.Hash(h, firstRound + i, user, aliceX[i], aliceP[i], bobX[i], bobP[i]);
            _log.Advance(n);
            _hash = h;
            _hashedRows += n;
            done += n;
        }
    }

    /// <summary>Flushes, writes the footer with the content hash and moves the file to its final name.</summary>
    public void Complete()
    {
        _log.CompleteWithContentHash(_hashedRows, _hash);
    }

    public void Dispose() => _log.Dispose();
}

/// <summary>Reads <c>cv_samples.parquet</c> back one row group at a time as column spans, then verifies the content hash.</summary>
public sealed class CvSampleLogReader : IDisposable
{
    private readonly ColumnarLogReader _log;

    private CvSampleLogReader(string path) => _log = ColumnarLogReader.Open(path, CvSampleLogSchema.Log);

    public static CvSampleLogReader Open(string path) => new(path);

    public string Path => _log.Path;
    public IReadOnlyDictionary<string, string> Metadata => _log.Metadata;
    public string? Manifest => _log.Manifest;
    public long RowCount => _log.RowCount;
    public int RowGroupCount => _log.RowGroupCount;

    /// <summary>Calls <paramref name="action"/> with every non-empty row group, in file order.</summary>
    public void ReadAll(CvSampleChunkAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ulong hash = CvSampleLogSchema.HashSeed;
        long rowsRead = 0;
        for (int group = 0; group < RowGroupCount; group++)
        {
            var b = _log.ReadRowGroup(group, out int rows);
            var chunk = new CvSampleChunk(b.Int64(0).AsSpan(0, rows), b.Int32(1).AsSpan(0, rows), b.Double(2).AsSpan(0, rows),
                b.Double(3).AsSpan(0, rows), b.Double(4).AsSpan(0, rows), b.Double(5).AsSpan(0, rows));
            for (int i = 0; i < rows; i++)
                hash = CvSampleLogSchema.Hash(hash, chunk.Round[i], chunk.User[i], chunk.AliceX[i], chunk.AliceP[i], chunk.BobX[i], chunk.BobP[i]);
            rowsRead += rows;
            if (rows > 0) action(chunk);
        }
        _log.VerifyContentHash(LogMetadata.FormatContentHash(rowsRead, hash));
    }

    public void Dispose() => _log.Dispose();
}

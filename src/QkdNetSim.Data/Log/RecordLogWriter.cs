using System.Runtime.CompilerServices;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Streams rows of one struct type into a log through its column map: a batch of rows is transposed into the column
/// buffers in one pass per column (<see cref="IRecordColumnMap{TRow}.Fill"/>) and hashed; every
/// <see cref="RowGroupSizeRows"/> rows become one row group. See <see cref="ColumnarLogWriter"/> for atomicity and
/// determinism.
/// </summary>
public class RecordLogWriter<TRow, TMap> : IDisposable
    where TRow : struct
    where TMap : struct, IRecordColumnMap<TRow>
{
    private readonly ColumnarLogWriter _log;
    private ulong _hash = TMap.HashSeed;
    private long _hashedRows;

    /// <param name="encoderThreads">See <see cref="ColumnarLogWriter"/> (null: the default; 0: encode on the caller's thread).</param>
    public RecordLogWriter(string path, IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows, int? encoderThreads = null) =>
        _log = new ColumnarLogWriter(path, TMap.Schema, metadata, rowGroupSizeRows, encoderThreads);

    public string Path => _log.Path;

    public int RowGroupSizeRows => _log.RowGroupSizeRows;

    /// <inheritdoc cref="ColumnarLogWriter.EncoderThreads"/>
    public int EncoderThreads => _log.EncoderThreads;

    public long RowsAppended => _log.RowsAppended;

    public int RowGroupsWritten => _log.RowGroupsWritten;

    /// <summary>Appends a batch: one fill per column chunk, no call per row or cell.</summary>
    public void AppendRange(ReadOnlySpan<TRow> rows)
    {
        while (rows.Length > 0)
        {
            var buffers = _log.Reserve(out int at, out int free);
            var chunk = rows[..Math.Min(free, rows.Length)];
            ulong h = TMap.Fill(chunk, buffers, at, _hash);
            _log.Advance(chunk.Length); // range check: a rejected chunk is neither kept nor hashed
            _hash = h;
            _hashedRows += chunk.Length;
            rows = rows[chunk.Length..];
        }
    }

    /// <summary>Appends one row (tests and small tools; simulators append batches).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(in TRow row) => AppendRange(new ReadOnlySpan<TRow>(in row));

    /// <inheritdoc cref="ColumnarLogWriter.SetMetadata"/>
    public void SetMetadata(string key, string value) => _log.SetMetadata(key, value);

    /// <summary>Stores the content hash (rows and manifest) in the footer, writes the last row group and the footer, publishes the file.</summary>
    public void Complete()
    {
        _log.CompleteWithContentHash(_hashedRows, _hash);
    }

    public void Dispose()
    {
        _log.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The order-sensitive content hash of rows of one kind (<see cref="IRecordColumnMap{TRow}.Hash"/>), as the writer stores it
/// in the footer (<see cref="LogMetadata.ContentHashKey"/>): for tools and tests that write or check one.
/// </summary>
public struct LogContentHash<TRow, TMap>
    where TRow : struct
    where TMap : struct, IRecordColumnMap<TRow>
{
    private ulong _state;
    private bool _started;

    public static LogContentHash<TRow, TMap> Create() => new() { _state = TMap.HashSeed, _started = true };

    public long Rows { get; private set; }

    public void Add(in TRow row)
    {
        if (!_started) this = Create();
        _state = TMap.Hash(_state, in row);
        Rows++;
    }

    public readonly string ToMetadataValue() => LogMetadata.FormatContentHash(Rows, _started ? _state : TMap.HashSeed);
}

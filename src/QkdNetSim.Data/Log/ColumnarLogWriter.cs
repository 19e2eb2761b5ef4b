using System.Runtime.CompilerServices;
using Parquet;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Streams rows of any <see cref="LogSchema"/> into a Parquet log, one row group at a time, through whole-column
/// buffers that the caller fills (<see cref="Reserve"/>, then <see cref="Advance"/>): no call per cell, no allocation
/// per row. Memory is one row group of buffers whatever the session length.
/// </summary>
/// <remarks>
/// <para>Output is all-or-nothing (<see cref="AtomicFile"/>): the final name appears only when <see cref="Complete"/>
/// has written the footer; <see cref="Dispose"/> without Complete deletes the temporary file. Output is
/// byte-deterministic: the same rows and metadata give the same bytes (no timestamps in Parquet.Net footers; metadata
/// keys are written in ordinal order).</para>
/// <para>The content hash (<see cref="LogMetadata.ContentHashKey"/>) is the caller's: it knows the row layout.</para>
/// <para>Not thread-safe: one writer belongs to one simulation thread.</para>
/// </remarks>
public sealed class ColumnarLogWriter : IDisposable
{
    private enum State { Open, Completed, Failed, Disposed }

    private readonly AtomicFileWriter _file;
    private readonly ParquetWriter _parquet;
    private readonly ColumnBuffers _buffers;
    private int _bufferedRows;
    private long _flushedRows;
    private State _state;

    /// <param name="path">Final file name; its directory must exist.</param>
    /// <param name="schema">The log contract.</param>
    /// <param name="metadata">Footer key-value metadata (copied; written in ordinal key order).</param>
    /// <param name="rowGroupSizeRows">Rows per row group, which is also the buffered row count.</param>
    public ColumnarLogWriter(string path, LogSchema schema, IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSizeRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowGroupSizeRows, Array.MaxLength / sizeof(long));
        foreach (var (key, value) in metadata)
            if (value is null) throw new ArgumentException($"metadata value of '{key}' is null", nameof(metadata));

        Path = path;
        Schema = schema;
        RowGroupSizeRows = rowGroupSizeRows;
        _buffers = new ColumnBuffers(schema, rowGroupSizeRows);
        _file = AtomicFile.Create(path);
        try
        {
            _parquet = SyncOverAsync.Run(() => ParquetWriter.CreateAsync(schema.Parquet, _file.Stream, schema.CreateWriterOptions()));
            _parquet.CustomMetadata = Sorted(metadata);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Final path of the log.</summary>
    public string Path { get; }

    public LogSchema Schema { get; }

    /// <summary>Rows per row group (and capacity of the column buffers).</summary>
    public int RowGroupSizeRows { get; }

    /// <summary>Rows appended so far, buffered or already encoded.</summary>
    public long RowsAppended => _flushedRows + _bufferedRows;

    /// <summary>Row groups encoded so far.</summary>
    public int RowGroupsWritten { get; private set; }

    /// <summary>
    /// The column buffers and the first free row: the caller writes up to <paramref name="free"/> rows from
    /// <paramref name="firstRow"/> on in every column, then calls <see cref="Advance"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ColumnBuffers Reserve(out int firstRow, out int free)
    {
        if (_state != State.Open) ThrowNotOpen();
        firstRow = _bufferedRows;
        free = RowGroupSizeRows - _bufferedRows;
        return _buffers;
    }

    /// <summary>
    /// Accepts <paramref name="rows"/> rows written after <see cref="Reserve"/>; encodes a row group when the buffers are
    /// full. Integer columns with a range are checked first: a value outside it rejects all these rows (nothing is
    /// accepted) with an <see cref="ArgumentOutOfRangeException"/> naming the row and column, and the writer stays open.
    /// </summary>
    public void Advance(int rows)
    {
        if (_state != State.Open) ThrowNotOpen();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, RowGroupSizeRows - _bufferedRows);
        var (column, row) = _buffers.FindOutOfRange(_bufferedRows, rows);
        if (column >= 0) ThrowOutOfRange(column, row);
        _bufferedRows += rows;
        if (_bufferedRows == RowGroupSizeRows) FlushRowGroup();
    }

    /// <summary>
    /// Sets (or replaces) a footer metadata entry before <see cref="Complete"/>: the footer is written last, so values
    /// known only at the end of a run (emitted pulse counts) can still go into it.
    /// </summary>
    public void SetMetadata(string key, string value)
    {
        if (_state != State.Open) ThrowNotOpen();
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var merged = new Dictionary<string, string>(_parquet.CustomMetadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [key] = value,
        };
        _parquet.CustomMetadata = Sorted(merged);
    }

    /// <summary>
    /// Stores the content hash of the rows (<paramref name="rows"/>, <paramref name="rowsHash"/>: the caller's, who knows the
    /// row layout) and, when the footer holds a manifest, the manifest's digest, then <see cref="Complete"/>s.
    /// </summary>
    public void CompleteWithContentHash(long rows, ulong rowsHash)
    {
        string value = LogMetadata.FormatContentHash(rows, rowsHash);
        if (_parquet.CustomMetadata is { } meta && meta.TryGetValue(LogMetadata.ManifestKey, out string? manifest))
            value += LogMetadata.ManifestDigestPart + LogMetadata.ManifestDigest(manifest);
        SetMetadata(LogMetadata.ContentHashKey, value);
        Complete();
    }

    /// <summary>
    /// Writes the buffered rows and the footer, then atomically moves the file to <see cref="Path"/>. After this the
    /// writer accepts no more rows. A log with zero rows is a valid file with no row groups.
    /// </summary>
    public void Complete()
    {
        if (_state != State.Open) ThrowNotOpen();
        try
        {
            if (_bufferedRows > 0) FlushRowGroup();
            // Parquet.Net writes the footer (schema, row-group index, key-value metadata) on dispose.
            SyncOverAsync.Run(() => _parquet.DisposeAsync().AsTask());
            _file.Commit();
            _state = State.Completed;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
        finally
        {
            _buffers.Release();
        }
    }

    /// <summary>Without a prior <see cref="Complete"/>: discards the output (the temporary file is deleted).</summary>
    public void Dispose()
    {
        if (_state == State.Disposed) return;
        if (_state != State.Completed)
        {
            try
            {
                // Releases Parquet.Net's pooled buffers. It also writes a footer into the temporary file, which is
                // deleted right after, so a failure here (e.g. disk full) is irrelevant.
                SyncOverAsync.Run(() => _parquet.DisposeAsync().AsTask());
            }
            catch (Exception)
            {
                // Discarding anyway.
            }
            _file.Dispose();
        }
        _buffers.Release();
        _state = State.Disposed;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FlushRowGroup()
    {
        try
        {
            SyncOverAsync.Run(WriteRowGroupAsync);
        }
        catch
        {
            // The Parquet stream is now in an unknown state: refuse further rows; Dispose discards the file.
            _state = State.Failed;
            throw;
        }
        _flushedRows += _bufferedRows;
        RowGroupsWritten++;
        _bufferedRows = 0;
    }

    private async Task WriteRowGroupAsync()
    {
        int n = _bufferedRows;
        using var rowGroup = _parquet.CreateRowGroup();
        // Columns must be written in schema order.
        for (int c = 0; c < Schema.Columns.Count; c++)
        {
            var column = Schema.Columns[c];
            switch (column.Type)
            {
                case LogColumnType.Int64:
                    await rowGroup.WriteAsync<long>(column.Field, _buffers.Int64(c).AsMemory(0, n)).ConfigureAwait(false);
                    break;
                case LogColumnType.Int32:
                    await rowGroup.WriteAsync<int>(column.Field, _buffers.Int32(c).AsMemory(0, n)).ConfigureAwait(false);
                    break;
                default:
                    await rowGroup.WriteAsync<double>(column.Field, _buffers.Double(c).AsMemory(0, n)).ConfigureAwait(false);
                    break;
            }
        }
        rowGroup.CompleteValidate();
    }

    private static Dictionary<string, string> Sorted(IReadOnlyDictionary<string, string> metadata)
    {
        // Ordinal key order, so equal metadata always serializes to equal bytes whatever the insertion order.
        var sorted = new Dictionary<string, string>(metadata.Count, StringComparer.Ordinal);
        foreach (var key in metadata.Keys.Order(StringComparer.Ordinal)) sorted.Add(key, metadata[key]);
        return sorted;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOutOfRange(int column, int row)
    {
        var c = Schema.Columns[column];
        throw new ArgumentOutOfRangeException("rows",
            $"{Path}: row {_flushedRows + row}: {c.Name} = {_buffers.ValueAt(column, row)} outside [{c.Min}, {c.Max}]");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotOpen() => throw new InvalidOperationException(_state switch
    {
        State.Completed => $"{Path}: {Schema.FileName} log already completed",
        State.Failed => $"{Path}: {Schema.FileName} log failed earlier; dispose it",
        _ => $"{Path}: {Schema.FileName} log disposed",
    });
}

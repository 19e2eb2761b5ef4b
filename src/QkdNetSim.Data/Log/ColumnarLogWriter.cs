using System.Runtime.CompilerServices;
using Parquet;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Streams rows of any <see cref="LogSchema"/> into a Parquet log, one row group at a time, through whole-column
/// buffers that the caller fills (<see cref="Reserve"/>, then <see cref="Advance"/>): no call per cell, no allocation
/// per row. A full row group is handed to encoder threads (<see cref="EncoderThreads"/>), which encode and compress it
/// while the caller fills the next one; with 0 encoder threads the caller's thread encodes it in place. Memory is
/// <see cref="EncoderThreads"/> + 1 row groups of buffers at most whatever the session length.
/// </summary>
/// <remarks>
/// <para>Output is all-or-nothing (<see cref="AtomicFile"/>): the final name appears only when <see cref="Complete"/>
/// has written every row group and the footer; <see cref="Dispose"/> without Complete deletes the temporary file. Output
/// is byte-deterministic: the same rows and metadata give the same bytes, whatever the encoder thread count (row groups
/// are written in order, <see cref="RowGroupPipeline"/>; no timestamps in Parquet.Net footers; metadata keys are written
/// in ordinal order).</para>
/// <para>An encoder thread's failure (e.g. a full disk) is rethrown by the next <see cref="Advance"/> that closes a row
/// group, or by <see cref="Complete"/>; the writer then accepts no more rows and Dispose discards the file.</para>
/// <para>The content hash (<see cref="LogMetadata.ContentHashKey"/>) is the caller's: it knows the row layout.</para>
/// <para>Not thread-safe: one writer belongs to one simulation thread.</para>
/// </remarks>
public sealed class ColumnarLogWriter : IDisposable
{
    private enum State { Open, Completed, Failed, Disposed }

    /// <summary>
    /// Encoder threads of a writer created without a count: one per core, at most 3 (each holds a row group of buffers;
    /// two already encode faster than the access network's simulation thread fills); none on a single core, where
    /// nothing could overlap.
    /// </summary>
    public static int DefaultEncoderThreads { get; } = Environment.ProcessorCount > 1 ? Math.Min(Environment.ProcessorCount, 3) : 0;

    private readonly AtomicFileWriter _file;
    private readonly Dictionary<string, string> _metadata;
    // Synchronous mode (0 encoder threads): Parquet.Net writes straight into the file.
    private readonly ParquetWriter? _parquet;
    // Pipelined mode: the row group being filled is _slot's.
    private RowGroupPipeline? _pipeline;
    private RowGroupPipeline.Slot? _slot;
    private ColumnBuffers _buffers;
    private int _bufferedRows;
    private int _buffersCreated = 1;
    private long _flushedRows;
    private State _state;

    /// <param name="path">Final file name; its directory must exist.</param>
    /// <param name="schema">The log contract.</param>
    /// <param name="metadata">Footer key-value metadata (copied; written in ordinal key order).</param>
    /// <param name="rowGroupSizeRows">Rows per row group, which is also the buffered row count.</param>
    /// <param name="encoderThreads">
    /// Threads encoding full row groups while the caller fills the next (null: <see cref="DefaultEncoderThreads"/>);
    /// 0 encodes on the caller's thread. The bytes written do not depend on it.
    /// </param>
    public ColumnarLogWriter(string path, LogSchema schema, IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows,
        int? encoderThreads = null)
        : this(path, schema, metadata, rowGroupSizeRows, encoderThreads, beforeEncode: null)
    {
    }

    /// <param name="beforeEncode">Called on an encoder thread before it encodes row group n (tests inject failures).</param>
    internal ColumnarLogWriter(string path, LogSchema schema, IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows,
        int? encoderThreads, Action<long>? beforeEncode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSizeRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowGroupSizeRows, Array.MaxLength / sizeof(long));
        if (encoderThreads is int n) ArgumentOutOfRangeException.ThrowIfNegative(n, nameof(encoderThreads));
        foreach (var (key, value) in metadata)
            if (value is null) throw new ArgumentException($"metadata value of '{key}' is null", nameof(metadata));

        Path = path;
        Schema = schema;
        RowGroupSizeRows = rowGroupSizeRows;
        EncoderThreads = encoderThreads ?? DefaultEncoderThreads;
        _metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        _file = AtomicFile.Create(path);
        try
        {
            if (EncoderThreads == 0)
            {
                _buffers = new ColumnBuffers(schema, rowGroupSizeRows);
                _parquet = SyncOverAsync.Run(() => ParquetWriter.CreateAsync(schema.Parquet, _file.Stream, schema.CreateWriterOptions()));
            }
            else
            {
                _pipeline = new RowGroupPipeline(schema, rowGroupSizeRows, _file.Stream, EncoderThreads, beforeEncode);
                _slot = _pipeline.Rent();
                _buffers = _slot.Buffers;
            }
        }
        catch
        {
            _pipeline?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Final path of the log.</summary>
    public string Path { get; }

    public LogSchema Schema { get; }

    /// <summary>Rows per row group (and capacity of the column buffers).</summary>
    public int RowGroupSizeRows { get; }

    /// <summary>Threads encoding row groups beside the caller's; 0: the caller's thread encodes them.</summary>
    public int EncoderThreads { get; }

    /// <summary>Rows appended so far, buffered or already handed to encoding.</summary>
    public long RowsAppended => _flushedRows + _bufferedRows;

    /// <summary>Row groups closed so far: encoded, or queued for the encoder threads (written in this order).</summary>
    public int RowGroupsWritten { get; private set; }

    /// <summary>Sets of row-group buffers created so far (pipelined mode; bounded by the encoder threads + 1).</summary>
    internal int BuffersCreated => _pipeline?.BuffersCreated ?? _buffersCreated;

    /// <summary>Upper bound of <see cref="BuffersCreated"/>.</summary>
    internal int MaxBuffers => EncoderThreads + 1;

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
    /// Accepts <paramref name="rows"/> rows written after <see cref="Reserve"/>; when the buffers are full, closes the row
    /// group (queues it for the encoder threads, waiting while every set of buffers is in flight, or encodes it now). Integer columns with a range are checked first: a value outside it rejects all these rows (nothing is
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
        if (_bufferedRows == RowGroupSizeRows) FlushRowGroup(continuing: true);
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
        _metadata[key] = value;
    }

    /// <summary>
    /// Stores the content hash of the rows (<paramref name="rows"/>, <paramref name="rowsHash"/>: the caller's, who knows the
    /// row layout) and, when the footer holds a manifest, the manifest's digest, then <see cref="Complete"/>s.
    /// </summary>
    public void CompleteWithContentHash(long rows, ulong rowsHash)
    {
        string value = LogMetadata.FormatContentHash(rows, rowsHash);
        if (_metadata.TryGetValue(LogMetadata.ManifestKey, out string? manifest))
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
            if (_bufferedRows > 0) FlushRowGroup(continuing: false);
            if (_pipeline is { } pipeline)
            {
                pipeline.Finish();
                ParquetFileSplice.WriteFooter(EmptyFile(), pipeline.RowsWritten, checked((int)pipeline.RowGroupsWritten), pipeline.Entries,
                    _file.Stream);
            }
            else
            {
                // Parquet.Net writes the footer (schema, row-group index, key-value metadata) on dispose.
                _parquet!.CustomMetadata = Sorted(_metadata);
                SyncOverAsync.Run(() => _parquet.DisposeAsync().AsTask());
            }
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
            ReleaseBuffers();
        }
    }

    /// <summary>Without a prior <see cref="Complete"/>: discards the output (the temporary file is deleted).</summary>
    public void Dispose()
    {
        if (_state == State.Disposed) return;
        // Stops the encoder threads first (a queued row group is not encoded): nothing writes to the file after this.
        ReleaseBuffers();
        if (_state != State.Completed)
        {
            if (_parquet is not null)
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
            }
            _file.Dispose();
        }
        _state = State.Disposed;
    }

    /// <summary>
    /// Closes the row group being filled: the pipeline queues it (and, when <paramref name="continuing"/>, hands over the
    /// next buffers, waiting while every set is in flight); without encoder threads it is encoded now.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FlushRowGroup(bool continuing)
    {
        try
        {
            if (_pipeline is { } pipeline)
            {
                _slot!.Rows = _bufferedRows;
                pipeline.Submit(_slot);
                _slot = null;
                if (continuing)
                {
                    _slot = pipeline.Rent();
                    _buffers = _slot.Buffers;
                }
            }
            else
            {
                SyncOverAsync.Run(async () =>
                {
                    using var rowGroup = _parquet!.CreateRowGroup();
                    await WriteColumnsAsync(rowGroup, Schema, _buffers, _bufferedRows).ConfigureAwait(false);
                });
            }
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

    /// <summary>Writes rows [0, <paramref name="rows"/>) of every column of <paramref name="buffers"/> into a row group.</summary>
    internal static async Task WriteColumnsAsync(ParquetRowGroupWriter rowGroup, LogSchema schema, ColumnBuffers buffers, int rows)
    {
        // Columns must be written in schema order.
        for (int c = 0; c < schema.Columns.Count; c++)
        {
            var column = schema.Columns[c];
            switch (column.Type)
            {
                case LogColumnType.Int64:
                    await rowGroup.WriteAsync<long>(column.Field, buffers.Int64(c).AsMemory(0, rows)).ConfigureAwait(false);
                    break;
                case LogColumnType.Int32:
                    await rowGroup.WriteAsync<int>(column.Field, buffers.Int32(c).AsMemory(0, rows)).ConfigureAwait(false);
                    break;
                default:
                    await rowGroup.WriteAsync<double>(column.Field, buffers.Double(c).AsMemory(0, rows)).ConfigureAwait(false);
                    break;
            }
        }
        rowGroup.CompleteValidate();
    }

    /// <summary>
    /// The file Parquet.Net writes for this log's schema, options and metadata with no row group: the template of the
    /// pipelined writer's footer (<see cref="ParquetFileSplice.WriteFooter"/>).
    /// </summary>
    private byte[] EmptyFile()
    {
        using var file = new MemoryStream();
        SyncOverAsync.Run(async () =>
        {
            var writer = await ParquetWriter.CreateAsync(Schema.Parquet, file, Schema.CreateWriterOptions()).ConfigureAwait(false);
            writer.CustomMetadata = Sorted(_metadata);
            await writer.DisposeAsync().ConfigureAwait(false);
        });
        return file.ToArray();
    }

    /// <summary>
    /// A finished writer keeps no large buffers. The pipeline's encoder threads are stopped (or have stopped) first:
    /// nothing writes to the file after this.
    /// </summary>
    private void ReleaseBuffers()
    {
        if (_pipeline is { } pipeline)
        {
            pipeline.Dispose();
            _buffersCreated = pipeline.BuffersCreated;
            _pipeline = null;
            _slot = null;
            _buffers = new ColumnBuffers(Schema, 0);
        }
        else _buffers.Release();
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

using System.Runtime.CompilerServices;
using Parquet;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Files;
using static QkdNetSim.Data.Log.DetectionLogSchema;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Streams <see cref="DetectionRecord"/>s into <c>detections.parquet</c> (schema: <see cref="DetectionLogSchema"/>).
/// </summary>
/// <remarks>
/// <para>Hot path: the simulator calls <see cref="Append"/> once per detector click, up to millions of times per
/// second, so Append only stores the record's fields into preallocated column arrays (no allocation, no
/// virtual call). When the arrays hold <c>rowGroupSizeRows</c> rows they are encoded as one Parquet row
/// group and reused, so memory is one row group (52 bytes/row of buffers) whatever the session length.</para>
/// <para>Output is all-or-nothing (<see cref="AtomicFile"/>): the final name appears only when
/// <see cref="Complete"/> has written the footer; <see cref="Dispose"/> without Complete deletes the
/// temporary file. Output is byte-deterministic: the same records and metadata give the same bytes
/// (no timestamps in Parquet.Net footers; metadata keys are written in ordinal order).</para>
/// <para>Not thread-safe: one writer belongs to one simulation thread.</para>
/// </remarks>
public sealed class DetectionLogWriter : IDisposable
{
    /// <summary>Default rows per row group: ~7 MB on disk, 52 MB of column buffers.</summary>
    public const int DefaultRowGroupSizeRows = 1 << 20;

    private enum State { Open, Completed, Failed, Disposed }

    private readonly AtomicFileWriter _file;
    private readonly ParquetWriter _parquet;
    private readonly int _capacityRows;

    // One primitive array per column (structure of arrays): exactly what Parquet.Net encodes, no transposition.
    private long[] _gate;
    private long[] _timePs;
    private int[] _detector;
    private int[] _timeBin;
    private int[] _user;
    private int[] _bobBasis;
    private int[] _aliceBasis;
    private int[] _aliceBit;
    private int[] _intensity;
    private int[] _truthCause;
    private int[] _truthPhotons;

    private int _bufferedRows;
    private long _flushedRows;
    private DetectionContentHash _contentHash = DetectionContentHash.Create();
    private int _rowGroupsWritten;
    private State _state;

    /// <summary>
    /// Opens <paramref name="path"/> for writing (under a temporary name until <see cref="Complete"/>).
    /// </summary>
    /// <param name="path">Final file name, e.g. <c>runs/x/detections.parquet</c>. Its directory must exist.</param>
    /// <param name="metadata">Footer key-value metadata, e.g. the JSON run manifest under
    /// <see cref="DetectionLogSchema.ManifestKey"/>. Copied; written in ordinal key order.</param>
    /// <param name="rowGroupSizeRows">Rows per row group, which is also the buffered row count.</param>
    public DetectionLogWriter(string path, IReadOnlyDictionary<string, string> metadata,
        int rowGroupSizeRows = DefaultRowGroupSizeRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSizeRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowGroupSizeRows, Array.MaxLength / sizeof(long));
        foreach (var (key, value) in metadata)
            if (value is null) throw new ArgumentException($"metadata value of '{key}' is null", nameof(metadata));

        Path = path;
        _capacityRows = rowGroupSizeRows;
        _gate = new long[rowGroupSizeRows];
        _timePs = new long[rowGroupSizeRows];
        _detector = new int[rowGroupSizeRows];
        _timeBin = new int[rowGroupSizeRows];
        _user = new int[rowGroupSizeRows];
        _bobBasis = new int[rowGroupSizeRows];
        _aliceBasis = new int[rowGroupSizeRows];
        _aliceBit = new int[rowGroupSizeRows];
        _intensity = new int[rowGroupSizeRows];
        _truthCause = new int[rowGroupSizeRows];
        _truthPhotons = new int[rowGroupSizeRows];

        _file = AtomicFile.Create(path);
        try
        {
            _parquet = SyncOverAsync.Run(() => ParquetWriter.CreateAsync(Schema, _file.Stream, CreateWriterOptions()));
            // Ordinal key order, so equal metadata always serializes to equal bytes whatever the insertion order.
            var sorted = new Dictionary<string, string>(metadata.Count, StringComparer.Ordinal);
            foreach (var key in metadata.Keys.Order(StringComparer.Ordinal)) sorted.Add(key, metadata[key]);
            _parquet.CustomMetadata = sorted;
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sets (or replaces) a footer metadata entry before <see cref="Complete"/>: the footer is written last, so values
    /// known only at the end of a run (emitted pulse counts) can still go into it. Keys stay in ordinal order.
    /// </summary>
    public void SetMetadata(string key, string value)
    {
        if (_state != State.Open) ThrowNotOpen();
        ArgumentNullException.ThrowIfNull(value);
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (_parquet.CustomMetadata != null)
            foreach (var (k, v) in _parquet.CustomMetadata) merged[k] = v;
        merged[key] = value;
        var sorted = new Dictionary<string, string>(merged.Count, StringComparer.Ordinal);
        foreach (var (k, v) in merged) sorted.Add(k, v);
        _parquet.CustomMetadata = sorted;
    }

    /// <summary>Final path of the log.</summary>
    public string Path { get; }

    /// <summary>Rows per row group (and capacity of the column buffers).</summary>
    public int RowGroupSizeRows => _capacityRows;

    /// <summary>Rows appended so far, buffered or already encoded.</summary>
    public long RowsAppended => _flushedRows + _bufferedRows;

    /// <summary>Row groups encoded so far.</summary>
    public int RowGroupsWritten => _rowGroupsWritten;

    /// <summary>
    /// Buffers one row. Costs a few array stores; every <see cref="RowGroupSizeRows"/>-th call also encodes
    /// and writes a row group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(in DetectionRecord record)
    {
        if (_state != State.Open) ThrowNotOpen();
        int i = _bufferedRows;
        _gate[i] = record.Gate;
        _timePs[i] = record.TimePs;
        _detector[i] = record.Detector;
        _timeBin[i] = record.TimeBin;
        _user[i] = record.User;
        _bobBasis[i] = record.BobBasis;
        _aliceBasis[i] = record.AliceBasis;
        _aliceBit[i] = record.AliceBit;
        _intensity[i] = record.Intensity;
        _truthCause[i] = (int)record.TruthCause;
        _truthPhotons[i] = record.TruthPhotons;
        _contentHash.Add(in record);
        _bufferedRows = ++i;
        if (i == _capacityRows) FlushRowGroup();
    }

    /// <summary>
    /// Writes the buffered rows and the footer, then atomically moves the file to <see cref="Path"/>.
    /// After this the writer accepts no more rows. A log with zero rows is a valid file with no row groups.
    /// </summary>
    public void Complete()
    {
        if (_state != State.Open) ThrowNotOpen();
        try
        {
            if (_bufferedRows > 0) FlushRowGroup();
            SetMetadata(DetectionContentHash.MetadataKey, _contentHash.ToMetadataValue());
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
            ReleaseBuffers();
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
                // Releases Parquet.Net's pooled buffers. It also writes a footer into the temporary file,
                // which is deleted right after, so a failure here (e.g. disk full) is irrelevant.
                SyncOverAsync.Run(() => _parquet.DisposeAsync().AsTask());
            }
            catch (Exception)
            {
                // Discarding anyway.
            }
            _file.Dispose();
        }
        ReleaseBuffers();
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
        _rowGroupsWritten++;
        _bufferedRows = 0;
    }

    private async Task WriteRowGroupAsync()
    {
        int n = _bufferedRows;
        using var rowGroup = _parquet.CreateRowGroup();
        // Columns must be written in schema order.
        await rowGroup.WriteAsync<long>(GateField, _gate.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<long>(TimePsField, _timePs.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(DetectorField, _detector.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(TimeBinField, _timeBin.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(UserField, _user.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(BobBasisField, _bobBasis.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(AliceBasisField, _aliceBasis.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(AliceBitField, _aliceBit.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(IntensityField, _intensity.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(TruthCauseField, _truthCause.AsMemory(0, n)).ConfigureAwait(false);
        await rowGroup.WriteAsync<int>(TruthPhotonsField, _truthPhotons.AsMemory(0, n)).ConfigureAwait(false);
        rowGroup.CompleteValidate();
    }

    private void ReleaseBuffers()
    {
        // The buffers are large (52 bytes/row); drop them as soon as the writer is finished.
        _gate = _timePs = [];
        _detector = _timeBin = _user = _bobBasis = _aliceBasis = _aliceBit = _intensity = _truthCause = _truthPhotons = [];
        _bufferedRows = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotOpen() => throw new InvalidOperationException(_state switch
    {
        State.Completed => $"{Path}: detection log already completed",
        State.Failed => $"{Path}: detection log failed earlier; dispose it",
        _ => $"{Path}: detection log disposed",
    });
}

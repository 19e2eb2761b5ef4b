using System.Runtime.CompilerServices;
using Parquet;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Files;
using static QkdNetSim.Data.Log.CoincidenceLogSchema;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Streams <see cref="CoincidenceRecord"/>s into <c>coincidences.parquet</c> (schema: <see cref="CoincidenceLogSchema"/>).
/// Built exactly like <see cref="DetectionLogWriter"/>, so both logs of a run behave the same way.
/// </summary>
/// <remarks>
/// <para>Hot path: the relay simulation calls <see cref="Append"/> once per coincidence, so Append only range-checks
/// the record (a handful of branch-free compares) and stores its fields into preallocated column arrays (no allocation,
/// no virtual call). When the arrays hold <c>rowGroupSizeRows</c> rows they are encoded as one Parquet row group and
/// reused, so memory is one row group (80 bytes/row of buffers) whatever the session length.</para>
/// <para>Append rejects values outside the ranges of <see cref="CoincidenceLogSchema.Columns"/>, the ranges
/// <see cref="CoincidenceLogReader"/> accepts: a simulator bug then fails at the offending event instead of producing a
/// log that every later analysis refuses.</para>
/// <para>Output is all-or-nothing (<see cref="AtomicFile"/>): the final name appears only when <see cref="Complete"/>
/// has written the footer; <see cref="Dispose"/> without Complete deletes the temporary file. Output is
/// byte-deterministic: the same records and metadata give the same bytes (no timestamps in Parquet.Net footers;
/// metadata keys are written in ordinal order).</para>
/// <para>Not thread-safe: one writer belongs to one simulation thread.</para>
/// </remarks>
public sealed class CoincidenceLogWriter : IDisposable
{
    /// <summary>
    /// Default rows per row group: 40 MB of column buffers, a few MB on disk. Half the detection log's, because a
    /// coincidence row needs 80 bytes of buffers (detection: 52) and both writers run in the same process.
    /// </summary>
    public const int DefaultRowGroupSizeRows = 1 << 19;

    private enum State { Open, Completed, Failed, Disposed }

    private readonly AtomicFileWriter _file;
    private readonly ParquetWriter _parquet;
    private readonly int _capacityRows;

    // One primitive array per column (structure of arrays): exactly what Parquet.Net encodes, no transposition.
    private long[] _slot;
    private int[] _module;
    private long[] _timeD0Ps;
    private long[] _timeD1Ps;
    private int[] _binD0;
    private int[] _binD1;
    private int[] _extraClicks;
    private int[] _intensityA;
    private int[] _intensityB;
    private int[] _basisA;
    private int[] _basisB;
    private int[] _bitA;
    private int[] _bitB;
    private int[] _truthCauseD0;
    private int[] _truthCauseD1;
    private int[] _truthPhotonsD0;
    private int[] _truthPhotonsD1;
    /// <summary>The arrays above in <see cref="CoincidenceLogSchema.Columns"/> order, for the row-group encoder.</summary>
    private Array[] _columns;

    private int _bufferedRows;
    private long _flushedRows;
    private CoincidenceContentHash _contentHash = CoincidenceContentHash.Create();
    private int _rowGroupsWritten;
    private State _state;

    /// <summary>
    /// Opens <paramref name="path"/> for writing (under a temporary name until <see cref="Complete"/>).
    /// </summary>
    /// <param name="path">Final file name, e.g. <c>runs/x/coincidences.parquet</c>. Its directory must exist.</param>
    /// <param name="metadata">Footer key-value metadata, e.g. the JSON run manifest under
    /// <see cref="CoincidenceLogSchema.ManifestKey"/>. Copied; written in ordinal key order.</param>
    /// <param name="rowGroupSizeRows">Rows per row group, which is also the buffered row count.</param>
    public CoincidenceLogWriter(string path, IReadOnlyDictionary<string, string> metadata,
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
        _slot = new long[rowGroupSizeRows];
        _module = new int[rowGroupSizeRows];
        _timeD0Ps = new long[rowGroupSizeRows];
        _timeD1Ps = new long[rowGroupSizeRows];
        _binD0 = new int[rowGroupSizeRows];
        _binD1 = new int[rowGroupSizeRows];
        _extraClicks = new int[rowGroupSizeRows];
        _intensityA = new int[rowGroupSizeRows];
        _intensityB = new int[rowGroupSizeRows];
        _basisA = new int[rowGroupSizeRows];
        _basisB = new int[rowGroupSizeRows];
        _bitA = new int[rowGroupSizeRows];
        _bitB = new int[rowGroupSizeRows];
        _truthCauseD0 = new int[rowGroupSizeRows];
        _truthCauseD1 = new int[rowGroupSizeRows];
        _truthPhotonsD0 = new int[rowGroupSizeRows];
        _truthPhotonsD1 = new int[rowGroupSizeRows];
        _columns =
        [
            _slot, _module, _timeD0Ps, _timeD1Ps, _binD0, _binD1, _extraClicks, _intensityA, _intensityB, _basisA,
            _basisB, _bitA, _bitB, _truthCauseD0, _truthCauseD1, _truthPhotonsD0, _truthPhotonsD1,
        ];

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
    /// known only at the end of a run (slot counts) can still go into it. Keys stay in ordinal order.
    /// </summary>
    public void SetMetadata(string key, string value)
    {
        if (_state != State.Open) ThrowNotOpen();
        ArgumentNullException.ThrowIfNull(key);
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
    /// Buffers one row. Costs a range check and a few array stores; every <see cref="RowGroupSizeRows"/>-th call also
    /// encodes and writes a row group.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is outside its column's range
    /// (<see cref="CoincidenceLogSchema.Columns"/>); the row is not stored and the writer stays usable.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(in CoincidenceRecord record)
    {
        if (_state != State.Open) ThrowNotOpen();
        // Non-short-circuit '|': one well-predicted branch for the whole check. 0/1 fields: any bit but the lowest set
        // (a negative sbyte sets them all) is out of range.
        if ((((record.BinD0 | record.BinD1 | (byte)record.BasisA | (byte)record.BasisB | (byte)record.BitA
               | (byte)record.BitB) & ~1) != 0)
            | record.Module < 0 | record.IntensityA < 0 | record.IntensityB < 0
            | (byte)record.TruthCauseD0 > MaxTruthCause | (byte)record.TruthCauseD1 > MaxTruthCause
            | record.TruthPhotonsD0 < -1 | record.TruthPhotonsD1 < -1)
            ThrowOutOfRange(in record);
        int i = _bufferedRows;
        _slot[i] = record.Slot;
        _module[i] = record.Module;
        _timeD0Ps[i] = record.TimeD0Ps;
        _timeD1Ps[i] = record.TimeD1Ps;
        _binD0[i] = record.BinD0;
        _binD1[i] = record.BinD1;
        _extraClicks[i] = record.ExtraClicks;
        _intensityA[i] = record.IntensityA;
        _intensityB[i] = record.IntensityB;
        _basisA[i] = record.BasisA;
        _basisB[i] = record.BasisB;
        _bitA[i] = record.BitA;
        _bitB[i] = record.BitB;
        _truthCauseD0[i] = (int)record.TruthCauseD0;
        _truthCauseD1[i] = (int)record.TruthCauseD1;
        _truthPhotonsD0[i] = record.TruthPhotonsD0;
        _truthPhotonsD1[i] = record.TruthPhotonsD1;
        _contentHash.Add(in record);
        _bufferedRows = ++i;
        if (i == _capacityRows) FlushRowGroup();
    }

    /// <summary>
    /// Writes the buffered rows and the footer (with the content hash), then atomically moves the file to
    /// <see cref="Path"/>. After this the writer accepts no more rows. A log with zero rows is a valid file with no
    /// row groups.
    /// </summary>
    public void Complete()
    {
        if (_state != State.Open) ThrowNotOpen();
        try
        {
            if (_bufferedRows > 0) FlushRowGroup();
            SetMetadata(CoincidenceContentHash.MetadataKey, _contentHash.ToMetadataValue());
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
        for (int c = 0; c < Columns.Count; c++)
        {
            var field = Columns[c].Field;
            if (_columns[c] is long[] longs)
                await rowGroup.WriteAsync<long>(field, longs.AsMemory(0, n)).ConfigureAwait(false);
            else
                await rowGroup.WriteAsync<int>(field, ((int[])_columns[c]).AsMemory(0, n)).ConfigureAwait(false);
        }
        rowGroup.CompleteValidate();
    }

    private void ReleaseBuffers()
    {
        // The buffers are large (80 bytes/row); drop them as soon as the writer is finished.
        _slot = _timeD0Ps = _timeD1Ps = [];
        _module = _binD0 = _binD1 = _extraClicks = _intensityA = _intensityB = _basisA = _basisB = _bitA = _bitB = [];
        _truthCauseD0 = _truthCauseD1 = _truthPhotonsD0 = _truthPhotonsD1 = [];
        _columns = [];
        _bufferedRows = 0;
    }

    /// <summary>Names the first field of <paramref name="record"/> outside its column's range.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOutOfRange(in CoincidenceRecord record)
    {
        long[] values =
        [
            record.Slot, record.Module, record.TimeD0Ps, record.TimeD1Ps, record.BinD0, record.BinD1, record.ExtraClicks,
            record.IntensityA, record.IntensityB, record.BasisA, record.BasisB, record.BitA, record.BitB,
            (long)record.TruthCauseD0, (long)record.TruthCauseD1, record.TruthPhotonsD0, record.TruthPhotonsD1,
        ];
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = Columns[c];
            if (values[c] < column.Min || values[c] > column.Max)
                throw new ArgumentOutOfRangeException(nameof(record),
                    $"{Path}: row {RowsAppended}: {column.Name} = {values[c]} outside [{column.Min}, {column.Max}]");
        }
        throw new InvalidOperationException($"{Path}: range check of row {RowsAppended} disagrees with the schema");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotOpen() => throw new InvalidOperationException(_state switch
    {
        State.Completed => $"{Path}: coincidence log already completed",
        State.Failed => $"{Path}: coincidence log failed earlier; dispose it",
        _ => $"{Path}: coincidence log disposed",
    });
}

using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Reads a Parquet log of any <see cref="LogSchema"/> back one row group at a time into whole-column buffers, so
/// analysing a session of any length needs memory for one row group only.
/// </summary>
/// <remarks>
/// <para>Every problem with the file (missing, not Parquet, truncated, corrupt, a required column missing or of the
/// wrong type, a null, a value outside its column's range) is one <see cref="InputError"/> naming the file and the
/// column, never a Parquet.Net exception: a log is user input to `analyze`.</para>
/// <para>Columns are matched by name, so extra columns (added by another tool) are ignored and column order does not
/// matter. Optional (nullable) columns are accepted as long as they hold no nulls. Integer columns may be INT32 or
/// INT64 whatever the contract's width (pandas and DuckDB write int64): a wider column is narrowed when every value
/// lies in the column's range, else the usual range error names the row. Ground-truth columns may be absent
/// (a lab log): then every row gets the column's <see cref="LogColumn.MissingValue"/>.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class ColumnarLogReader : IDisposable
{
    private readonly ParquetReader _parquet;
    private readonly DataField?[] _fileFields;
    /// <summary>Separate handle for positional page-header checks, so Parquet.Net's stream position is untouched.</summary>
    private readonly SafeFileHandle _handle;
    private readonly ColumnBuffers _buffers;
    private byte[]? _headerWindow;
    /// <summary>Decode buffers for a column whose file type is wider or narrower than the contract's (lab logs only).</summary>
    private long[]? _scratchInt64;
    private int[]? _scratchInt32;
    private bool _disposed;

    private ColumnarLogReader(string path, LogSchema schema, ParquetReader parquet, DataField?[] fileFields, SafeFileHandle handle)
    {
        Path = path;
        Schema = schema;
        _parquet = parquet;
        _fileFields = fileFields;
        _handle = handle;
        _buffers = new ColumnBuffers(schema, 0);
        Metadata = new Dictionary<string, string>(parquet.CustomMetadata ?? [], StringComparer.Ordinal);
        RowCount = parquet.Metadata?.NumRows ?? 0;
        RowGroupCount = parquet.RowGroupCount;
    }

    /// <summary>Path as given to <see cref="Open"/>; used in error messages.</summary>
    public string Path { get; }

    public LogSchema Schema { get; }

    /// <summary>File-level key-value metadata (the run manifest is under <see cref="LogMetadata.ManifestKey"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The run manifest (JSON), or null when the footer has none.</summary>
    public string? Manifest => Metadata.TryGetValue(LogMetadata.ManifestKey, out var manifest) ? manifest : null;

    /// <summary>Total rows in the file, from the footer.</summary>
    public long RowCount { get; }

    public int RowGroupCount { get; }

    /// <summary>True when every ground-truth column of the contract is in the file.</summary>
    public bool HasGroundTruth => Schema.Columns.Select((c, i) => !c.IsTruth || _fileFields[i] is not null).All(b => b);

    /// <summary>Rows of row group <paramref name="group"/>, from the footer.</summary>
    public int RowsInGroup(int group) => (int)_parquet.Metadata!.RowGroups[group].NumRows; // range checked on open

    /// <summary>
    /// Opens and validates a log: the Parquet framing, the footer, and the presence and type of every required column.
    /// No row data is read yet.
    /// </summary>
    public static ColumnarLogReader Open(string path, LogSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (parquet, fields, handle) = ValidatedParquetFile.Open(path, (p, s) => MatchColumns(p, s, schema));
        var reader = new ColumnarLogReader(path, schema, parquet, fields, handle);
        try
        {
            // A damaged metadata key would make the reader believe the file carries no content hash (or no manifest).
            foreach (string key in reader.Metadata.Keys)
                foreach (string known in (string[])[LogMetadata.ContentHashKey, LogMetadata.ManifestKey])
                    if (LooksDamaged(key, known))
                        throw ParquetIntegrity.Corrupt(path, $"footer metadata key '{key}' looks like a damaged '{known}'");
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        return reader;
    }

    /// <summary>
    /// Decodes row group <paramref name="group"/> into the column buffers (reused by the next call) and checks every
    /// value against its column's range; returns the buffers and the row count.
    /// </summary>
    public ColumnBuffers ReadRowGroup(int group, out int rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, RowGroupCount);
        ParquetRowGroupReader rowGroup;
        try
        {
            rowGroup = _parquet.OpenRowGroupReader(group);
        }
        catch (Exception ex)
        {
            throw ParquetIntegrity.Corrupt(Path, $"row group {group}: {ParquetIntegrity.OneLine(ex.Message)}", ex);
        }
        rows = (int)rowGroup.RowCount; // range checked in CheckRowGroups
        if (_buffers.CapacityRows < rows) _buffers.Resize(rows);
        ParquetIntegrity.CheckPageHeaders(Path, _parquet, _handle, ref _headerWindow, group);
        for (int c = 0; c < Schema.Columns.Count; c++)
        {
            var column = Schema.Columns[c];
            var field = _fileFields[c];
            if (field is null)
            {
                FillMissing(c, rows);
                continue;
            }
            try
            {
                switch (column.Type)
                {
                    case LogColumnType.Int64 when field.ClrType == typeof(int):
                        ReadWidened(rowGroup, group, field, _buffers.Int64(c).AsSpan(0, rows));
                        break;
                    case LogColumnType.Int64: ReadColumn(rowGroup, group, field, _buffers.Int64(c).AsMemory(0, rows)); break;
                    case LogColumnType.Int32 when field.ClrType == typeof(long):
                        int badRow = ReadNarrowed(rowGroup, group, field, column, _buffers.Int32(c).AsSpan(0, rows));
                        if (badRow >= 0)
                        {
                            // Columns before c are complete: a value out of range there comes first, as on the normal path.
                            var (earlier, earlierRow) = _buffers.FindOutOfRange(0, rows);
                            if (earlier >= 0 && earlier < c) throw OutOfRange(group, earlier, earlierRow, _buffers.ValueAt(earlier, earlierRow));
                            throw OutOfRange(group, c, badRow, _scratchInt64![badRow]);
                        }
                        break;
                    case LogColumnType.Int32: ReadColumn(rowGroup, group, field, _buffers.Int32(c).AsMemory(0, rows)); break;
                    default: ReadColumn(rowGroup, group, field, _buffers.Double(c).AsMemory(0, rows)); break;
                }
            }
            catch (InputError)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw ParquetIntegrity.Corrupt(Path, $"row group {group}, column '{field.Name}': {ParquetIntegrity.OneLine(ex.Message)}", ex);
            }
        }
        var (badColumn, firstBadRow) = _buffers.FindOutOfRange(0, rows);
        if (badColumn >= 0) throw OutOfRange(group, badColumn, firstBadRow, _buffers.ValueAt(badColumn, firstBadRow));
        return _buffers;
    }

    /// <summary>The one-line range error: the value, its row counted from the start of the file, the column's range.</summary>
    private InputError OutOfRange(int group, int column, int row, long value)
    {
        var c = Schema.Columns[column];
        return new InputError(Path, _fileFields[column]!.Name,
            $"value {value} at row {FirstRowOfGroup(group) + row} outside [{c.Min}, {c.Max}]");
    }

    /// <summary>
    /// An INT64 file column where the contract says INT32 (pandas and DuckDB write int64 by default): decodes into a
    /// scratch long[] and narrows. Returns the first row whose value lies outside the column's range (which is within
    /// int32), leaving the destination incomplete, or -1 when every value fits and the destination holds them all.
    /// </summary>
    private int ReadNarrowed(ParquetRowGroupReader rowGroup, int group, DataField field, LogColumn column, Span<int> destination)
    {
        if (_scratchInt64 is null || _scratchInt64.Length < destination.Length) _scratchInt64 = new long[destination.Length];
        ReadColumn(rowGroup, group, field, _scratchInt64.AsMemory(0, destination.Length));
        var wide = _scratchInt64.AsSpan(0, destination.Length);
        int bad = wide.IndexOfAnyExceptInRange(Math.Max(column.Min, int.MinValue), Math.Min(column.Max, int.MaxValue));
        if (bad >= 0) return bad;
        for (int i = 0; i < wide.Length; i++) destination[i] = (int)wide[i];
        return -1;
    }

    /// <summary>An INT32 file column where the contract says INT64: decodes into a scratch int[] and widens.</summary>
    private void ReadWidened(ParquetRowGroupReader rowGroup, int group, DataField field, Span<long> destination)
    {
        if (_scratchInt32 is null || _scratchInt32.Length < destination.Length) _scratchInt32 = new int[destination.Length];
        ReadColumn(rowGroup, group, field, _scratchInt32.AsMemory(0, destination.Length));
        var narrow = _scratchInt32.AsSpan(0, destination.Length);
        for (int i = 0; i < narrow.Length; i++) destination[i] = narrow[i];
    }

    /// <summary>
    /// Throws unless <paramref name="computed"/> (the caller's content hash of every row read) matches the footer's, and the
    /// footer's manifest matches the digest written with it (logs written before the digest existed carry none).
    /// </summary>
    public void VerifyContentHash(string computed)
    {
        // Logs from other tools may carry no hash (lab logs): then there is nothing to verify.
        if (!Metadata.TryGetValue(LogMetadata.ContentHashKey, out string? expected)) return;
        int part = expected.IndexOf(LogMetadata.ManifestDigestPart, StringComparison.Ordinal);
        string expectedRows = part < 0 ? expected : expected[..part];
        if (part >= 0)
        {
            string written = expected[(part + LogMetadata.ManifestDigestPart.Length)..];
            string read = Manifest is string manifest ? LogMetadata.ManifestDigest(manifest) : "(none)";
            if (written != read)
                throw new InputError(Path, LogMetadata.ManifestKey,
                    $"manifest differs from what was written (digest {written} in {LogMetadata.ContentHashKey}, read {read}): the file was altered or corrupted");
        }
        // A log whose truth columns were dropped cannot match the hash of the rows written with them.
        if (HasGroundTruth && expectedRows != computed)
            throw new InputError(Path, "content",
                $"rows differ from what was written (footer {LogMetadata.ContentHashKey} {expected}, read {computed}): the file was altered or corrupted");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ParquetIntegrity.DisposeQuietly(_parquet);
        _handle.Dispose();
        _buffers.Release();
        _scratchInt64 = null;
        _scratchInt32 = null;
    }

    /// <summary>Index of the first row of <paramref name="group"/> in the file.</summary>
    public long FirstRowOfGroup(int group)
    {
        long row = 0;
        var groups = _parquet.Metadata!.RowGroups;
        for (int g = 0; g < group; g++) row += groups[g].NumRows;
        return row;
    }

    private void FillMissing(int column, int rows)
    {
        var c = Schema.Columns[column];
        switch (c.Type)
        {
            case LogColumnType.Int64: _buffers.Int64(column).AsSpan(0, rows).Fill(c.MissingValue); break;
            case LogColumnType.Int32: _buffers.Int32(column).AsSpan(0, rows).Fill((int)c.MissingValue); break;
            default: _buffers.Double(column).AsSpan(0, rows).Fill(double.NaN); break;
        }
    }

    /// <summary>Reads one column chunk; nullable columns go through a nullable buffer and must hold no nulls.</summary>
    private void ReadColumn<T>(ParquetRowGroupReader rowGroup, int group, DataField field, Memory<T> destination) where T : struct
    {
        if (!field.IsNullable)
        {
            SyncOverAsync.Run(() => rowGroup.ReadAsync(field, destination).AsTask());
            return;
        }
        var nullable = new T?[destination.Length];
        SyncOverAsync.Run(() => rowGroup.ReadAsync(field, nullable.AsMemory()).AsTask());
        var span = destination.Span;
        for (int i = 0; i < nullable.Length; i++)
            span[i] = nullable[i] ?? throw new InputError(Path, field.Name, $"null value in row group {group} row {i}; every row needs a value");
    }

    /// <summary>Same length and at most two differing characters: what a flipped byte or two does to a name.</summary>
    internal static bool LooksDamaged(string seen, string expected)
    {
        if (seen.Length != expected.Length || seen == expected) return false;
        int differing = 0;
        for (int i = 0; i < seen.Length; i++)
            if (seen[i] != expected[i] && ++differing > 2) return false;
        return true;
    }

    /// <summary>
    /// Finds every column by name and checks it is a flat column of the contract's type. Observable columns are
    /// required; truth_* columns are optional (a lab log has no ground truth): a missing one is null here.
    /// </summary>
    private static DataField?[] MatchColumns(string path, ParquetSchema fileSchema, LogSchema schema)
    {
        var byName = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var field in fileSchema.DataFields) byName.TryAdd(field.Path.ToString(), field);
        var matched = new DataField?[schema.Columns.Count];
        for (int i = 0; i < matched.Length; i++)
        {
            var want = schema.Columns[i];
            if (!byName.TryGetValue(want.Name, out var have))
            {
                // A column name one or two bytes away from a contract column is a damaged name, not another tool's column:
                // reading on would treat a truth column as absent and skip the content hash.
                string? damaged = byName.Keys.FirstOrDefault(n => schema.IndexOf(n) < 0 && LooksDamaged(n, want.Name));
                if (damaged is not null)
                    throw ParquetIntegrity.Corrupt(path, $"column '{damaged}' looks like a damaged '{want.Name}'");
                if (want.IsTruth) continue;
                throw new InputError(path, want.Name, "required column missing");
            }
            string article = want.Type == LogColumnType.Double ? "a" : "an";
            if (have.IsArray || have.MaxRepetitionLevel > 0)
                throw new InputError(path, want.Name, $"must be a flat {want.TypeName} column, found a repeated column");
            // Other tools write integers as int64 by default (pandas, DuckDB's BIGINT): an INT64 column is accepted where
            // the contract says int32 and narrowed on read when every value fits; an INT32 one where it says int64 is widened.
            bool integerWidthOnly = want.Type != LogColumnType.Double && (have.ClrType == typeof(int) || have.ClrType == typeof(long));
            if (have.ClrType != want.Field.ClrType && !integerWidthOnly)
                throw new InputError(path, want.Name, want.Type == LogColumnType.Double
                    ? $"must be a double column, found {have.ClrType.Name}"
                    : $"must be {article} {want.TypeName} column (int32 or int64 accepted), found {have.ClrType.Name}");
            matched[i] = have;
        }
        return matched;
    }
}

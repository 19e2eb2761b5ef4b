using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Core.Records;
// The detection reader's integrity checks (CheckFraming, CheckRowGroups, CheckPageHeaders) and error helpers.
using static QkdNetSim.Data.Log.DetectionLogReader;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Reads a <c>coincidences.parquet</c> log back as <see cref="CoincidenceRecord"/>s, one row group at a time, so
/// analysing a session of any length needs memory for one row group only (about 60 bytes/row).
/// </summary>
/// <remarks>
/// <para>Built like <see cref="DetectionLogReader"/> and sharing its integrity checks (PAR1 framing, bounded Thrift
/// walk of the footer and of every page header, which keeps Parquet.Net from hanging on a corrupt footer, column
/// chunks inside the file). Every problem with the file (missing, not Parquet, truncated, corrupt, a required column
/// missing or of the wrong type, a value outside its column's range, rows that do not match the footer's content hash)
/// is reported as one <see cref="InputError"/> naming the file and column, never as a Parquet.Net exception: the log
/// is user input to the analysis commands and the CLI prints InputError as one line.</para>
/// <para>Columns are matched by name, so extra columns are ignored and column order does not matter. Optional
/// (nullable) columns are accepted as long as they contain no nulls. The <c>truth_*</c> columns are optional, so lab
/// data without ground truth can be analysed: an absent cause reads as <see cref="DetectionCause.Unknown"/>, an
/// absent photon number as -1.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class CoincidenceLogReader : IDisposable
{
    private readonly ParquetReader _parquet;
    /// <summary>The file's field for each <see cref="CoincidenceLogSchema.Columns"/> entry; null for an absent truth column.</summary>
    private readonly DataField?[] _fileFields;
    /// <summary>Separate handle for positional page-header checks, so Parquet.Net's stream position is untouched.</summary>
    private readonly SafeFileHandle _handle;
    private byte[]? _headerWindow;
    private long[] _int64Scratch = [];
    private int[] _int32Scratch = [];
    private CoincidenceRecord[] _records = [];
    private bool _disposed;

    private CoincidenceLogReader(string path, ParquetReader parquet, DataField?[] fileFields, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
        _parquet = parquet;
        _fileFields = fileFields;
        Metadata = new Dictionary<string, string>(parquet.CustomMetadata ?? [], StringComparer.Ordinal);
        RowCount = parquet.Metadata?.NumRows ?? 0;
        RowGroupCount = parquet.RowGroupCount;
        HasGroundTruth = true;
        for (int c = 0; c < fileFields.Length; c++)
            if (fileFields[c] is null) HasGroundTruth = false;
    }

    /// <summary>Path as given to <see cref="Open"/>; used in error messages.</summary>
    public string Path { get; }

    /// <summary>File-level key-value metadata (the run manifest is under <see cref="CoincidenceLogSchema.ManifestKey"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The run manifest (JSON) from the footer, or null for a log without one (e.g. converted lab data).</summary>
    public string? Manifest => Metadata.TryGetValue(CoincidenceLogSchema.ManifestKey, out var manifest) ? manifest : null;

    /// <summary>
    /// True when every <c>truth_*</c> column is present. False for lab data: then the truth fields of the records are
    /// placeholders (Unknown / -1) and a truth-based study must not run.
    /// </summary>
    public bool HasGroundTruth { get; }

    /// <summary>Total rows in the file, from the footer.</summary>
    public long RowCount { get; }

    /// <summary>Row groups in the file; <see cref="ReadChunks"/> yields one chunk per non-empty row group.</summary>
    public int RowGroupCount { get; }

    /// <summary>
    /// Opens and validates a coincidence log: the Parquet framing, the footer and the presence and type of every
    /// required column. No row data is read yet.
    /// </summary>
    /// <exception cref="InputError">The file is missing, unreadable, not Parquet, truncated/corrupt, or lacks a column.</exception>
    public static CoincidenceLogReader Open(string path)
    {
        var (parquet, fields, handle) = ValidatedParquetFile.Open(path, MatchColumns);
        return new CoincidenceLogReader(path, parquet, fields, handle);
    }

    /// <summary>
    /// Streams the rows, one chunk per row group, in file order. Each chunk is a view of a buffer that the next
    /// iteration overwrites: copy what must outlive it. May be enumerated again to re-read the file. The content hash
    /// is verified after the last chunk, so only a complete enumeration is verified.
    /// </summary>
    /// <exception cref="InputError">A data page is corrupt, a value is outside its column's range, or the rows do not
    /// match the footer's content hash.</exception>
    public IEnumerable<ReadOnlyMemory<CoincidenceRecord>> ReadChunks()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hash = CoincidenceContentHash.Create();
        for (int group = 0; group < RowGroupCount; group++)
        {
            int rows = ReadRowGroup(group);
            foreach (ref readonly var r in _records.AsSpan(0, rows)) hash.Add(in r);
            if (rows > 0) yield return _records.AsMemory(0, rows);
        }
        // Logs from other tools may carry no hash: then there is nothing to verify. Without its truth columns (a
        // tool dropped them to imitate lab data, keeping the footer) the hash covers values that are gone: not checkable.
        if (HasGroundTruth
            && Metadata.TryGetValue(CoincidenceContentHash.MetadataKey, out string? expected)
            && expected != hash.ToMetadataValue())
            throw new InputError(Path, "content", $"rows differ from what was written (footer {CoincidenceContentHash.MetadataKey} {expected}, read {hash.ToMetadataValue()}): the file was altered or corrupted");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeQuietly(_parquet);
        _handle.Dispose();
        _int64Scratch = [];
        _int32Scratch = [];
        _records = [];
    }

    /// <summary>Reads row group <paramref name="group"/> into <see cref="_records"/>; returns its row count.</summary>
    private int ReadRowGroup(int group)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ParquetRowGroupReader rowGroup;
        try
        {
            rowGroup = _parquet.OpenRowGroupReader(group);
        }
        catch (Exception ex)
        {
            throw Corrupt(Path, $"row group {group}: {OneLine(ex.Message)}", ex);
        }
        int rows = (int)rowGroup.RowCount; // range checked in CheckRowGroups
        if (_records.Length < rows)
        {
            _records = new CoincidenceRecord[rows];
            _int64Scratch = new long[rows];
            _int32Scratch = new int[rows];
        }
        CheckPageHeaders(Path, _parquet, _handle, ref _headerWindow, group);
        var records = _records.AsSpan(0, rows);
        long firstRow = RowIndexOfGroup(group);

        var columns = CoincidenceLogSchema.Columns;
        for (int c = 0; c < columns.Count; c++)
        {
            var field = _fileFields[c];
            if (field == null)
            {
                FillMissingTruth(c, records);
                continue;
            }
            try
            {
                if (columns[c].IsInt64)
                    ReadColumn(rowGroup, field, _int64Scratch.AsMemory(0, rows));
                else
                    ReadColumn(rowGroup, field, _int32Scratch.AsMemory(0, rows));
            }
            catch (InputError)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw Corrupt(Path, $"row group {group}, column '{field.Name}': {OneLine(ex.Message)}", ex);
            }
            Scatter(c, records, firstRow);
        }
        return rows;
    }

    /// <summary>Ground truth absent from the file: cause Unknown, photon number -1.</summary>
    private static void FillMissingTruth(int column, Span<CoincidenceRecord> records)
    {
        switch (CoincidenceLogSchema.Columns[column].Name)
        {
            case CoincidenceLogSchema.TruthCauseD0:
                foreach (ref var r in records) r.TruthCauseD0 = DetectionCause.Unknown;
                break;
            case CoincidenceLogSchema.TruthCauseD1:
                foreach (ref var r in records) r.TruthCauseD1 = DetectionCause.Unknown;
                break;
            case CoincidenceLogSchema.TruthPhotonsD0:
                foreach (ref var r in records) r.TruthPhotonsD0 = -1;
                break;
            case CoincidenceLogSchema.TruthPhotonsD1:
                foreach (ref var r in records) r.TruthPhotonsD1 = -1;
                break;
            default:
                throw new InvalidOperationException($"column {CoincidenceLogSchema.Columns[column].Name} is not optional");
        }
    }

    /// <summary>Reads one column chunk; nullable columns go through a nullable buffer and must hold no nulls.</summary>
    private void ReadColumn<T>(ParquetRowGroupReader rowGroup, DataField field, Memory<T> destination)
        where T : struct
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
        {
            if (nullable[i] is not { } value)
                throw new InputError(Path, field.Name, $"null value in row group row {i}; every row needs a value");
            span[i] = value;
        }
    }

    /// <summary>
    /// Copies the scratch column into the records' field, checking each value against its column's range
    /// (<see cref="CoincidenceLogSchema.Columns"/>), which also guarantees the narrowing casts below are exact.
    /// </summary>
    private void Scatter(int column, Span<CoincidenceRecord> records, long firstRow)
    {
        var longs = _int64Scratch.AsSpan(0, records.Length);
        var ints = _int32Scratch.AsSpan(0, records.Length);
        switch (CoincidenceLogSchema.Columns[column].Name)
        {
            // INT64 columns span the whole long range: nothing to check.
            case CoincidenceLogSchema.Slot:
                for (int i = 0; i < records.Length; i++) records[i].Slot = longs[i];
                break;
            case CoincidenceLogSchema.TimeD0Ps:
                for (int i = 0; i < records.Length; i++) records[i].TimeD0Ps = longs[i];
                break;
            case CoincidenceLogSchema.TimeD1Ps:
                for (int i = 0; i < records.Length; i++) records[i].TimeD1Ps = longs[i];
                break;
            case CoincidenceLogSchema.Module:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].Module = (short)ints[i];
                break;
            case CoincidenceLogSchema.BinD0:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].BinD0 = (byte)ints[i];
                break;
            case CoincidenceLogSchema.BinD1:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].BinD1 = (byte)ints[i];
                break;
            case CoincidenceLogSchema.ExtraClicks:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].ExtraClicks = (byte)ints[i];
                break;
            case CoincidenceLogSchema.IntensityA:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].IntensityA = (sbyte)ints[i];
                break;
            case CoincidenceLogSchema.IntensityB:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].IntensityB = (sbyte)ints[i];
                break;
            case CoincidenceLogSchema.BasisA:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].BasisA = (sbyte)ints[i];
                break;
            case CoincidenceLogSchema.BasisB:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].BasisB = (sbyte)ints[i];
                break;
            case CoincidenceLogSchema.BitA:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].BitA = (sbyte)ints[i];
                break;
            case CoincidenceLogSchema.BitB:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].BitB = (sbyte)ints[i];
                break;
            case CoincidenceLogSchema.TruthCauseD0:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].TruthCauseD0 = (DetectionCause)ints[i];
                break;
            case CoincidenceLogSchema.TruthCauseD1:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].TruthCauseD1 = (DetectionCause)ints[i];
                break;
            case CoincidenceLogSchema.TruthPhotonsD0:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].TruthPhotonsD0 = (short)ints[i];
                break;
            case CoincidenceLogSchema.TruthPhotonsD1:
                CheckRange(column, ints, firstRow);
                for (int i = 0; i < records.Length; i++) records[i].TruthPhotonsD1 = (short)ints[i];
                break;
            default:
                throw new InvalidOperationException($"no record field for column {CoincidenceLogSchema.Columns[column].Name}");
        }
    }

    /// <summary>Throws an <see cref="InputError"/> naming the column and the first row whose value is out of range.</summary>
    private void CheckRange(int column, ReadOnlySpan<int> values, long firstRow)
    {
        var contract = CoincidenceLogSchema.Columns[column];
        int min = (int)contract.Min, max = (int)contract.Max;
        for (int i = 0; i < values.Length; i++)
        {
            int value = values[i];
            if (value < min || value > max)
                throw new InputError(Path, _fileFields[column]!.Name, $"value {value} at row {firstRow + i} outside [{min}, {max}]");
        }
    }

    private long RowIndexOfGroup(int group)
    {
        long row = 0;
        var groups = _parquet.Metadata!.RowGroups;
        for (int g = 0; g < group; g++) row += groups[g].NumRows;
        return row;
    }

    /// <summary>
    /// Finds every column by name and checks it is a flat column of the contract's type. The observable columns are
    /// required; the truth_* columns are optional (a lab log has no ground truth): a missing one is null here.
    /// </summary>
    private static DataField?[] MatchColumns(string path, ParquetSchema schema)
    {
        var byName = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var field in schema.DataFields) byName.TryAdd(field.Path.ToString(), field);

        var columns = CoincidenceLogSchema.Columns;
        var matched = new DataField?[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            var want = columns[i];
            if (!byName.TryGetValue(want.Name, out var have))
            {
                if (want.IsTruth) continue;
                throw new InputError(path, want.Name, "required column missing");
            }
            string wantType = want.IsInt64 ? "int64" : "int32";
            if (have.IsArray || have.MaxRepetitionLevel > 0)
                throw new InputError(path, want.Name, $"must be a flat {wantType} column, found a repeated column");
            if (have.ClrType != want.Field.ClrType)
                throw new InputError(path, want.Name, $"must be an {wantType} column, found {have.ClrType.Name}");
            matched[i] = have;
        }
        return matched;
    }
}

using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using static QkdNetSim.Data.Log.DetectionLogReader;

namespace QkdNetSim.Data.Log;

/// <summary>Receives one chunk (row group) of CV samples.</summary>
public delegate void CvSampleChunkAction(CvSampleChunk chunk);

/// <summary>
/// Reads <c>cv_samples.parquet</c> one row group at a time with the detection log's integrity checks (PAR1 framing,
/// bounded footer and page-header walks, chunk bounds), a required-column and type check, a user-index range check and
/// the footer content hash. Every problem is one <see cref="InputError"/> naming the file, the column (field) and the
/// rule, never a Parquet.Net exception. Columns are matched by name (extra columns ignored). Not thread-safe.
/// </summary>
public sealed class CvSampleLogReader : IDisposable
{
    private readonly ParquetReader _parquet;
    private readonly DataField[] _fields;
    private readonly SafeFileHandle _handle;
    private byte[]? _headerWindow;
    private long[] _round = [];
    private int[] _user = [];
    private double[] _ax = [], _ap = [], _bx = [], _bp = [];
    private bool _disposed;

    private CvSampleLogReader(string path, ParquetReader parquet, DataField[] fields, SafeFileHandle handle)
    {
        Path = path;
        _parquet = parquet;
        _fields = fields;
        _handle = handle;
        Metadata = new Dictionary<string, string>(parquet.CustomMetadata ?? [], StringComparer.Ordinal);
        RowCount = parquet.Metadata?.NumRows ?? 0;
        RowGroupCount = parquet.RowGroupCount;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public string? Manifest => Metadata.TryGetValue(CvSampleLogSchema.ManifestKey, out var m) ? m : null;
    public long RowCount { get; }
    public int RowGroupCount { get; }

    /// <summary>Opens and validates framing, footer and columns.</summary>
    public static CvSampleLogReader Open(string path)
    {
        var (parquet, fields, handle) = ValidatedParquetFile.Open(path, MatchColumns);
        return new CvSampleLogReader(path, parquet, fields, handle);
    }

    /// <summary>
    /// Reads every row group in file order and hands each to <paramref name="action"/>; verifies the content hash after
    /// the last one (InputError when the rows differ from what was written).
    /// </summary>
    public void ReadAll(CvSampleChunkAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hash = CvSampleContentHash.Create();
        for (int group = 0; group < RowGroupCount; group++)
        {
            int rows = ReadRowGroup(group);
            for (int i = 0; i < rows; i++)
            {
                if (_user[i] < 0) throw new InputError(Path, CvSampleLogSchema.User, $"value {_user[i]} in row group {group} must be >= 0");
                hash.Add(_round[i], _user[i], _ax[i], _ap[i], _bx[i], _bp[i]);
            }
            if (rows > 0)
                action(new CvSampleChunk(_round.AsSpan(0, rows), _user.AsSpan(0, rows), _ax.AsSpan(0, rows), _ap.AsSpan(0, rows),
                    _bx.AsSpan(0, rows), _bp.AsSpan(0, rows)));
        }
        if (Metadata.TryGetValue(CvSampleContentHash.MetadataKey, out string? expected) && expected != hash.ToMetadataValue())
            throw new InputError(Path, "content", $"rows differ from what was written (footer {CvSampleContentHash.MetadataKey} {expected}, read {hash.ToMetadataValue()}): the file was altered or corrupted");
    }

    private int ReadRowGroup(int group)
    {
        ParquetRowGroupReader rowGroup;
        try
        {
            rowGroup = _parquet.OpenRowGroupReader(group);
        }
        catch (Exception ex)
        {
            throw Corrupt(Path, $"row group {group}: {OneLine(ex.Message)}", ex);
        }
        int rows = (int)rowGroup.RowCount;
        if (_round.Length < rows)
        {
            _round = new long[rows]; _user = new int[rows];
            _ax = new double[rows]; _ap = new double[rows]; _bx = new double[rows]; _bp = new double[rows];
        }
        CheckPageHeaders(Path, _parquet, _handle, ref _headerWindow, group);
        Read(rowGroup, group, _fields[0], _round.AsMemory(0, rows));
        Read(rowGroup, group, _fields[1], _user.AsMemory(0, rows));
        Read(rowGroup, group, _fields[2], _ax.AsMemory(0, rows));
        Read(rowGroup, group, _fields[3], _ap.AsMemory(0, rows));
        Read(rowGroup, group, _fields[4], _bx.AsMemory(0, rows));
        Read(rowGroup, group, _fields[5], _bp.AsMemory(0, rows));
        return rows;
    }

    private void Read<T>(ParquetRowGroupReader rowGroup, int group, DataField field, Memory<T> destination) where T : struct
    {
        try
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
        catch (InputError)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw Corrupt(Path, $"row group {group}, column '{field.Name}': {OneLine(ex.Message)}", ex);
        }
    }

    private static DataField[] MatchColumns(string path, ParquetSchema schema)
    {
        var byName = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var field in schema.DataFields) byName.TryAdd(field.Path.ToString(), field);
        var wanted = CvSampleLogSchema.Fields;
        var matched = new DataField[wanted.Count];
        for (int i = 0; i < wanted.Count; i++)
        {
            var want = wanted[i];
            if (!byName.TryGetValue(want.Name, out var have)) throw new InputError(path, want.Name, "required column missing");
            if (have.IsArray || have.MaxRepetitionLevel > 0) throw new InputError(path, want.Name, "must be a flat column, found a repeated column");
            if (have.ClrType != want.ClrType) throw new InputError(path, want.Name, $"must be a {want.ClrType.Name} column, found {have.ClrType.Name}");
            matched[i] = have;
        }
        return matched;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeQuietly(_parquet);
        _handle.Dispose();
    }
}

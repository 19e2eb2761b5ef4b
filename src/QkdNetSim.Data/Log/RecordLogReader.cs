namespace QkdNetSim.Data.Log;

/// <summary>
/// Reads a log of one struct type back through its column map, one row group at a time (memory: one row group), and
/// verifies the footer's content hash after the last row. See <see cref="ColumnarLogReader"/> for what is checked.
/// </summary>
public class RecordLogReader<TRow, TMap> : IDisposable
    where TRow : struct
    where TMap : struct, IRecordColumnMap<TRow>
{
    private readonly ColumnarLogReader _log;
    private TRow[] _rows = [];

    protected RecordLogReader(string path) => _log = ColumnarLogReader.Open(path, TMap.Schema);

    public string Path => _log.Path;

    public IReadOnlyDictionary<string, string> Metadata => _log.Metadata;

    /// <summary>The run manifest (JSON), or null when the footer has none.</summary>
    public string? Manifest => _log.Manifest;

    public long RowCount => _log.RowCount;

    public int RowGroupCount => _log.RowGroupCount;

    /// <summary>True when every ground-truth column is in the file (a lab log has none).</summary>
    public bool HasGroundTruth => _log.HasGroundTruth;

    /// <summary>
    /// Streams the rows, one chunk per non-empty row group, in file order. Each chunk is a view of a buffer that the next
    /// iteration overwrites: copy what must outlive it. May be enumerated again to re-read the file.
    /// </summary>
    public IEnumerable<ReadOnlyMemory<TRow>> ReadChunks()
    {
        ulong hash = TMap.HashSeed;
        long rowsRead = 0;
        for (int group = 0; group < RowGroupCount; group++)
        {
            var buffers = _log.ReadRowGroup(group, out int rows);
            if (_rows.Length < rows) _rows = new TRow[rows];
            var span = _rows.AsSpan(0, rows);
            TMap.Drain(buffers, span);
            foreach (ref readonly var row in span) hash = TMap.Hash(hash, in row);
            rowsRead += rows;
            if (rows > 0) yield return _rows.AsMemory(0, rows);
        }
        _log.VerifyContentHash(LogMetadata.FormatContentHash(rowsRead, hash));
    }

    public void Dispose()
    {
        _log.Dispose();
        _rows = [];
        GC.SuppressFinalize(this);
    }
}

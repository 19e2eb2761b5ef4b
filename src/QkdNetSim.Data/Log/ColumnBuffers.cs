namespace QkdNetSim.Data.Log;

/// <summary>
/// One primitive array per column (structure of arrays), exactly what Parquet.Net encodes and decodes: the writer fills
/// them and encodes a row group, the reader decodes a row group into them. Column c's array is in the list of its type;
/// the others hold an empty array at index c.
/// </summary>
public sealed class ColumnBuffers
{
    private readonly LogSchema _schema;
    private readonly long[][] _int64;
    private readonly int[][] _int32;
    private readonly double[][] _double;

    public ColumnBuffers(LogSchema schema, int capacityRows)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityRows);
        _schema = schema;
        int n = schema.Columns.Count;
        _int64 = new long[n][];
        _int32 = new int[n][];
        _double = new double[n][];
        Resize(capacityRows);
    }

    /// <summary>Rows each column array holds.</summary>
    public int CapacityRows { get; private set; }

    public LogSchema Schema => _schema;

    /// <summary>Column <paramref name="column"/> (an INT64 column), whole capacity.</summary>
    public long[] Int64(int column) => _int64[column];

    public int[] Int32(int column) => _int32[column];

    public double[] Double(int column) => _double[column];

    /// <summary>
    /// Reallocates every column for <paramref name="capacityRows"/> rows (contents are lost). The arrays go on the pinned
    /// object heap: they are large and long-lived, and on the large object heap their size would raise the GC's budget for
    /// the short-lived large buffers Parquet.Net allocates per page, so that much more garbage would pile up between
    /// collections (peak RSS of the default logged run with two encoder threads: 500 MB on the large object heap, 335 MB here).
    /// </summary>
    public void Resize(int capacityRows)
    {
        for (int c = 0; c < _schema.Columns.Count; c++)
        {
            var type = _schema.Columns[c].Type;
            _int64[c] = type == LogColumnType.Int64 ? GC.AllocateArray<long>(capacityRows, pinned: true) : [];
            _int32[c] = type == LogColumnType.Int32 ? GC.AllocateArray<int>(capacityRows, pinned: true) : [];
            _double[c] = type == LogColumnType.Double ? GC.AllocateArray<double>(capacityRows, pinned: true) : [];
        }
        CapacityRows = capacityRows;
    }

    /// <summary>Drops the arrays (a finished writer or a disposed reader keeps no large buffers).</summary>
    public void Release() => Resize(0);

    /// <summary>
    /// Index of the first row in [from, from + count) whose value in an integer column lies outside the column's range,
    /// and that column; (-1, -1) when every value is in range. Only columns with a range are scanned.
    /// </summary>
    public (int Column, int Row) FindOutOfRange(int from, int count)
    {
        for (int c = 0; c < _schema.Columns.Count; c++)
        {
            var column = _schema.Columns[c];
            if (!column.HasRange) continue;
            long min = column.Min, max = column.Max;
            // Vectorised scans (IndexOfAnyExceptInRange): the check costs a small fraction of the Parquet encoding.
            int bad = column.Type == LogColumnType.Int32
                ? _int32[c].AsSpan(from, count).IndexOfAnyExceptInRange((int)Math.Max(min, int.MinValue), (int)Math.Min(max, int.MaxValue))
                : _int64[c].AsSpan(from, count).IndexOfAnyExceptInRange(min, max);
            if (bad >= 0) return (c, from + bad);
        }
        return (-1, -1);
    }

    /// <summary>Value of an integer column as a long (error messages).</summary>
    public long ValueAt(int column, int row) => _schema.Columns[column].Type switch
    {
        LogColumnType.Int32 => _int32[column][row],
        LogColumnType.Int64 => _int64[column][row],
        _ => throw new InvalidOperationException($"column {_schema.Columns[column].Name} is not an integer column"),
    };
}

using QkdNetSim.Data.Frames;

namespace QkdNetSim.Experiments.Tables;

/// <summary>
/// Reads back a table <see cref="ResultTableWriter.WriteParquet"/> wrote: string and boolean columns as such, every number as a
/// double (as written), so a figure can be redrawn from results/ without running its experiment again.
/// </summary>
public static class ResultTableReader
{
    /// <summary>The table in <paramref name="path"/>, named after the file (without .parquet).</summary>
    public static ResultTable ReadParquet(string path)
    {
        var frame = ParquetFrame.Load(path);
        var table = new ResultTable(Path.GetFileNameWithoutExtension(path), frame.Columns.Select(c => c.Name).ToArray());
        for (long r = 0; r < frame.Rows.Count; r++)
            table.Add(frame.Columns.Select(c => c[r] switch
            {
                string s => (object)s,
                bool b => b,
                null => double.NaN,
                var v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
            }).ToArray());
        return table;
    }

    /// <summary>DIR/NAME.parquet.</summary>
    public static ResultTable Read(string dir, string name) => ReadParquet(Path.Combine(dir, name + ".parquet"));
}

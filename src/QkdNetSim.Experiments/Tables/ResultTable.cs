using Microsoft.Data.Analysis;

namespace QkdNetSim.Experiments.Tables;

/// <summary>
/// A small column-oriented table of experiment results (numbers and labels), written to Parquet and Markdown; as a
/// <see cref="DataFrame"/> through <see cref="ToDataFrame"/> (the Parquet file it writes loads back as the same frame with
/// QkdNetSim.Data.Frames.ParquetFrame).
/// </summary>
public sealed class ResultTable
{
    private readonly List<string> _names = new();
    private readonly List<List<object>> _columns = new();

    public string Name { get; }
    public IReadOnlyList<string> ColumnNames => _names;
    public int RowCount => _columns.Count == 0 ? 0 : _columns[0].Count;

    public ResultTable(string name, params string[] columns)
    {
        Name = name;
        foreach (var c in columns) { _names.Add(c); _columns.Add(new List<object>()); }
    }

    /// <summary>Adds a row: values in column order (double, long, int, bool or string).</summary>
    public void Add(params object[] values)
    {
        if (values.Length != _names.Count) throw new ArgumentException($"{Name}: row has {values.Length} values, table has {_names.Count} columns");
        for (int i = 0; i < values.Length; i++) _columns[i].Add(values[i]);
    }

    public IReadOnlyList<object> Column(string name) => _columns[_names.IndexOf(name)];

    public double[] Doubles(string name) => Column(name).Select(Convert.ToDouble).ToArray();

    /// <summary>
    /// The table as a DataFrame, one typed column per table column: strings and booleans as such, every other value
    /// (integers, doubles) as a double column, the column's type taken from its first value, as in the Parquet file.
    /// </summary>
    public DataFrame ToDataFrame() => new(_names.Select((name, i) => ToColumn(name, _columns[i])));

    private static DataFrameColumn ToColumn(string name, List<object> values) => values.FirstOrDefault() switch
    {
        string => new StringDataFrameColumn(name, values.Select(v => v.ToString() ?? "")),
        bool => new BooleanDataFrameColumn(name, values.Select(v => (bool)v)),
        _ => new DoubleDataFrameColumn(name, values.Select(Convert.ToDouble)),
    };
}

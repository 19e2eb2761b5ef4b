namespace QkdNetSim.Experiments.Tables;

/// <summary>A small column-oriented table of experiment results (numbers and labels), written to Parquet and Markdown.</summary>
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
}

namespace QkdNetSim.Runs;

/// <summary>
/// A kind's per-user (per-pair, per-Bob) results as cells: what `run` and `analyze` print as a table, JSON or CSV.
/// Cells are already formatted (invariant culture); <see cref="Footer"/> lines go under the table.
/// </summary>
public sealed record ResultRows(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<string> Footer)
{
    public ResultRows Validate()
    {
        foreach (var row in Rows)
            if (row.Count != Columns.Count)
                throw new ArgumentException($"table '{Title}': a row has {row.Count} cells, the header {Columns.Count}");
        return this;
    }
}

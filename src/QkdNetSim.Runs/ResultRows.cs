namespace QkdNetSim.Runs;

/// <summary>
/// A kind's per-user (per-pair, per-Bob) results, built once from its summary and rendered by the CLI as a table, JSON or
/// CSV: the table title and the notes under it (plain text), the columns, and one cell per column and row.
/// </summary>
public sealed record ResultRows(string Title, IReadOnlyList<ResultColumn> Columns, IReadOnlyList<ResultCell[]> Rows, IReadOnlyList<string> Notes);

/// <summary>
/// A column: <paramref name="Key"/> names it in JSON and CSV (summary.json's camelCase field name, units in the name);
/// <paramref name="Header"/> names it in the table, or is null for a column that only scripts see.
/// </summary>
public sealed record ResultColumn(string Key, string? Header);

/// <summary>A cell: the table text and the value scripts get (string, int, long, double, bool or null).</summary>
public readonly record struct ResultCell(string Text, object? Value);

/// <summary>A column definition over one row type: the value, and the table text (null for a script-only column).</summary>
public sealed record ResultColumn<TRow>(string Key, string? Header, Func<TRow, object?> Value, Func<TRow, string>? Text = null)
{
    public static ResultRows Rows(string title, IReadOnlyList<ResultColumn<TRow>> columns, IEnumerable<TRow> rows, IReadOnlyList<string> notes) =>
        new(title,
            columns.Select(c => new ResultColumn(c.Key, c.Header)).ToArray(),
            rows.Select(r => columns.Select(c => new ResultCell(c.Text?.Invoke(r) ?? "", c.Value(r))).ToArray()).ToArray(),
            notes);
}

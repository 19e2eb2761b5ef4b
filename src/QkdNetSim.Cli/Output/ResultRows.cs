namespace QkdNetSim.Cli.Output;

/// <summary>How `run` and `analyze` print their per-user results: a Spectre table, a JSON array, or CSV.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>
/// One kind's console results, built once and printed by three renderers (<see cref="ResultWriter"/>): the table
/// title and the notes under it (Spectre markup, table format only), the columns and one cell per column and row.
/// </summary>
public sealed record ResultRows(string TitleMarkup, IReadOnlyList<ResultColumn> Columns, IReadOnlyList<ResultCell[]> Rows, IReadOnlyList<string> NotesMarkup);

/// <summary>
/// A column: <paramref name="Key"/> names it in JSON and CSV (summary.json's camelCase field name, units in the
/// name); <paramref name="Header"/> names it in the table, or is null for a column that only scripts see.
/// </summary>
public sealed record ResultColumn(string Key, string? Header);

/// <summary>A cell: the table text (plain, not markup) and the value scripts get (string, int, long, double, bool or null).</summary>
public readonly record struct ResultCell(string Text, object? Value);

/// <summary>A column definition over one row type: the value, and the table text (null for a script-only column).</summary>
public sealed record ResultColumn<TRow>(string Key, string? Header, Func<TRow, object?> Value, Func<TRow, string>? Text = null)
{
    public static ResultRows Rows(string titleMarkup, IReadOnlyList<ResultColumn<TRow>> columns, IEnumerable<TRow> rows, IReadOnlyList<string> notesMarkup) =>
        new(titleMarkup,
            columns.Select(c => new ResultColumn(c.Key, c.Header)).ToArray(),
            rows.Select(r => columns.Select(c => new ResultCell(c.Text?.Invoke(r) ?? "", c.Value(r))).ToArray()).ToArray(),
            notesMarkup);
}

/// <summary>
/// A kind's console results: turns its summary into <see cref="ResultRows"/> (one row per user, pair or Bob).
/// Implementations stay small and self-contained so a run-layer registry can hold one per kind.
/// </summary>
public interface IResultRows<in TSummary>
{
    /// <param name="outPath">Where the outputs went (named in the notes under the table).</param>
    ResultRows Rows(TSummary summary, string outPath);
}

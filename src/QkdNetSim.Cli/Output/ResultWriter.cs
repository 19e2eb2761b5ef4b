using System.Globalization;
using System.Text;
using System.Text.Json;
using QkdNetSim.Runs;
using Spectre.Console;

namespace QkdNetSim.Cli.Output;

/// <summary>How `run` and `analyze` print their per-user results: a Spectre table, a JSON array, or CSV.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>The three renderers of <see cref="ResultRows"/>: Spectre table (with notes), JSON array of objects, CSV.</summary>
public static class ResultWriter
{
    /// <summary>Table to <see cref="AnsiConsole"/>; JSON and CSV to <see cref="Console.Out"/> and nothing else.</summary>
    /// <param name="outPath">Where the outputs went, named under the table.</param>
    public static void Write(ResultRows rows, OutputFormat format, string? outPath = null)
    {
        if (outPath is not null) rows = rows with { Notes = [.. rows.Notes, $"outputs in {outPath}"] };
        switch (format)
        {
            case OutputFormat.Json: Console.Out.Write(Json(rows)); break;
            case OutputFormat.Csv: Console.Out.Write(Csv(rows)); break;
            default:
                ConsoleSetup.NoWrapWhenRedirected();
                WriteTable(rows, AnsiConsole.Console);
                break;
        }
        Console.Out.Flush();
    }

    /// <summary>The table and its notes: drawn by <see cref="PlainTable"/> where it gives Spectre's bytes, else by <see cref="WriteSpectreTable"/>.</summary>
    public static void WriteTable(ResultRows rows, IAnsiConsole console)
    {
        if (!PlainTable.TryWrite(rows, console)) WriteSpectreTable(rows, console);
    }

    /// <summary>The table as a Spectre <see cref="Table"/> (rounded border, right-aligned columns, title) and the notes in grey.</summary>
    public static void WriteSpectreTable(ResultRows rows, IAnsiConsole console)
    {
        var shown = Enumerable.Range(0, rows.Columns.Count).Where(i => rows.Columns[i].Header is not null).ToArray();
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(rows.Title));
        foreach (int i in shown) table.AddColumn(new TableColumn(Markup.Escape(rows.Columns[i].Header!)).RightAligned());
        foreach (var row in rows.Rows) table.AddRow(shown.Select(i => Markup.Escape(row[i].Text)).ToArray());
        console.Write(table);
        foreach (string note in rows.Notes) console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
    }

    /// <summary>An indented JSON array with one object per row, keyed by column key; non-finite numbers are null.</summary>
    public static string Json(ResultRows rows)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var row in rows.Rows)
            {
                w.WriteStartObject();
                for (int i = 0; i < rows.Columns.Count; i++)
                {
                    w.WritePropertyName(rows.Columns[i].Key);
                    switch (row[i].Value)
                    {
                        case null: w.WriteNullValue(); break;
                        case string s: w.WriteStringValue(s); break;
                        case bool b: w.WriteBooleanValue(b); break;
                        case int n: w.WriteNumberValue(n); break;
                        case long n: w.WriteNumberValue(n); break;
                        case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
                        case double: w.WriteNullValue(); break;
                        case var other: throw new InvalidOperationException($"column {rows.Columns[i].Key}: no JSON form for {other.GetType().Name}");
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A header line of column keys and one line per row: invariant culture, round-trip numbers, RFC 4180 quoting.</summary>
    public static string Csv(ResultRows rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', rows.Columns.Select(c => CsvField(c.Key))).Append('\n');
        foreach (var row in rows.Rows) sb.AppendJoin(',', row.Select(c => CsvField(CsvText(c.Value)))).Append('\n');
        return sb.ToString();
    }

    private static string CsvText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    /// <summary>RFC 4180: a field holding a comma, a quote or a line break is quoted, with quotes doubled.</summary>
    public static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}

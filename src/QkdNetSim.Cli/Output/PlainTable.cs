using System.Text;
using QkdNetSim.Runs;
using Spectre.Console;

namespace QkdNetSim.Cli.Output;

/// <summary>
/// The results table exactly as <see cref="ResultWriter.WriteSpectreTable"/> writes it to a console without ANSI codes
/// (stdout piped or redirected to a file): the title centred over the table, a rounded border, one space of padding,
/// right-aligned columns as wide as their widest text, the notes as plain lines. Written as one string, it spares a short
/// run the ~20 ms of loading and compiling Spectre's layout engine. Only the case it draws byte for byte is taken:
/// Unicode borders, no colour a terminal would show, printable ASCII text, at least one column and one row, a title and
/// table within the console's width; any other table (a terminal's, with colours and wrapping) is Spectre's.
/// </summary>
public static class PlainTable
{
    /// <summary>Writes the table to <paramref name="console"/>'s output and returns true, or writes nothing and returns false.</summary>
    public static bool TryWrite(ResultRows rows, IAnsiConsole console)
    {
        var profile = console.Profile;
        var caps = profile.Capabilities;
        // Without ANSI, Spectre colours a terminal through the console API (the notes' grey), never the bytes it writes.
        if (caps.Ansi || !caps.Unicode || (caps.ColorSystem != ColorSystem.NoColors && profile.Out.IsTerminal)) return false;
        var shown = Enumerable.Range(0, rows.Columns.Count).Where(i => rows.Columns[i].Header is not null).ToArray();
        string? text = Render(rows.Title, shown.Select(i => rows.Columns[i].Header!).ToArray(),
            rows.Rows.Select(r => shown.Select(i => r[i].Text).ToArray()).ToArray(), rows.Notes, profile.Width);
        if (text is null) return false;
        profile.Out.Writer.Write(text);
        return true;
    }

    /// <summary>The text Spectre writes for this table and notes at <paramref name="width"/> columns, or null outside the drawn case.</summary>
    public static string? Render(string title, IReadOnlyList<string> headers, IReadOnlyList<string[]> cells, IReadOnlyList<string> notes, int width)
    {
        if (headers.Count == 0 || cells.Count == 0 || !Plain(title) || !headers.All(Plain) || !notes.All(Plain)) return null;
        if (cells.Any(r => r.Length != headers.Count || !r.All(Plain))) return null;
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Max(r => r[i].Length))).ToArray();
        int tableWidth = widths.Sum() + 3 * widths.Length + 1;
        if (tableWidth > width || title.Length == 0 || title.Length > tableWidth || notes.Any(n => n.Length >= width)) return null;

        var sb = new StringBuilder();
        int left = (tableWidth - title.Length) / 2;
        sb.Append(' ', left).Append(title).Append(' ', tableWidth - title.Length - left).Append('\n');
        Rule(sb, widths, '╭', '┬', '╮');
        Row(sb, widths, headers);
        Rule(sb, widths, '├', '┼', '┤');
        foreach (var row in cells) Row(sb, widths, row);
        Rule(sb, widths, '╰', '┴', '╯');
        foreach (string note in notes) sb.Append(note).Append('\n');
        return sb.ToString();
    }

    private static void Rule(StringBuilder sb, int[] widths, char left, char cross, char right)
    {
        sb.Append(left);
        for (int i = 0; i < widths.Length; i++) sb.Append(i == 0 ? "" : cross.ToString()).Append('─', widths[i] + 2);
        sb.Append(right).Append('\n');
    }

    private static void Row(StringBuilder sb, int[] widths, IReadOnlyList<string> texts)
    {
        for (int i = 0; i < widths.Length; i++) sb.Append("│ ").Append(' ', widths[i] - texts[i].Length).Append(texts[i]).Append(' ');
        sb.Append("│\n");
    }

    /// <summary>Printable ASCII, no leading or trailing space (each character one cell wide, nothing Spectre would trim or wrap).</summary>
    private static bool Plain(string s) => s.All(c => c is >= ' ' and <= '~') && (s.Length == 0 || (s[0] != ' ' && s[^1] != ' '));
}

using QkdNetSim.Cli;
using QkdNetSim.Cli.Output;
using QkdNetSim.Runs;
using Spectre.Console;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// <see cref="PlainTable"/> writes the results table without Spectre's layout engine; wherever it draws, its bytes must be
/// the Spectre table's (<see cref="ResultWriter.WriteSpectreTable"/>) on the same console, and elsewhere it must decline.
/// </summary>
public sealed class PlainTableTests
{
    /// <summary>A console like a redirected stdout after <see cref="ConsoleSetup.NoWrapWhenRedirected"/>: no ANSI, no colour, 1000 columns.</summary>
    private static (IAnsiConsole Console, StringWriter Out) Redirected(AnsiSupport ansi = AnsiSupport.No, int width = ConsoleSetup.RedirectedWidth,
        ColorSystemSupport colors = ColorSystemSupport.NoColors)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ansi,
            ColorSystem = colors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return (console, writer);
    }

    private static string Spectre(ResultRows rows, ColorSystemSupport colors = ColorSystemSupport.NoColors)
    {
        var (console, writer) = Redirected(colors: colors);
        ResultWriter.WriteSpectreTable(rows, console);
        return writer.ToString();
    }

    private static string? Plain(ResultRows rows, int width = ConsoleSetup.RedirectedWidth, ColorSystemSupport colors = ColorSystemSupport.NoColors)
    {
        var (console, writer) = Redirected(width: width, colors: colors);
        return PlainTable.TryWrite(rows, console) ? writer.ToString() : null;
    }

    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;%/()[]-+_=*#<>'\"!?|~";

    private static string Word(Random r, int min, int max)
    {
        var chars = Enumerable.Range(0, r.Next(min, max + 1)).Select(_ => Letters[r.Next(Letters.Length)]).ToArray();
        return new string(chars).Trim();
    }

    private static ResultRows RandomRows(Random r)
    {
        int columns = r.Next(1, 11), rows = r.Next(1, 9);
        var cols = Enumerable.Range(0, columns).Select(i => new ResultColumn("k" + i, r.Next(8) == 0 ? null : Word(r, 0, 16))).ToArray();
        var cells = Enumerable.Range(0, rows).Select(_ => cols.Select(_ => new ResultCell(Word(r, 0, 14), null)).ToArray()).ToArray();
        var notes = Enumerable.Range(0, r.Next(0, 4)).Select(_ => Word(r, 1, 80)).ToArray();
        return new ResultRows(Word(r, 1, 50), cols, cells, notes);
    }

    [Fact]
    public void Every_table_it_draws_has_the_bytes_of_the_Spectre_table()
    {
        var r = new Random(20261106);
        int drawn = 0;
        for (int n = 0; n < 400; n++)
        {
            var rows = RandomRows(r);
            // A redirected stdout: Spectre detects no ANSI but may detect a colour system from TERM; it writes no colour then.
            var colors = n % 2 == 0 ? ColorSystemSupport.NoColors : ColorSystemSupport.EightBit;
            if (Plain(rows, colors: colors) is not string plain) continue;
            drawn++;
            Assert.Equal(Spectre(rows, colors), plain);
        }
        Assert.InRange(drawn, 200, 400); // most random tables are in the drawn case, so the comparison covers it
    }

    [Fact]
    public void The_access_results_table_is_drawn_with_the_Spectre_tables_bytes()
    {
        var (kind, scenario) = RunPipeline.Load(null, ["durationS=0.001"], BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        using var tmp = new CliTempDir();
        var summary = RunPipeline.Execute(kind, scenario, tmp.Sub("run"));
        var rows = kind.Rows(summary) with { Notes = [.. kind.Rows(summary).Notes, "outputs in runs/x"] };
        string? plain = Plain(rows);
        Assert.NotNull(plain);
        Assert.Equal(Spectre(rows), plain);
    }

    [Fact]
    public void It_declines_what_Spectre_would_colour_wrap_or_measure_differently()
    {
        var rows = new ResultRows("title", [new ResultColumn("a", "a"), new ResultColumn("b", "b")],
            [[new ResultCell("1", 1), new ResultCell("2", 2)]], ["note"]);
        Assert.NotNull(Plain(rows));
        var (ansi, writer) = Redirected(AnsiSupport.Yes, colors: ColorSystemSupport.Standard);
        Assert.False(PlainTable.TryWrite(rows, ansi)); // colours and styles are Spectre's
        Assert.Equal("", writer.ToString());
        Assert.Null(Plain(rows, width: 8)); // wider than the console: Spectre wraps
        Assert.Null(Plain(rows with { Rows = [] })); // no row
        Assert.Null(Plain(rows with { Title = "t\u00e9st" })); // not ASCII: cell widths are Spectre's
        Assert.Null(Plain(rows with { Rows = [[new ResultCell("\u6f22", 1), new ResultCell("2", 2)]] })); // a wide character
        Assert.Null(Plain(rows with { Title = new string('x', 40) })); // a title wider than the table wraps
    }
}

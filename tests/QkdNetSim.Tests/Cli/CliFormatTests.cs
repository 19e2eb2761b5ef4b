using QkdNetSim.Runs;
using System.Globalization;
using System.Text.Json.Nodes;
using QkdNetSim.Cli.Output;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// `--format table|json|csv` on `run` and `analyze` for the three kinds (access: per user, MDI: per pair, CV: per
/// Bob): JSON and CSV hold the rows of summary.json and nothing else goes to stdout; the table printed to a pipe
/// keeps every row on one line.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliFormatTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Model(string relative) => Path.Combine(CliFiles.RepoRoot, "models", relative);

    /// <summary>The three network kinds, each run briefly.</summary>
    public static TheoryData<string> Kinds() => new() { "access", "mdi", "cv" };

    private static string[] ScenarioArgs(string kind) => kind switch
    {
        "access" => ["--duration", "0.05", "--seed", "5"],
        "mdi" => [Model("networks/seed002-four-user-mdi.yaml"), "--duration", "0.05", "--seed", "5"],
        _ => [Model("networks/seed000-three-node-cv.yaml"), "--set", "samples=200000", "--seed", "5"],
    };

    /// <summary>summary.json's rows the CLI prints for a kind: active users, pairs, or Bobs.</summary>
    private static JsonObject[] SummaryRows(string kind, string dir)
    {
        var doc = CliFiles.ReadJson(Path.Combine(dir, "summary.json"));
        var rows = (kind == "mdi" ? doc["pairs"] : doc["users"])!.AsArray().Select(n => n!.AsObject());
        return (kind == "access" ? rows.Where(u => u["active"]!.GetValue<bool>()) : rows).ToArray();
    }

    /// <summary>Columns checked against summary.json: key in the output, and the value's path in summary.json's row.</summary>
    private static (string Key, string Path)[] CheckedColumns(string kind) => kind switch
    {
        "access" => [("name", "name"), ("slot", "slot"), ("channelLossDb", "channelLossDb"), ("siftedBits", "siftedBits"), ("qberSignal", "qberSignal"),
            ("qberAll", "qberAll"), ("secretKeyRateBitPerS", "secretKeyRateBitPerS"), ("asymptoticKeyRateBitPerS", "asymptoticKeyRateBitPerS")],
        "mdi" => [("name", "name"), ("lossDb", "lossDb"), ("zzCount", "yields.zz.count"), ("qberZ", "qberZ"), ("qberX", "qberX")],
        _ => [("name", "name"), ("trueTransmittance", "trueTransmittance"), ("transmittance", "transmittance.value"),
            ("transmittanceStandardError", "transmittance.standardError"), ("trueExcessNoiseSnu", "trueExcessNoiseSnu"),
            ("excessNoiseSnu", "excessNoiseSnu.value"), ("networkKeyRateAnalyticBits", "networkKeyRateAnalyticBits")],
    };

    private static JsonNode? At(JsonObject row, string path)
    {
        JsonNode? node = row;
        foreach (string part in path.Split('.')) node = node?[part];
        return node;
    }

    private (CliResult Result, string Dir) Run(string kind, string format, bool quiet = true)
    {
        string dir = _tmp.Sub(kind + "-" + format + (quiet ? "" : "-progress"));
        var args = new List<string> { "run" };
        args.AddRange(ScenarioArgs(kind));
        args.AddRange(["--out", dir, "--format", format]);
        if (quiet) args.Add("--quiet");
        var r = CliRunner.Invoke(args.ToArray());
        Assert.True(r.ExitCode == 0, $"run {kind} --format {format} exited {r.ExitCode}: {r.Stderr}");
        return (r, dir);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void JsonIsAnArrayWithOneObjectPerRowHoldingTheSummaryValues(string kind)
    {
        var (r, dir) = Run(kind, "json");

        var array = JsonNode.Parse(r.Stdout)!.AsArray(); // the whole of stdout is the JSON document
        var expected = SummaryRows(kind, dir);
        Assert.Equal(expected.Length, array.Count);
        Assert.True(array.Count >= 2, $"{kind}: {array.Count} rows");
        for (int i = 0; i < expected.Length; i++)
        {
            var obj = array[i]!.AsObject();
            foreach (var (key, path) in CheckedColumns(kind))
                Assert.True(JsonNode.DeepEquals(At(expected[i], path), obj[key]), $"{kind} row {i} {key}: {obj[key]?.ToJsonString()} vs summary {At(expected[i], path)?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void CsvIsAHeaderLineAndOneInvariantLinePerRow(string kind)
    {
        var (r, dir) = Run(kind, "csv");

        var lines = r.Stdout.Split('\n');
        Assert.Equal("", lines[^1]); // ends with a line break
        lines = lines[..^1];
        string[] header = lines[0].Split(',');
        var expected = SummaryRows(kind, dir);
        Assert.Equal(expected.Length + 1, lines.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            string[] cells = lines[i + 1].Split(','); // no field holds a comma here
            Assert.Equal(header.Length, cells.Length);
            foreach (var (key, path) in CheckedColumns(kind))
            {
                string cell = cells[Array.IndexOf(header, key)];
                var want = At(expected[i], path)!;
                if (want.GetValueKind() == System.Text.Json.JsonValueKind.String) Assert.Equal(want.GetValue<string>(), cell);
                else Assert.Equal(want.GetValue<double>(), double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TablePrintedToAPipeKeepsEveryRowOnOneLine(string kind)
    {
        var (r, dir) = Run(kind, "table");

        // Rounded-border rows: one header line, then one line per result row, every line with the same number of cells.
        var rows = r.Stdout.Split('\n').Where(l => l.StartsWith('│')).ToArray();
        var expected = SummaryRows(kind, dir);
        Assert.True(rows.Length == expected.Length + 1, $"{kind}: {rows.Length} table lines for {expected.Length} rows (a wrapped cell adds lines):\n{r.Stdout}");
        Assert.Single(rows.Select(l => l.Count(c => c == '│')).Distinct());
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i]["name"]!.GetValue<string>(), rows[i + 1].Split('│')[1].Trim());
        Assert.True(r.Stdout.Split('\n').All(l => l.Length < 400), "a line padded to the redirected console width (something expanded instead of taking its natural width)");
    }

    [Fact]
    public void JsonWithoutQuietKeepsStdoutCleanAndAnalyzePrintsTheSameRows()
    {
        var (r, dir) = Run("access", "json", quiet: false);
        var fromRun = JsonNode.Parse(r.Stdout)!.AsArray();

        var analyzed = CliRunner.Invoke("analyze", dir, "--format", "json");
        Assert.True(analyzed.ExitCode == 0, analyzed.Stderr);
        Assert.Equal(r.Stdout, analyzed.Stdout);
        Assert.Equal(2, fromRun.Count);
    }

    [Fact]
    public void AnalyzeOfACovarianceFilePrintsItsBobsAsCsv()
    {
        string file = _tmp.Write("cov.yaml", File.ReadAllText(Model("measurements/seed000-three-node-covariance.yaml")));
        var r = CliRunner.Invoke("analyze", file, "--format", "csv");
        Assert.True(r.ExitCode == 0, r.Stderr);

        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("name,mutualInformationBits,otherBobsInformationBits,conditionalHolevoBits,keyRateBits,lowerLimitKeyRateBits", lines[0]);
        var users = CliFiles.ReadJson(Path.Combine(_tmp.Root, "cov.summary.json"))["users"]!.AsArray();
        Assert.Equal(users.Count + 1, lines.Length);
        for (int i = 0; i < users.Count; i++)
        {
            string[] cells = lines[i + 1].Split(',');
            Assert.Equal(users[i]!["name"]!.GetValue<string>(), cells[0]);
            Assert.Equal(users[i]!["keyRateBits"]!.GetValue<double>(), double.Parse(cells[4], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void CsvQuotesFieldsWithCommasQuotesAndLineBreaksAndJsonWritesNonFiniteNumbersAsNull()
    {
        var rows = new ResultRows("t", [new ResultColumn("name", "name"), new ResultColumn("value", null)],
            [
                [new ResultCell("a,b", "a,b"), new ResultCell("", double.NaN)],
                [new ResultCell("", "say \"hi\""), new ResultCell("", 0.1)],
                [new ResultCell("", "two\nlines"), new ResultCell("", null)],
                [new ResultCell("", "plain"), new ResultCell("", 12345678901L)],
            ], []);

        Assert.Equal("name,value\n\"a,b\",NaN\n\"say \"\"hi\"\"\",0.1\n\"two\nlines\",\nplain,12345678901\n", ResultWriter.Csv(rows));
        var json = JsonNode.Parse(ResultWriter.Json(rows))!.AsArray();
        Assert.Null(json[0]!["value"]);
        Assert.Equal("say \"hi\"", json[1]!["name"]!.GetValue<string>());
        Assert.Equal(0.1, json[1]!["value"]!.GetValue<double>());
        Assert.Equal(12345678901L, json[3]!["value"]!.GetValue<long>());
    }
}

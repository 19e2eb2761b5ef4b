// One `qkdnetsim run` folder as Microsoft.Data.Analysis DataFrames, plotted with ScottPlot (a .NET 10 file-based program):
//
//   dotnet run examples/run.cs -- RUN_DIR [OUT_DIR]
//
// RUN_DIR is an access-network run folder (`qkdnetsim run --out RUN_DIR`): summary.json, detections.parquet (absent
// with --no-log) and timeseries.parquet (absent when the series is off). Writes into OUT_DIR (default RUN_DIR/examples):
//   clicks_per_bin.png  click rows per time bin and cause (ground truth) from the first row groups of detections.parquet
//   timeseries.png      signal QBER and finite-key rate per block and user from timeseries.parquet
// and prints the per-user table of summary.json and the DataFrames' first rows.
#:project ../src/QkdNetSim.Data/QkdNetSim.Data.csproj
#:package ScottPlot@5.1.59

using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Analysis;
using QkdNetSim.Data.Frames;
using ScottPlot;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: dotnet run examples/run.cs -- RUN_DIR [OUT_DIR]");
    return 2;
}
string runDir = args[0];
string outDir = args.Length > 1 ? args[1] : Path.Combine(runDir, "examples");
Directory.CreateDirectory(outDir);

// summary.json: one DataFrame row per user (the fields of the summary's users[] the table prints).
using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "summary.json")));
var users = summary.RootElement.GetProperty("users").EnumerateArray().ToList();
double Number(JsonElement u, string key) => u.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
var userFrame = new DataFrame(
    new StringDataFrameColumn("name", users.Select(u => u.GetProperty("name").GetString())),
    new BooleanDataFrameColumn("active", users.Select(u => u.GetProperty("active").GetBoolean())),
    new DoubleDataFrameColumn("channelLossDb", users.Select(u => Number(u, "channelLossDb"))),
    new DoubleDataFrameColumn("qberSignal", users.Select(u => Number(u, "qberSignal"))),
    new DoubleDataFrameColumn("secretKeyRateBitPerS", users.Select(u => Number(u, "secretKeyRateBitPerS"))),
    new DoubleDataFrameColumn("asymptoticKeyRateBitPerS", users.Select(u => Number(u, "asymptoticKeyRateBitPerS"))));
Console.WriteLine($"{summary.RootElement.GetProperty("scenarioName").GetString()}: {users.Count} users");
Console.WriteLine(userFrame.Filter(userFrame["active"].ElementwiseEquals(true)));

// detections.parquet: a log can hold ~1e10 rows, so load a few row groups (ParquetFrame refuses more than 2^27 rows).
string log = Path.Combine(runDir, "detections.parquet");
if (File.Exists(log))
{
    var rowGroups = ParquetFrame.RowGroups(log);
    int groups = Math.Min(4, rowGroups.Count);
    var clicks = ParquetFrame.Load(log, columns: ["gate", "time_bin", "user", "truth_cause"], rowGroupCount: groups);
    Console.WriteLine($"{log}: {rowGroups.Sum():N0} rows in {rowGroups.Count} row groups; loaded {clicks.Rows.Count:N0} rows of {groups}");
    Console.WriteLine(clicks.Head(5));

    // Click rows per (time bin, cause); the truth_cause codes are the log's (README "detections.parquet").
    string[] causes = ["signal photon", "dark count", "afterpulse", "crosstalk"];
    var bins = (PrimitiveDataFrameColumn<int>)clicks["time_bin"];
    var cause = (PrimitiveDataFrameColumn<int>)clicks["truth_cause"];
    int binCount = (int)(bins.Max() ?? 0) + 1;
    var counts = new long[causes.Length, binCount];
    for (long i = 0; i < clicks.Rows.Count; i++) counts[cause[i]!.Value, bins[i]!.Value]++;

    // Counts span decades (signal ~1e5 against dark counts ~1e1): log10 bars with physical tick labels.
    var plot = new Plot();
    double width = 0.8 / causes.Length;
    for (int c = 0; c < causes.Length; c++)
    {
        var bars = Enumerable.Range(0, binCount).Where(b => counts[c, b] > 0)
            .Select(b => new Bar { Position = b - 0.4 + width * (c + 0.5), Value = Math.Log10(counts[c, b]), Size = width, FillColor = Colors.Category10[c] })
            .ToList();
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = causes[c], FillColor = Colors.Category10[c] });
    }
    plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = y => Math.Pow(10, y).ToString("N0", CultureInfo.InvariantCulture),
    };
    plot.Axes.SetLimitsY(0, Math.Log10(Math.Max(10, counts.Cast<long>().Max())) + 0.3);
    plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
        Enumerable.Range(0, binCount).Select(b => (double)b).ToArray(), Enumerable.Range(0, binCount).Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray());
    plot.Title($"click rows per time bin, first {groups} row group(s)");
    plot.XLabel("time bin");
    plot.YLabel("click rows (log scale)");
    plot.ShowLegend(Edge.Right);
    string png = Path.Combine(outDir, "clicks_per_bin.png");
    plot.SavePng(png, 900, 450);
    Console.WriteLine($"wrote {png}");
}
else Console.WriteLine($"{log}: none (a run with --no-log or mode: blocks)");

// timeseries.parquet: one row per user and block.
string series = Path.Combine(runDir, "timeseries.parquet");
if (File.Exists(series))
{
    var blocks = ParquetFrame.Load(series, ["user_name", "block", "block_start_s", "block_end_s", "qber_signal", "key_rate_bps"]);
    Console.WriteLine($"{series}: {blocks.Rows.Count} rows");
    Console.WriteLine(blocks.Head(5));
    blocks["time_s"] = (blocks["block_start_s"] + blocks["block_end_s"]) / 2;

    var multiplot = new Multiplot();
    multiplot.AddPlots(2);
    multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
    Plot qber = multiplot.GetPlot(0), key = multiplot.GetPlot(1);
    var names = ((StringDataFrameColumn)blocks["user_name"]).Distinct().ToList();
    foreach (string? name in names)
    {
        var rows = blocks.Filter(((StringDataFrameColumn)blocks["user_name"]).ElementwiseEquals(name));
        double[] t = Doubles(rows["time_s"]);
        var q = qber.Add.Scatter(t, Doubles(rows["qber_signal"]).Select(v => 100 * v).ToArray());
        q.LegendText = name ?? "";
        var k = key.Add.Scatter(t, Doubles(rows["key_rate_bps"]).Select(v => v / 1e3).ToArray());
        k.LegendText = name ?? "";
    }
    qber.Title("signal QBER per block");
    qber.YLabel("QBER (%)");
    qber.XLabel("time (s)");
    key.Title("finite-key secret key rate per block");
    key.YLabel("key rate (kbit/s)");
    key.XLabel("time (s)");
    qber.ShowLegend(Edge.Right);
    key.ShowLegend(Edge.Right);
    string png = Path.Combine(outDir, "timeseries.png");
    multiplot.SavePng(png, 900, 720);
    Console.WriteLine($"wrote {png}");
}
else Console.WriteLine($"{series}: none (timeseries.enabled: false)");
return 0;

// A numeric column as doubles (nulls as NaN, which ScottPlot leaves out of the line).
static double[] Doubles(DataFrameColumn column) =>
    Enumerable.Range(0, (int)column.Length).Select(i => column[i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN).ToArray();

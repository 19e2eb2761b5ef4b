// A study dataset as a Microsoft.Data.Analysis DataFrame, plotted with ScottPlot (a .NET 10 file-based program):
//
//   dotnet run examples/sweep.cs -- DATASET X Y [BY] [OUT.png]
//
// DATASET: a study folder (`qkdnetsim sweep STUDY.yaml --out DIR`, or results/studies/<study>) holding points.parquet,
// a points.parquet file, or a CSV file with a header line (e.g. exported from points.parquet). X and Y are column names
// (a parameter and a metric, e.g. `distance` and `secretKeyRateBitPerS`); BY (default `unitName`, `-` for none) splits
// the points into series. Rows with `status` other than `done` are left out; repeats of one (BY, X) are averaged, with
// standard-error bars. Y spanning more than two decades (all > 0) is drawn on a log axis labelled in physical values.
// Writes OUT.png (default DATASET_FOLDER/examples/sweep_X_Y.png) and prints the DataFrame's columns and first rows.
#:project ../src/QkdNetSim.Data/QkdNetSim.Data.csproj
#:package ScottPlot@5.1.59

using System.Globalization;
using Microsoft.Data.Analysis;
using QkdNetSim.Data.Frames;
using ScottPlot;

if (args.Length is < 3 or > 5)
{
    Console.Error.WriteLine("usage: dotnet run examples/sweep.cs -- DATASET X Y [BY] [OUT.png]");
    return 2;
}
string dataset = args[0], x = args[1], y = args[2];
string? by = args.Length > 3 && args[3] != "-" ? args[3] : args.Length > 3 ? null : "unitName";
string file = Directory.Exists(dataset) ? Path.Combine(dataset, "points.parquet") : dataset;
string outPng = args.Length > 4 ? args[4]
    : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "examples", $"sweep_{x}_{y}.png");

DataFrame df = file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? DataFrame.LoadCsv(file) : ParquetFrame.Load(file);
Console.WriteLine($"{file}: {df.Rows.Count} rows, {df.Columns.Count} columns");
foreach (string column in new[] { x, y }.Concat(by is null ? [] : [by]))
    if (df.Columns.IndexOf(column) < 0)
    {
        Console.Error.WriteLine($"error: {file}: {column}: no such column (columns: {string.Join(", ", df.Columns.Select(c => c.Name).Take(40))}, ...)");
        return 2;
    }
if (df.Columns.IndexOf("status") >= 0) df = df.Filter(df["status"].ElementwiseEquals("done"));
Console.WriteLine(new DataFrame(new[] { x, y }.Concat(by is null ? [] : [by]).Select(c => df[c])).Head(5)); // the columns the figure uses

// Mean and standard error of Y per (series, X): repeats of a point differ only in their seed.
var groups = new SortedDictionary<string, SortedDictionary<double, List<double>>>(StringComparer.Ordinal);
for (long i = 0; i < df.Rows.Count; i++)
{
    if (df[x][i] is not { } xv || df[y][i] is not { } yv) continue;
    double xd = Convert.ToDouble(xv, CultureInfo.InvariantCulture), yd = Convert.ToDouble(yv, CultureInfo.InvariantCulture);
    if (!double.IsFinite(xd) || !double.IsFinite(yd)) continue;
    string series = by is null ? y : Convert.ToString(df[by][i], CultureInfo.InvariantCulture) ?? "(none)";
    if (!groups.TryGetValue(series, out var points)) groups[series] = points = new();
    if (!points.TryGetValue(xd, out var values)) points[xd] = values = new();
    values.Add(yd);
}
if (groups.Count == 0)
{
    Console.Error.WriteLine($"error: {file}: {y}: no finished point with a finite {x} and {y}");
    return 2;
}

var all = groups.Values.SelectMany(p => p.Values.Select(v => v.Average())).ToArray();
bool log = all.All(v => v > 0) && all.Max() / all.Min() > 100;
var plot = new Plot();
int index = 0;
foreach (var (series, points) in groups)
{
    double[] xs = points.Keys.ToArray();
    double[] means = points.Values.Select(v => v.Average()).ToArray();
    double[] errors = points.Values.Select(v => v.Count > 1 ? Math.Sqrt(v.Sum(a => (a - v.Average()) * (a - v.Average())) / (v.Count - 1) / v.Count) : 0).ToArray();
    double[] ys = log ? means.Select(Math.Log10).ToArray() : means;
    var color = Colors.Category10[index % 10];
    var line = plot.Add.Scatter(xs, ys, color);
    line.LegendText = series;
    line.MarkerShape = (MarkerShape)(1 + index % 8); // colours repeat after ten series, shapes tell them apart
    line.MarkerSize = 7;
    if (errors.Any(e => e > 0))
    {
        // Error bars on a log axis: log10(mean +- error), the lower end clipped at a tenth of the mean.
        double[] up = log ? means.Select((m, i) => Math.Log10(m + errors[i]) - Math.Log10(m)).ToArray() : errors;
        double[] down = log ? means.Select((m, i) => Math.Log10(m) - Math.Log10(Math.Max(m - errors[i], m / 10))).ToArray() : errors;
        var bars = plot.Add.ErrorBar(xs, ys, up);
        bars.YErrorNegative = down;
        bars.Color = color;
    }
    index++;
}
if (log)
    plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("G4", CultureInfo.InvariantCulture),
    };
plot.XLabel(x);
plot.YLabel(log ? $"{y} (log scale)" : y);
plot.Title($"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))}: {y} vs {x}");
plot.ShowLegend(Edge.Right);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPng))!);
plot.SavePng(outPng, 900, 500);
Console.WriteLine($"wrote {outPng}");
return 0;

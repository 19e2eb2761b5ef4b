using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using ScottPlot;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>What to plot from a study folder: `qkdnetsim plot DIR --x PARAM --y METRIC [--by PARAM] [--heatmap] [--out FILE]`.</summary>
/// <param name="Dir">The study folder (holds points.parquet).</param>
/// <param name="X">Column on the x axis (numeric).</param>
/// <param name="Y">Metric column (numeric): the y axis, or the colour of a heatmap.</param>
/// <param name="By">Column with one series per value (any type; "unitName" or "unit" for one series per unit); the y axis of a heatmap.</param>
/// <param name="Heatmap">Draw a heatmap: x by <paramref name="By"/>, colour = <paramref name="Y"/>.</param>
/// <param name="Out">Output path stem (a .png or .svg extension is dropped); default DIR/figures/&lt;y&gt;-vs-&lt;x&gt;[-by-&lt;by&gt;][-heatmap].</param>
/// <param name="Where">Filters `column=value` (a parameter, engine, unitName, ...): only rows whose value equals it (numbers compared as numbers).</param>
public sealed record StudyPlotRequest(string Dir, string X, string Y, string? By = null, bool Heatmap = false, string? Out = null,
    IReadOnlyList<string>? Where = null);

/// <summary>
/// The files written, the axes chosen (a heatmap's log colour scale counts as <see cref="LogY"/>), what was drawn
/// (per series, or per heatmap row, its points in data units, before any log transform) and the notes (rows left out,
/// reductions) a user should read.
/// </summary>
public sealed record StudyPlotResult(string PngPath, string SvgPath, bool LogX, bool LogY, IReadOnlyList<PlottedSeries> Series, IReadOnlyList<string> Notes);

/// <summary>One drawn series (legend text; "" for a single series) or heatmap row (its --by value), and its points.</summary>
public sealed record PlottedSeries(string Label, IReadOnlyList<MeanPoint> Points);

/// <summary>
/// Figures of a study dataset (DIR/points.parquet, one row per point and unit): a line plot of a metric against a
/// parameter with one series per value of another, or a heatmap over two parameters; PNG and SVG, in the style of the
/// results/ figures (<see cref="Figure"/>: 900 × 600 px data area, legend beside it, distinct series past ten, axes from 0).
/// </summary>
/// <remarks>
/// Rows whose status is not "done" and rows without a value are left out (with a note). Repeats (rows that differ only
/// in repeat and seed) are averaged, with error bars of one standard error when there are two or more
/// (<see cref="StudyAggregation"/>). Swept parameters other than x and by that vary, and the engine when a study ran
/// both, split a line plot into further series. With several units per point (users, user pairs, Bobs), a line plot
/// without --by draws one series per unit; otherwise (--by a parameter, or a heatmap) each point shows the minimum over
/// units, the worst user for a key rate, and the title says so. A metric that is the same on every unit of a point (a
/// network-level metric) is drawn once. Rates (<see cref="AxisLabels.IsRate"/>) get a log y axis (log colour on a
/// heatmap), where means ≤ 0 cannot be drawn and are left out with a note; a parameter whose values are all positive
/// and span more than two decades gets a log x axis.
/// </remarks>
public static class StudyPlot
{
    public const int WidthPx = Figure.WidthPx, HeightPx = Figure.HeightPx;

    public static StudyPlotResult Draw(StudyPlotRequest request)
    {
        if (request.Heatmap && request.By is null)
            throw new InputError("command line", "--heatmap", "needs --by PARAM (the heatmap's y axis)");
        if (request.By is not null && request.By == request.X)
            throw new InputError("command line", "--by", $"'{request.By}' is already the x axis; choose another column");
        var filters = (request.Where ?? []).Select(ParseWhere).ToList();
        var data = StudyDataset.Load(request.Dir, request.X, request.Y, request.By, filters.Select(f => f.Column));
        var notes = new List<string>();
        var rows = KeptRows(data, request, notes).Where(i => filters.All(f => f.Matches(data, i))).ToList();
        if (rows.Count == 0)
            throw new InputError(data.Path, "--where", $"nothing to plot: no done row has {string.Join(" and ", request.Where!)}");
        var layout = Layout.Of(data, request, rows, notes);
        var plot = new Plot();
        var (logX, logY, series) = request.Heatmap ? DrawHeatmap(plot, data, request, layout, notes) : DrawLines(plot, data, request, layout, notes);

        string stem = request.Out is { } o ? StripImageExtension(Path.GetFullPath(o))
            : Path.Combine(request.Dir, "figures", Stem(request));
        var (png, svg) = Figure.Save(plot, stem, WidthPx, HeightPx); // a legend beside the data widens the figure by its width
        return new StudyPlotResult(png, svg, logX, logY, series, notes);
    }

    /// <summary>The default file name: &lt;metric&gt;-vs-&lt;x&gt;[-by-&lt;by&gt;][-heatmap][-where-&lt;column=value&gt;...].</summary>
    public static string Stem(StudyPlotRequest r) =>
        $"{r.Y}-vs-{r.X}{(r.By is null ? "" : "-by-" + r.By)}{(r.Heatmap ? "-heatmap" : "")}"
        + string.Concat((r.Where ?? []).Select(w => "-where-" + string.Concat(w.Select(c => char.IsLetterOrDigit(c) || c is '.' or '=' or '-' or '_' ? c : '_'))));

    /// <summary>A `--where column=value` filter.</summary>
    private sealed record Filter(string Column, string Value)
    {
        public bool Matches(StudyDataset data, long row) => data.Cell(Column, row) switch
        {
            double d => double.TryParse(Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && d == v,
            var other => string.Equals(other?.ToString(), Value, StringComparison.Ordinal),
        };
    }

    private static Filter ParseWhere(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new InputError("command line", "--where", $"expected column=value, got {Data.Scenarios.YamlTreeReader.Quoted(text)}");
        return new Filter(text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    private static string StripImageExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg" ? path[..^4] : path;

    /// <summary>Rows that are done and have both an x and a y value; notes count the others.</summary>
    private static List<long> KeptRows(StudyDataset data, StudyPlotRequest r, List<string> notes)
    {
        long total = data.Frame.Rows.Count;
        var kept = new List<long>();
        var notDone = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int noValue = 0;
        for (long i = 0; i < total; i++)
        {
            string? status = data.Text("status", i);
            if (status is not null && status != "done")
            {
                notDone[status.Length == 0 ? "empty" : status] = notDone.GetValueOrDefault(status.Length == 0 ? "empty" : status) + 1;
                continue;
            }
            if (!double.IsFinite(data.Number(r.X, i)) || !double.IsFinite(data.Number(r.Y, i)))
            {
                noValue++;
                continue;
            }
            kept.Add(i);
        }
        int notDoneCount = notDone.Values.Sum();
        if (notDoneCount > 0)
            notes.Add($"{notDoneCount} of {total} rows left out: status not done ({string.Join(", ", notDone.Select(kv => $"{kv.Value} {kv.Key}"))})");
        if (noValue > 0)
            notes.Add($"{noValue} of {total} rows left out: no value of '{r.Y}'{(r.X == r.Y ? "" : $" or '{r.X}'")}");
        if (kept.Count == 0)
            throw new InputError(data.Path, "--y", $"nothing to plot: none of the {total} rows is done with values of '{r.X}' and '{r.Y}'");
        return kept;
    }

    /// <summary>
    /// How rows map to series and what is reduced: the series dimensions (the by column, the unit, varying extra
    /// parameters and engine) and the reduction key (units, and for a heatmap the extras, reduced by minimum).
    /// </summary>
    private sealed class Layout
    {
        public required List<long> Rows { get; init; }
        public required List<string> SeriesColumns { get; init; } // UnitDimension stands for the unit
        public required List<string> ReducedColumns { get; init; } // reduced by minimum (UnitDimension included)
        public required int UnitCount { get; init; }

        public const string UnitDimension = "\0unit";

        public static Layout Of(StudyDataset data, StudyPlotRequest r, List<long> rows, List<string> notes)
        {
            bool hasUnit = data.Has("unit") || data.Has("unitName");
            int units = hasUnit ? rows.Select(i => UnitOf(data, i)).Distinct().Count() : 1;
            bool perUnit = units > 1 && !(data.Has("point") && SameOnEveryUnit(data, r.Y, rows));
            if (units > 1 && !perUnit)
            {
                // A network-level metric repeats on each unit row: keep the first unit of each point.
                var first = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (long i in rows)
                {
                    int u = UnitOf(data, i);
                    string p = data.Text("point", i) ?? "";
                    if (!first.TryGetValue(p, out int f) || u < f) first[p] = u;
                }
                rows = rows.Where(i => UnitOf(data, i) == first[data.Text("point", i) ?? ""]).ToList();
                notes.Add($"'{r.Y}' is the same on every unit of a point (a network-level metric): drawn once per point");
            }
            bool byUnit = r.By is "unit" or "unitName";
            var seriesColumns = new List<string>();
            var reduced = new List<string>();
            if (r.By is not null) seriesColumns.Add(byUnit ? UnitDimension : r.By);
            if (perUnit && !byUnit)
            {
                if (r.By is null && !r.Heatmap) seriesColumns.Add(UnitDimension);
                else reduced.Add(UnitDimension);
            }
            var extras = data.Parameters.Append("engine")
                .Where(c => c != r.X && c != r.By && data.Has(c) && rows.Select(i => Key(data.Cell(c, i))).Distinct().Count() > 1)
                .ToList();
            if (r.Heatmap)
            {
                reduced.AddRange(extras);
                if (extras.Count > 0)
                    notes.Add($"{string.Join(", ", extras.Select(e => $"'{e}'"))} {(extras.Count == 1 ? "varies" : "vary")}: each cell shows the minimum over {(extras.Count == 1 ? "its values" : "their values")}");
            }
            else seriesColumns.AddRange(extras);
            return new Layout { Rows = rows, SeriesColumns = seriesColumns, ReducedColumns = reduced, UnitCount = perUnit ? units : 1 };
        }

        /// <summary>Whether the metric has one value per point (equal on all the point's unit rows).</summary>
        private static bool SameOnEveryUnit(StudyDataset data, string y, List<long> rows) =>
            rows.GroupBy(i => data.Text("point", i) ?? "").All(g => g.Select(i => data.Number(y, i)).Distinct().Count() == 1);

        /// <summary>The values of the series dimensions (unit as its index) for one row.</summary>
        public object?[] SeriesKey(StudyDataset data, long row) => SeriesColumns.Select(c => Value(data, c, row)).ToArray();

        public object?[] ReducedKey(StudyDataset data, long row) => ReducedColumns.Select(c => Value(data, c, row)).ToArray();

        private static object? Value(StudyDataset data, string column, long row) =>
            column == UnitDimension ? (double)UnitOf(data, row) : data.Cell(column, row);

        /// <summary>Legend text of a series: "afterpulse probability = 0.045, alice".</summary>
        public string Legend(StudyDataset data, object?[] key, long exampleRow) => string.Join(", ", SeriesColumns.Select((c, k) =>
            c == UnitDimension ? UnitName(data, exampleRow) : c == "engine" ? $"engine {key[k]}" : AxisLabels.Legend(c, key[k], data.Units)));
    }

    private static int UnitOf(StudyDataset data, long row) =>
        data.Has("unit") ? (int)data.Number("unit", row) : 0;

    private static string UnitName(StudyDataset data, long row) =>
        data.Text("unitName", row) is { Length: > 0 } name ? name : $"unit {UnitOf(data, row)}";

    /// <summary>A comparable, hashable form of a cell (numbers as doubles, text as strings).</summary>
    private static string Key(object? v) => v switch { double d => "d" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), null => "null", _ => "s" + v };

    /// <summary>Orders keys element-wise: numbers by value, then text ordinally.</summary>
    private sealed class KeyOrder : IComparer<object?[]>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(object?[]? a, object?[]? b)
        {
            for (int k = 0; k < a!.Length; k++)
            {
                int c = (a[k], b![k]) switch
                {
                    (double x, double y) => x.CompareTo(y),
                    (double, _) => -1,
                    (_, double) => 1,
                    (var x, var y) => string.CompareOrdinal(x?.ToString(), y?.ToString()),
                };
                if (c != 0) return c;
            }
            return 0;
        }
    }

    /// <summary>Indexes distinct keys in <see cref="KeyOrder"/>; also keeps one example row per key.</summary>
    private static (Dictionary<string, int> Index, List<(object?[] Key, long Row)> Ordered) IndexKeys(IEnumerable<(object?[] Key, long Row)> keys)
    {
        var ordered = keys.GroupBy(k => Joined(k.Key)).Select(g => g.First())
            .OrderBy(k => k.Key, KeyOrder.Instance).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Count; i++) index[Joined(ordered[i].Key)] = i;
        return (index, ordered);
    }

    private static string Joined(object?[] key) => string.Join('\u001f', key.Select(Key));

    /// <summary>Rows as <see cref="StudyRow"/>s: series from <paramref name="seriesKey"/>, reduction key as the unit.</summary>
    private static List<StudyRow> ToStudyRows(StudyDataset data, StudyPlotRequest r, Layout layout, Func<long, object?[]> seriesKey,
        out List<(object?[] Key, long Row)> series)
    {
        var seriesKeys = layout.Rows.Select(i => (Key: seriesKey(i), Row: i)).ToList(); // each key computed once
        var reducedKeys = layout.Rows.Select(i => (Key: layout.ReducedKey(data, i), Row: i)).ToList();
        var (index, ordered) = IndexKeys(seriesKeys);
        var (reducedIndex, _) = IndexKeys(reducedKeys);
        series = ordered;
        return layout.Rows.Select((i, k) => new StudyRow(index[Joined(seriesKeys[k].Key)], data.Number(r.X, i),
            reducedIndex[Joined(reducedKeys[k].Key)], data.Number(r.Y, i))).ToList();
    }

    private static string Qualifiers(StudyPlotRequest r, Layout layout, IReadOnlyList<MeanPoint> means)
    {
        var parts = new List<string>();
        if (r.Where is { Count: > 0 } where) parts.Add(string.Join(", ", where.Select(w => ParseWhere(w)).Select(f => AxisLabels.Legend(f.Column, f.Value))));
        var over = layout.ReducedColumns.Select(c => c == Layout.UnitDimension ? $"{layout.UnitCount} units" : AxisLabels.Words(c)).ToList();
        if (over.Count > 0) parts.Add($"minimum over {string.Join(" and ", over)}");
        int minRepeats = means.Min(m => m.Repeats), maxRepeats = means.Max(m => m.Repeats);
        if (maxRepeats >= 2)
        {
            string count = minRepeats == maxRepeats ? $"{maxRepeats}" : $"{minRepeats}-{maxRepeats}";
            parts.Add(r.Heatmap ? $"mean of {count} repeats" : $"mean ± standard error of {count} repeats");
        }
        return string.Join("; ", parts);
    }

    private static string Title(StudyPlotRequest r, string qualifiers)
    {
        string study = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(r.Dir)));
        return $"{study}: {AxisLabels.Words(r.Y)} vs {AxisLabels.Words(r.X)}" + (qualifiers.Length > 0 ? "\n" + qualifiers : "");
    }

    // ---- line plot ----

    private static (bool LogX, bool LogY, List<PlottedSeries> Series) DrawLines(Plot plot, StudyDataset data, StudyPlotRequest r, Layout layout, List<string> notes)
    {
        var rows = ToStudyRows(data, r, layout, i => layout.SeriesKey(data, i), out var series);
        var means = StudyAggregation.Means(rows, minimumOverUnits: layout.ReducedColumns.Count > 0).ToList();
        bool logY = AxisLabels.IsRate(r.Y);
        if (logY)
        {
            int nonPositive = means.Count(m => m.Mean <= 0);
            if (nonPositive == means.Count)
                throw new InputError(data.Path, "--y", $"nothing to plot: every mean of '{r.Y}' is ≤ 0, which its log axis cannot show");
            if (nonPositive > 0)
                notes.Add($"{nonPositive} of {means.Count} points left out of the log axis: mean of '{r.Y}' ≤ 0");
            means = means.Where(m => m.Mean > 0).ToList();
        }
        // Log x when the column's values (all kept rows, drawn or not) are positive and span more than two decades.
        double allMin = rows.Min(p => p.X), allMax = rows.Max(p => p.X);
        bool logX = allMin > 0 && allMax / allMin > 100;
        double xMin = means.Min(m => m.X), xMax = means.Max(m => m.X);

        double Tx(double x) => logX ? Math.Log10(x) : x;
        double Ty(double y) => logY ? Math.Log10(y) : y;
        // The bottom of a log y axis: the lowest mean or lower error-bar end that is > 0, with a margin.
        double yLowLog = means.Min(m => Math.Log10(m.Mean - (m.StandardError is > 0 && m.StandardError < m.Mean ? m.StandardError : 0)));
        double yHighLog = means.Max(m => Math.Log10(m.Mean + (double.IsFinite(m.StandardError) ? m.StandardError : 0)));
        (yLowLog, yHighLog) = Pad(yLowLog, yHighLog);

        var drawn = new List<PlottedSeries>();
        foreach (var group in means.GroupBy(m => m.Series).OrderBy(g => g.Key))
        {
            var pts = group.OrderBy(m => m.X).ToList();
            double[] xs = pts.Select(m => Tx(m.X)).ToArray();
            double[] ys = pts.Select(m => Ty(m.Mean)).ToArray();
            var (colour, marker, pattern) = Figure.StyleOf(group.Key); // 70 distinct colour-marker pairs (Figure.StyleOf)
            var line = plot.Add.Scatter(xs, ys, colour);
            line.MarkerSize = 7;
            line.MarkerShape = marker;
            line.LinePattern = pattern;
            line.LegendText = layout.SeriesColumns.Count > 0 ? layout.Legend(data, series[group.Key].Key, series[group.Key].Row) : "";
            drawn.Add(new PlottedSeries(line.LegendText, pts));
            if (pts.All(m => !(m.StandardError > 0))) continue;
            double[] up = pts.Select(m => m.StandardError > 0 ? Ty(m.Mean + m.StandardError) - Ty(m.Mean) : 0).ToArray();
            double[] down = pts.Select(m => !(m.StandardError > 0) ? 0
                : logY ? Ty(m.Mean) - (m.Mean - m.StandardError > 0 ? Math.Log10(m.Mean - m.StandardError) : yLowLog) // to the axis bottom
                : m.StandardError).ToArray();
            double[] none = new double[xs.Length];
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, none, none, down, up) { Color = line.Color };
            plot.Add.Plottable(bars);
        }

        if (logX)
        {
            var (lo, hi) = Pad(Math.Log10(xMin), Math.Log10(xMax));
            plot.Axes.SetLimitsX(lo, hi);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(AxisTicks.Log(lo, hi));
        }
        if (logY)
        {
            plot.Axes.SetLimitsY(yLowLog, yHighLog);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(AxisTicks.Log(yLowLog, yHighLog));
        }
        plot.XLabel(AxisLabels.Label(r.X, data.Units));
        plot.YLabel(AxisLabels.Label(r.Y, data.Units));
        plot.Title(Title(r, Qualifiers(r, layout, means)));
        if (drawn.Count > 1) plot.ShowLegend(Edge.Right); // beside the data area: never over a point
        return (logX, logY, drawn);
    }

    /// <summary>A 5 % margin on each side (half a decade when the range is a single value).</summary>
    private static (double Low, double High) Pad(double low, double high)
    {
        double margin = high > low ? 0.05 * (high - low) : 0.5;
        return (low - margin, high + margin);
    }

    // ---- heatmap ----

    private static (bool LogX, bool LogY, List<PlottedSeries> Series) DrawHeatmap(Plot plot, StudyDataset data, StudyPlotRequest r, Layout layout, List<string> notes)
    {
        // One "series" per value of --by (the y axis); units and varying extras are reduced by minimum.
        var rows = ToStudyRows(data, r, layout, i => layout.SeriesKey(data, i), out var byValues);
        var means = StudyAggregation.Means(rows, minimumOverUnits: true);
        double[] xValues = means.Select(m => m.X).Distinct().Order().ToArray();
        int nx = xValues.Length, ny = byValues.Count;
        bool logColour = AxisLabels.IsRate(r.Y);
        var grid = new double[ny, nx];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) grid[j, i] = double.NaN;
        int nonPositive = 0;
        foreach (var m in means)
        {
            double v = m.Mean;
            if (logColour && v <= 0)
            {
                nonPositive++;
                continue;
            }
            grid[ny - 1 - m.Series, Array.IndexOf(xValues, m.X)] = logColour ? Math.Log10(v) : v; // row 0 is drawn at the top
        }
        if (nonPositive == means.Count)
            throw new InputError(data.Path, "--y", $"nothing to plot: every mean of '{r.Y}' is ≤ 0, which its log colour scale cannot show");
        if (nonPositive > 0) notes.Add($"{nonPositive} of {means.Count} cells grey: mean of '{r.Y}' ≤ 0 (log colour scale)");
        int empty = nx * ny - means.Count;
        if (empty > 0) notes.Add($"{empty} of {nx * ny} cells grey: no done point with a value");

        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.LightGray;
        heatmap.Rectangle = new CoordinateRect(-0.5, nx - 0.5, -0.5, ny - 0.5); // cell (i, j) centred on (i, j)
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles(); // exact cells, vector in SVG
        var colourBar = plot.Add.ColorBar(heatmap);
        colourBar.Label = AxisLabels.Label(r.Y, data.Units);
        var finite = grid.Cast<double>().Where(double.IsFinite).ToArray();
        double lo = finite.Min(), hi = finite.Max();
        colourBar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            logColour ? AxisTicks.Log(lo - (hi > lo ? 0 : 0.5), hi + (hi > lo ? 0 : 0.5)) : AxisTicks.Linear(lo, hi));
        plot.Axes.Bottom.TickGenerator = Categories(xValues.Select(v => AxisLabels.FormatValue(v)).ToArray());
        string[] rowLabels = byValues.Select(b => layout.SeriesColumns[0] == Layout.UnitDimension
            ? UnitName(data, b.Row) : AxisLabels.FormatValue(b.Key[0])).ToArray();
        plot.Axes.Left.TickGenerator = Categories(rowLabels);
        plot.Axes.SetLimits(-0.5, nx - 0.5, -0.5, ny - 0.5);
        plot.XLabel(AxisLabels.Label(r.X, data.Units));
        plot.YLabel(layout.SeriesColumns[0] == Layout.UnitDimension ? "unit" : AxisLabels.Label(r.By!, data.Units));
        plot.Title(Title(r, Qualifiers(r, layout, means)));
        var drawn = Enumerable.Range(0, ny).Select(j => new PlottedSeries(rowLabels[j], means.Where(m => m.Series == j).ToList())).ToList();
        return (false, logColour, drawn);
    }

    /// <summary>Ticks at cell centres 0, 1, 2, ... labelled with the values (every k-th when there are many).</summary>
    private static ScottPlot.TickGenerators.NumericManual Categories(string[] labels)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int step = Math.Max(1, (int)Math.Ceiling(labels.Length / 12.0));
        for (int i = 0; i < labels.Length; i++)
        {
            if (i % step == 0) ticks.AddMajor(i, labels[i]);
            else ticks.AddMinor(i);
        }
        return ticks;
    }
}

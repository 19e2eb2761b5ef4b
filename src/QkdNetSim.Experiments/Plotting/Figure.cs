using System.Runtime.CompilerServices;
using QkdNetSim.Data.Files;
using ScottPlot;
using SkiaSharp;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>
/// The one figure style of results/ and `qkdnetsim plot` (ScottPlot 5), and the atomic PNG + SVG output (<see cref="AtomicFile"/>).
/// <list type="bullet">
/// <item>Log axes: data drawn as log10 (<see cref="Log10"/>) on an axis marked by <see cref="LogX"/>/<see cref="LogY"/>, whose
/// <see cref="LogTickGenerator"/> labels ticks with the physical values (1, 10, 100; 10⁻⁵) and adds minor ticks.</item>
/// <item>Axes start at physical values: a linear axis whose data are all ≥ 0 is clamped at 0 (no negative distance, rate or
/// count), both when autoscaled and when a figure set its limits.</item>
/// <item>Labels carry their units: <see cref="Label"/> ("distance (km)"); a dimensionless quantity has none.</item>
/// <item>Legends never cover data: a legend is drawn beside the data area (<see cref="Legend"/>; an in-plot legend is moved
/// there when saving) and the figure is widened by the legend's width, so the data area keeps its size.</item>
/// <item>Series stay distinct past ten: <see cref="StyleOf"/> cycles 10 colours against 7 markers (70 combinations) and
/// changes the line pattern every 10 series; <see cref="Line"/> and <see cref="Points"/> take the next style of their plot.</item>
/// <item>Every figure is written twice: PATH.png and PATH.svg (<see cref="Save(Plot, string, int, int)"/>). Skia's SVG canvas
/// cannot dash a line, so the SVG draws every line solid; colour and marker keep the series apart there.</item>
/// </list>
/// </summary>
public static class Figure
{
    public const int WidthPx = 900, HeightPx = 600;

    /// <summary>The ScottPlot Category10 colours (ScottPlot's default palette).</summary>
    public static readonly Color[] Palette = new ScottPlot.Palettes.Category10().Colors;

    /// <summary>Marker cycle: 7 shapes against 10 colours gives 70 distinct (colour, marker) pairs before one repeats.</summary>
    public static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.FilledTriangleDown, MarkerShape.OpenSquare,
    ];

    /// <summary>Line patterns, changed every <see cref="Palette"/>.Length series.</summary>
    public static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>Colour, marker and line pattern of series <paramref name="index"/> (0-based) of a plot.</summary>
    public static (Color Color, MarkerShape Marker, LinePattern Pattern) StyleOf(int index) =>
        (Palette[index % Palette.Length], Markers[index % Markers.Length], Patterns[index / Palette.Length % Patterns.Length]);

    private static readonly ConditionalWeakTable<Plot, StrongBox<int>> SeriesCount = new();

    /// <summary>The index of the next series of <paramref name="plot"/> (counts calls of <see cref="Next"/>, <see cref="Line"/>, <see cref="Points"/>).</summary>
    public static int Next(Plot plot) => SeriesCount.GetOrCreateValue(plot).Value++;

    /// <summary>A model curve in the plot's next style: line with small markers (so series stay told apart in grey print and past ten).</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, LinePattern? pattern = null, float markerSize = 5)
    {
        int index = Next(plot);
        var (color, marker, linePattern) = StyleOf(index);
        var s = plot.Add.Scatter(x, y, color);
        s.LegendText = label;
        s.MarkerShape = marker;
        // Past ten series a colour repeats: a curve drawn without markers gets small ones, so that colour and marker tell it
        // apart also in the SVG (whose renderer draws every line pattern solid, see SvgXml).
        s.MarkerSize = markerSize == 0 && index >= Palette.Length ? 4 : markerSize;
        s.LineWidth = 1.5f;
        s.LinePattern = pattern ?? linePattern;
        return s;
    }

    /// <summary>Measured or simulated points (no line) in the plot's next style, or with <paramref name="shape"/>.</summary>
    public static ScottPlot.Plottables.Scatter Points(Plot plot, double[] x, double[] y, string label, MarkerShape? shape = null, float markerSize = 8)
    {
        var (color, marker, _) = StyleOf(Next(plot));
        var s = plot.Add.Scatter(x, y, color);
        s.LegendText = label;
        s.LineWidth = 0;
        s.MarkerShape = shape ?? marker;
        s.MarkerSize = markerSize;
        return s;
    }

    /// <summary>
    /// A value of the paper drawn on the same axes as the simulation: a large black marker (open star-like diamond), labelled
    /// "paper: ...", so paper and simulation are compared point by point.
    /// </summary>
    public static ScottPlot.Plottables.Scatter Paper(Plot plot, double[] x, double[] y, string label, MarkerShape shape = MarkerShape.OpenDiamond)
    {
        var s = plot.Add.Scatter(x, y, Colors.Black);
        s.LegendText = label;
        s.LineWidth = 0;
        s.MarkerShape = shape;
        s.MarkerSize = 12;
        s.MarkerLineWidth = 2;
        return s;
    }

    /// <summary>Axis text with its unit: "distance (km)"; an empty unit is a dimensionless quantity ("QBER" is not, it is "QBER (%)").</summary>
    public static string Label(string quantity, string unit) => unit.Length == 0 ? quantity : $"{quantity} ({unit})";

    /// <summary>log10 of each value; NaN for a value ≤ 0 (ScottPlot leaves a gap), so the data can be drawn on a log axis.</summary>
    public static double[] Log10(IEnumerable<double> values) => values.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray();

    /// <summary>log10 of one value (NaN when ≤ 0).</summary>
    public static double Log10(double value) => value > 0 ? Math.Log10(value) : double.NaN;

    /// <summary>Marks the x axis as a log axis: its data are log10 values and ticks are labelled with the physical values.</summary>
    public static void LogX(Plot plot) => plot.Axes.Bottom.TickGenerator = new LogTickGenerator();

    /// <summary>Marks the y axis as a log axis: its data are log10 values and ticks are labelled with the physical values.</summary>
    public static void LogY(Plot plot) => plot.Axes.Left.TickGenerator = new LogTickGenerator();

    /// <summary>Whether an axis is a log axis (<see cref="LogX"/>, <see cref="LogY"/>).</summary>
    public static bool IsLog(IAxis axis) => axis.TickGenerator is LogTickGenerator;

    /// <summary>A legend beside the data (right edge by default): it never covers a point.</summary>
    public static void Legend(Plot plot, Edge edge = Edge.Right) => plot.ShowLegend(edge);

    /// <summary>Writes <paramref name="plot"/> as PATH.png and PATH.svg (a .png/.svg extension of <paramref name="path"/> is replaced); returns the two paths.</summary>
    public static (string Png, string Svg) Save(Plot plot, string path, int widthPx = WidthPx, int heightPx = HeightPx)
    {
        int width = widthPx + Finish(plot, widthPx, heightPx);
        var (png, svg) = Paths(path);
        byte[] pngBytes = plot.GetImageBytes(width, heightPx, ImageFormat.Png);
        string svgText = SvgXml([plot], () => plot.GetSvgXml(width, heightPx));
        Write(png, svg, pngBytes, svgText);
        return (png, svg);
    }

    /// <summary>
    /// Renders the SVG with every line pattern set solid, then restores them: Skia's SVG canvas has no dash path effect (it
    /// draws dashes solid and prints "Unsupported path effect" for each), so the SVG tells series apart by colour and marker.
    /// </summary>
    private static string SvgXml(IEnumerable<Plot> plots, Func<string> render)
    {
        var dashed = plots.SelectMany(p => p.GetPlottables()).OfType<IHasLine>().Where(l => l.LinePattern.Name != LinePattern.Solid.Name)
            .Select(l => (Line: l, Pattern: l.LinePattern)).ToList();
        foreach (var (line, _) in dashed) line.LinePattern = LinePattern.Solid;
        try
        {
            return render();
        }
        finally
        {
            foreach (var (line, pattern) in dashed) line.LinePattern = pattern;
        }
    }

    /// <summary>
    /// Writes a multi-panel figure as PATH.png and PATH.svg; every panel gets the style of <see cref="Save(Plot, string, int, int)"/>
    /// and the figure is widened by the widest legend once per panel column (<paramref name="columns"/>; default: every panel
    /// for a Columns layout, else one).
    /// </summary>
    public static (string Png, string Svg) Save(Multiplot multiplot, string path, int widthPx, int heightPx, int? columns = null)
    {
        var plots = multiplot.Subplots.GetPlots();
        int perRow = columns ?? (multiplot.Layout is ScottPlot.MultiplotLayouts.Columns ? plots.Length : 1);
        int rows = Math.Max(1, (plots.Length + perRow - 1) / perRow);
        int extra = plots.Select(p => Finish(p, widthPx / perRow, heightPx / rows)).DefaultIfEmpty().Max();
        int width = widthPx + perRow * extra;
        var (png, svg) = Paths(path);
        byte[] pngBytes;
        using (var image = multiplot.Render(width, heightPx)) pngBytes = image.GetImageBytes(ImageFormat.Png);
        string svgText = SvgXml(multiplot.Subplots.GetPlots(), () =>
        {
            using var stream = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, heightPx), stream))
                multiplot.Render(canvas, new PixelRect(0, width, heightPx, 0));
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        });
        Write(png, svg, pngBytes, svgText);
        return (png, svg);
    }

    /// <summary>PATH.png and PATH.svg of a path given with or without an image extension.</summary>
    public static (string Png, string Svg) Paths(string path)
    {
        string stem = Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg" ? path[..^4] : path;
        return (stem + ".png", stem + ".svg");
    }

    private static void Write(string png, string svg, byte[] pngBytes, string svgText)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
        AtomicFile.WriteAllBytes(png, pngBytes);
        AtomicFile.WriteAllText(svg, svgText);
    }

    /// <summary>
    /// Applies the style rules that need the data's limits (a first render in memory autoscales the axes): an in-plot legend
    /// moves beside the data, linear axes of non-negative data start at 0. Returns the legend's width in pixels, by which the
    /// figure is widened (0 without a legend beside the data).
    /// </summary>
    public static int Finish(Plot plot, int widthPx = WidthPx, int heightPx = HeightPx)
    {
        bool hasItems = plot.GetPlottables().Where(p => p.IsVisible).SelectMany(p => p.LegendItems).Any(i => !string.IsNullOrEmpty(i.LabelText));
        if (plot.Legend.IsVisible && hasItems) plot.ShowLegend(Edge.Right);
        else if (plot.Legend.IsVisible) plot.Legend.IsVisible = false;
        plot.RenderInMemory(widthPx, heightPx);
        var data = plot.Axes.GetDataLimits();
        var limits = plot.Axes.GetLimits();
        if (ClampsAtZero(plot.Axes.Bottom, data.Left, limits.Left)) plot.Axes.SetLimitsX(0, limits.Right);
        if (ClampsAtZero(plot.Axes.Left, data.Bottom, limits.Bottom)) plot.Axes.SetLimitsY(0, limits.Top);
        bool besides = plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().Any() && hasItems;
        return besides ? (int)Math.Ceiling(plot.Legend.LastRenderSize.Width) + 20 : 0;
    }

    /// <summary>A linear, automatically ticked axis whose data are all ≥ 0 but whose lower limit is below 0.</summary>
    private static bool ClampsAtZero(IAxis axis, double dataLow, double axisLow) =>
        axis.TickGenerator is ScottPlot.TickGenerators.NumericAutomatic && double.IsFinite(dataLow) && dataLow >= 0 && axisLow < 0;
}

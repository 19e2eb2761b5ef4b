using System.Globalization;
using System.Text.RegularExpressions;
using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Seed003;
using ScottPlot;

namespace QkdNetSim.Tests.Experiments.Plotting;

/// <summary>The figure style helper (<see cref="Figure"/>, <see cref="LogTickGenerator"/>): log ticks in physical values, units, files, legends, axes.</summary>
public sealed class FigureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qkdnetsim-figuretests-" + Guid.NewGuid().ToString("N"));

    public FigureTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>A key rate of 1e-3 ... 100 bit/s over 0 ... 100 km, drawn as log10 on a log y axis.</summary>
    private static Plot KeyRatePlot(bool logAxis = true)
    {
        var p = new Plot();
        double[] km = Enumerable.Range(0, 11).Select(i => 10.0 * i).ToArray();
        Figure.Line(p, km, Figure.Log10(km.Select(x => 100 * Math.Pow(10, -x / 20))), "model");
        if (logAxis) Figure.LogY(p);
        p.XLabel(Figure.Label("distance", "km"));
        p.YLabel(Figure.Label("key rate", "bit/s"));
        return p;
    }

    /// <summary>The text of every &lt;text&gt; element of an SVG (axis labels, tick labels, legend, title).</summary>
    private static List<string> SvgTexts(string svgPath) =>
        Regex.Matches(File.ReadAllText(svgPath), "<text[^>]*>(.*?)</text>", RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>The value a tick label states: a plain number ("0.001", "100") or a power of ten ("10⁻⁵"); null otherwise.</summary>
    private static double? StatedValue(string label)
    {
        if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        var m = Regex.Match(label, "^10([⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$");
        if (!m.Success) return null;
        int exponent = int.Parse(string.Concat(m.Groups[2].Value.Select(c => (char)('0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".IndexOf(c)))), CultureInfo.InvariantCulture);
        return Math.Pow(10, m.Groups[1].Value.Length > 0 ? -exponent : exponent);
    }

    /// <summary>Every major tick of a log axis states the physical value at its position: 10^position (a log10 label fails).</summary>
    private static void AssertPhysical(IEnumerable<Tick> ticks)
    {
        var majors = ticks.Where(t => t.IsMajor).ToList();
        Assert.NotEmpty(majors);
        foreach (var t in majors)
        {
            double? value = StatedValue(t.Label);
            Assert.True(value is > 0, $"tick label '{t.Label}' at log10 position {t.Position} is not a positive physical value");
            Assert.Equal(t.Position, Math.Log10(value!.Value), 6);
        }
    }

    [Fact]
    public void A_log_axis_labels_its_ticks_with_physical_values_and_minor_ticks_and_a_log10_labelled_axis_fails_the_check()
    {
        var p = KeyRatePlot();
        Figure.Save(p, Path.Combine(_dir, "rate"));
        var ticks = p.Axes.Left.TickGenerator.Ticks;
        AssertPhysical(ticks);
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10", "100"], ticks.Where(t => t.IsMajor && t.Position >= -3 - 1e-9 && t.Position <= 2 + 1e-9).Select(t => t.Label));
        Assert.Contains(ticks, t => !t.IsMajor); // minor ticks at 2..9 × 10^d
        Assert.Contains("0.001", SvgTexts(Path.Combine(_dir, "rate.svg")));

        // The same data on an axis that is not marked log: its automatic labels are the exponents, which the check rejects.
        var linear = KeyRatePlot(logAxis: false);
        Figure.Save(linear, Path.Combine(_dir, "exponents"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertPhysical(linear.Axes.Left.TickGenerator.Ticks));
    }

    [Fact]
    public void A_log_axis_beyond_the_plain_range_labels_every_decade_as_a_power_of_ten()
    {
        var ticks = AxisTicks.Log(-7.3, 2.2);
        AssertPhysical(ticks);
        Assert.All(ticks.Where(t => t.IsMajor), t => Assert.StartsWith("10", t.Label));
        Assert.Contains(ticks, t => t.Label == "10⁻⁷");
        AssertPhysical(AxisTicks.Log(Math.Log10(150), Math.Log10(900))); // less than a decade: round values, still physical
    }

    [Fact]
    public void Every_axis_label_carries_its_unit_and_both_png_and_svg_are_written()
    {
        Assert.Equal("distance (km)", Figure.Label("distance", "km"));
        Assert.Equal("number of users N", Figure.Label("number of users N", "")); // dimensionless: no unit to give
        var (png, svg) = Figure.Save(KeyRatePlot(), Path.Combine(_dir, "both.png"));
        Assert.Equal(Path.Combine(_dir, "both.png"), png);
        Assert.Equal(Path.Combine(_dir, "both.svg"), svg);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        Assert.Contains("<svg", File.ReadAllText(svg));
        var texts = SvgTexts(svg);
        Assert.Contains("distance (km)", texts);
        Assert.Contains("key rate (bit/s)", texts);
    }

    [Fact]
    public void A_legend_is_moved_beside_the_data_and_widens_the_figure_and_axes_of_non_negative_data_start_at_zero()
    {
        var p = KeyRatePlot();
        var points = Figure.Points(p, [-5.0, 5.0], [0.0, 1.0], "points with a negative distance");
        p.ShowLegend(Alignment.UpperRight); // inside the data area, where it could cover a point
        var (png, _) = Figure.Save(p, Path.Combine(_dir, "legend"));
        Assert.False(p.Legend.IsVisible); // no legend inside the data area ...
        Assert.Contains(p.Axes.GetPanels(), panel => panel is ScottPlot.Panels.LegendPanel); // ... but one beside it
        int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(png).AsSpan(16, 4));
        Assert.True(width > Figure.WidthPx, $"width {width}: the legend's width is added to the data area's");
        Assert.True(p.Axes.GetLimits().Left < 0); // a negative distance in the data: the axis is not clamped

        p.Remove(points);
        Figure.Save(p, Path.Combine(_dir, "clamped"));
        Assert.Equal(0, p.Axes.GetLimits().Left); // all distances ≥ 0: the axis starts at 0 km, not at −5
    }

    [Fact]
    public void Seventy_series_get_seventy_distinct_colour_and_marker_pairs()
    {
        var styles = Enumerable.Range(0, 70).Select(Figure.StyleOf).Select(s => (s.Color.ToHex(), s.Marker)).ToList();
        Assert.Equal(70, styles.Distinct().Count());
        Assert.NotEqual(Figure.StyleOf(0).Pattern, Figure.StyleOf(10).Pattern); // past ten colours, the line pattern changes too
    }

    [Fact]
    public void The_seed_003_figures_redraw_from_the_committed_tables_with_the_QPSK_bound_named_and_physical_log_ticks()
    {
        string results = Path.Combine(RepoPaths.Root(), "results", "seed003");
        foreach (string table in Directory.GetFiles(results, "*.parquet")) File.Copy(table, Path.Combine(_dir, Path.GetFileName(table)));
        Seed003Figures.Redraw(_dir);
        foreach (string name in new[] { "fig4", "fig5_qpsk", "fig6_qpsk", "fig8_qpsk", "fig9_qam256", "fig14_gaussian", "sim_profiles", "sim_mu_sweep", "optimal_n_simulated_noise" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, name + ".png")), name + ".png");
            Assert.True(File.Exists(Path.Combine(_dir, name + ".svg")), name + ".svg");
        }
        // Fig. 5's threshold comes from the QPSK explicit bound (Denys et al.), not from GG02.
        var fig5 = SvgTexts(Path.Combine(_dir, "fig5_qpsk.svg"));
        Assert.Contains(fig5, t => t.Contains("QPSK explicit bound", StringComparison.Ordinal));
        Assert.DoesNotContain(fig5, t => t.Contains("GG02", StringComparison.Ordinal));
        // Fig. 6's key rates on a log axis: tick labels are rates ("0.001", "10⁻⁵"), the axis says bit/symbol, no "log10".
        var fig6 = SvgTexts(Path.Combine(_dir, "fig6_qpsk.svg"));
        Assert.Contains("R(k_worst) (bit/symbol)", fig6);
        Assert.DoesNotContain(fig6, t => t.Contains("log10", StringComparison.Ordinal));
        Assert.Contains(fig6, t => t is "0.001" or "10⁻³");
    }
}

using ScottPlot;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>
/// Ticks that ScottPlot's automatic generator does not give. ScottPlot 5 has no log scale: a log axis draws log10 of
/// the data, and its ticks sit at log10 of round values, labelled with the values themselves. Over a decade or more: a
/// labelled tick per decade (every k-th when there are many), minor ticks at 2..9 × 10^d (2 and 5 labelled too when
/// only two decades show), labelled 0.001 ... 10000, or all as 10ⁿ when the axis reaches beyond that range; over less than a decade: round values in 1, 2, 5 × 10^k steps, so a narrow range still gets
/// several labels. A colour bar's linear axis: about six round values. Wrap them in a NumericManual generator, or let
/// <see cref="LogTickGenerator"/> place them from the axis limits at each render.
/// </summary>
public static class AxisTicks
{
    /// <summary>Ticks for an axis whose limits are <paramref name="lowLog"/>..<paramref name="highLog"/> in log10 units.</summary>
    public static Tick[] Log(double lowLog, double highLog)
    {
        var ticks = new List<Tick>();
        int first = (int)Math.Ceiling(lowLog - 1e-9), last = (int)Math.Floor(highLog + 1e-9);
        if (last - first >= 1)
        {
            int step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 8.0));
            bool fewDecades = last - first < 2; // two labelled decades only: label 2 and 5 × 10^d too
            bool powers = first < PlainLowDecade || last > PlainHighDecade; // one style per axis: all plain or all 10ⁿ
            for (int d = (int)Math.Floor(lowLog); d <= last; d++)
            {
                if (d >= first && (d - first) % step == 0) ticks.Add(Tick.Major(d, powers ? Power(d) : Decade(d)));
                else if (d >= lowLog) ticks.Add(Tick.Minor(d));
                if (step > 1) continue;
                for (int m = 2; m <= 9; m++)
                {
                    double p = d + Math.Log10(m);
                    if (p < lowLog || p > highLog) continue;
                    if (fewDecades && m is 2 or 5) ticks.Add(Tick.Major(p, AxisLabels.FormatValue(m * Math.Pow(10, d))));
                    else ticks.Add(Tick.Minor(p));
                }
            }
            return ticks.ToArray();
        }
        double low = Math.Pow(10, lowLog), high = Math.Pow(10, highLog);
        double stepValue = NiceStep((high - low) / 5);
        for (double v = Math.Ceiling(low / stepValue) * stepValue; v <= high * (1 + 1e-12); v += stepValue)
            if (v > 0) ticks.Add(Tick.Major(Math.Log10(v), AxisLabels.FormatValue(v)));
        return ticks.ToArray();
    }

    /// <summary>About six labelled round values (1, 2, 5 × 10^k steps) between <paramref name="low"/> and <paramref name="high"/> (a colour bar).</summary>
    public static Tick[] Linear(double low, double high)
    {
        var ticks = new List<Tick>();
        if (!(high > low))
        {
            ticks.Add(Tick.Major(low, AxisLabels.FormatValue(low)));
            return ticks.ToArray();
        }
        double step = NiceStep((high - low) / 6);
        for (double v = Math.Ceiling(low / step) * step; v <= high + step * 1e-9; v += step)
            ticks.Add(Tick.Major(v, AxisLabels.FormatValue(Math.Abs(v) < step * 1e-9 ? 0 : v)));
        return ticks.ToArray();
    }

    /// <summary>Decades labelled plainly ("0.001" to "10000"); an axis reaching beyond labels every decade as a power of ten.</summary>
    public const int PlainLowDecade = -3, PlainHighDecade = 4;

    /// <summary>10^d as a physical value: plain from 0.001 to 10000 ("0.01", "1000"), a power of ten beyond ("10⁻⁵", "10⁶").</summary>
    public static string Decade(int d) => d is >= PlainLowDecade and <= PlainHighDecade ? AxisLabels.FormatValue(Math.Pow(10, d)) : Power(d);

    /// <summary>10^d as a power of ten with a superscript exponent: "10⁻⁵", "10⁰", "10³".</summary>
    public static string Power(int d) => "10" + Superscript(d);

    private static string Superscript(int d) => string.Concat(d.ToString(System.Globalization.CultureInfo.InvariantCulture)
        .Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0']));

    /// <summary>The smallest 1, 2 or 5 × 10^k at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        double decade = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (m * decade >= raw * (1 - 1e-12)) return m * decade;
        return 10 * decade;
    }
}

/// <summary>
/// The tick generator of a log axis (<see cref="Figure.LogX"/>, <see cref="Figure.LogY"/>): the axis holds log10 of the data
/// and at each render its ticks are <see cref="AxisTicks.Log"/> of the axis limits, labelled with physical values.
/// </summary>
public sealed class LogTickGenerator : ITickGenerator
{
    public Tick[] Ticks { get; set; } = [];

    public int MaxTickCount { get; set; } = 1000;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle) =>
        Ticks = AxisTicks.Log(Math.Min(range.Min, range.Max), Math.Max(range.Min, range.Max));
}

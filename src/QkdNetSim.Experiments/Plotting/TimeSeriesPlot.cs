using System.Globalization;
using QkdNetSim.Data.Frames;
using ScottPlot;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>What <see cref="TimeSeriesPlot.Draw"/> drew: the PNG and SVG, and per user the block midpoints (s), QBERs and key rates.</summary>
public sealed record TimeSeriesFigure(string PngPath, string SvgPath, IReadOnlyList<TimeSeriesUserSeries> Users);

/// <summary>One user's points: block midpoint (s), signal QBER (fraction; NaN without a sifted bit), finite key rate (bit/s).</summary>
public sealed record TimeSeriesUserSeries(string Name, double[] TimeS, double[] QberSignal, double[] KeyRateBps);

/// <summary>
/// The figure `run` draws from a run's timeseries.parquet: the signal QBER (top) and the finite-key rate (bottom) of each
/// block against the block's midpoint time, one series per user, in the figure style of results/ (<see cref="Figure"/>: 900 px
/// data area plus the legend beside it, a colour-marker pair per user, axes from 0), as PNG and SVG. Blocks without a
/// sifted bit have no QBER point; a key rate of 0 is drawn.
/// </summary>
public static class TimeSeriesPlot
{
    public const int WidthPx = Figure.WidthPx, PanelHeightPx = 360;

    /// <summary>Draws <paramref name="parquetPath"/> into <paramref name="pngPath"/> and the same path with .svg (temporary files, then rename); null when the file has no row or every user has a single block (nothing to draw over time).</summary>
    public static TimeSeriesFigure? Draw(string parquetPath, string pngPath)
    {
        var frame = ParquetFrame.Load(parquetPath, ["user", "user_name", "block_start_s", "block_end_s", "qber_signal", "key_rate_bps"]);
        if (frame.Rows.Count == 0) return null;
        var users = new SortedDictionary<int, (string Name, List<long> Rows)>();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            int u = Convert.ToInt32(frame.Columns["user"][i], CultureInfo.InvariantCulture);
            if (!users.TryGetValue(u, out var entry)) users[u] = entry = ((string)frame.Columns["user_name"][i], []);
            entry.Rows.Add(i);
        }
        if (users.Values.All(u => u.Rows.Count < 2)) return null; // one block per user is a number, not a series: no figure
        double Value(string column, long row) => frame.Columns[column][row] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN;

        var series = users.Values.Select(u => new TimeSeriesUserSeries(u.Name,
            u.Rows.Select(r => (Value("block_start_s", r) + Value("block_end_s", r)) / 2).ToArray(),
            u.Rows.Select(r => Value("qber_signal", r)).ToArray(),
            u.Rows.Select(r => Value("key_rate_bps", r)).ToArray())).ToList();

        var m = new Multiplot();
        m.AddPlots(2);
        m.Layout = new ScottPlot.MultiplotLayouts.Rows();
        Plot qber = m.GetPlot(0), key = m.GetPlot(1);
        foreach (var s in series)
        {
            var q = Enumerable.Range(0, s.TimeS.Length).Where(i => !double.IsNaN(s.QberSignal[i])).ToArray();
            Figure.Line(qber, q.Select(i => s.TimeS[i]).ToArray(), q.Select(i => 100 * s.QberSignal[i]).ToArray(), s.Name, markerSize: 6);
            Figure.Line(key, s.TimeS, s.KeyRateBps.Select(v => v / 1e3).ToArray(), s.Name, markerSize: 6);
        }
        qber.Title("QBER of the signal pulses per block");
        qber.YLabel(Figure.Label("signal QBER", "%"));
        qber.XLabel(Figure.Label("time", "s"));
        key.Title("finite-key secret key rate per block");
        key.YLabel(Figure.Label("finite-key rate", "kbit/s"));
        key.XLabel(Figure.Label("time", "s"));
        Figure.Legend(qber);
        Figure.Legend(key);

        var (png, svg) = Figure.Save(m, pngPath, WidthPx, 2 * PanelHeightPx);
        return new TimeSeriesFigure(png, svg, series);
    }
}

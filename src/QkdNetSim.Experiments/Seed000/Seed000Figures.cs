using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed000;

/// <summary>PNG figures of the seed-000 reproduction (ScottPlot 5; key rates drawn as log10, non-positive rates omitted).</summary>
public static class Seed000Figures
{
    /// <summary>Fig. 3: (a, b) per-user, total and upper limit; (c, d) total vs the lower limits; ideal left, practical right.</summary>
    public static void Fig3(ResultTable ideal, ResultTable practical, string path)
    {
        var m = new Multiplot();
        m.AddPlots(4);
        m.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        UpperPanel(m.GetPlot(0), ideal, "(a) ideal: per-user, total and K_UB");
        UpperPanel(m.GetPlot(1), practical, "(b) practical: per-user, total and K_UB");
        LowerPanel(m.GetPlot(2), ideal, "(c) ideal: K_tot vs K_LB and N x K_LB");
        LowerPanel(m.GetPlot(3), practical, "(d) practical: K_tot vs K_LB and N x K_LB");
        Figure.Save(m, path, 1400, 1000);
    }

    /// <summary>Fig. 5: per-user (a) and total (b) practical key rate vs distance for N = 4..64 (the paper's 3-D surface as curves).</summary>
    public static void Fig5(ResultTable t, string path)
    {
        var m = new Multiplot();
        m.AddPlots(2);
        m.Layout = new ScottPlot.MultiplotLayouts.Columns();
        foreach (int n in Users(t))
        {
            Line(m.GetPlot(0), t, n, "key_per_user", $"N = {n}");
            Line(m.GetPlot(1), t, n, "key_total", $"N = {n}");
        }
        Decorate(m.GetPlot(0), "(a) per-user key rate K_ABi (practical)", "log10 K_ABi (bit/pulse)");
        Decorate(m.GetPlot(1), "(b) total key rate K_tot (practical)", "log10 K_tot (bit/pulse)");
        var ref1 = m.GetPlot(0).Add.HorizontalLine(-3);
        ref1.LinePattern = LinePattern.Dotted;
        ref1.LegendText = "1e-3 bit/pulse";
        var ref2 = m.GetPlot(1).Add.HorizontalLine(-1);
        ref2.LinePattern = LinePattern.Dotted;
        ref2.LegendText = "1e-1 bit/pulse";
        Figure.Save(m, path, 1400, 600);
    }

    /// <summary>K_tot / K_UB vs distance (linear axis): what "attains the upper limit" amounts to.</summary>
    public static void Fraction(ResultTable practical, ResultTable ideal, string path)
    {
        var p = new Plot();
        foreach (var (t, tag, pattern) in new[] { (practical, "practical", LinePattern.Solid), (ideal, "ideal", LinePattern.Dashed) })
            foreach (int n in Users(t))
            {
                var rows = Rows(t, n).Where(i => (double)t.Column("upper_limit")[i] > 0 && (double)t.Column("key_total")[i] > 0).ToArray();
                var s = p.Add.Scatter(rows.Select(i => (double)t.Column("distance_km")[i]).ToArray(),
                    rows.Select(i => (double)t.Column("fraction_of_upper_limit")[i]).ToArray());
                s.LegendText = $"{tag}, N = {n}";
                s.LinePattern = pattern;
                s.MarkerSize = 3;
            }
        var one = p.Add.HorizontalLine(1.0);
        one.LinePattern = LinePattern.Dotted;
        p.XLabel("distance (km)");
        p.YLabel("K_tot / K_UB");
        p.Title("Seed 000: total key rate as a fraction of the upper limit");
        p.ShowLegend(Alignment.LowerRight);
        Figure.Save(p, path);
    }

    /// <summary>Fig. 14: N = 4, practical, V_M = 4 / 10 / 20 SNU: K_tot (solid) and K_UB (dashed).</summary>
    public static void Fig14(IReadOnlyList<ResultTable> byVariance, string path)
    {
        var p = new Plot();
        foreach (var t in byVariance)
        {
            string name = (string)t.Column("condition")[0];
            Line(p, t, 4, "key_total", $"K_tot, {name}");
            Line(p, t, 4, "upper_limit", $"K_UB, {name}").LinePattern = LinePattern.Dashed;
        }
        Decorate(p, "Seed 000 Fig. 14: N = 4, practical, modulation variance 4 / 10 / 20 SNU", "log10 key rate (bit/pulse)");
        Figure.Save(p, path);
    }

    /// <summary>Fig. 20: the 3-node network vs distance at the fitted V_M, with the paper's experimental total at 30 km.</summary>
    public static void Fig20(ResultTable curve, double paperTotal, double paperDistanceKm, string path)
    {
        var p = new Plot();
        foreach (var (col, label, pattern) in new[] { ("key_total", "K_tot (this protocol)", LinePattern.Solid),
                     ("upper_limit", "K_UB (achievable upper limit)", LinePattern.Dashed), ("lower_limit_total", "sum of K_LB (other Bobs untrusted)", LinePattern.Dotted) })
        {
            var rows = Enumerable.Range(0, curve.RowCount).Where(i => (double)curve.Column(col)[i] > 0).ToArray();
            var s = p.Add.Scatter(rows.Select(i => (double)curve.Column("total_distance_km")[i]).ToArray(),
                rows.Select(i => Math.Log10((double)curve.Column(col)[i])).ToArray());
            s.LegendText = label;
            s.LinePattern = pattern;
            s.MarkerSize = 0;
        }
        var star = p.Add.ScatterPoints(new[] { paperDistanceKm }, new[] { Math.Log10(paperTotal) });
        star.MarkerShape = MarkerShape.FilledDiamond;
        star.MarkerSize = 10;
        star.LegendText = "paper: experimental K_tot";
        Decorate(p, "Seed 000 Fig. 20: 3-node network (5 km drops), fitted V_M", "log10 key rate (bit/pulse)");
        p.XLabel("Alice - Bob distance (km)");
        Figure.Save(p, path);
    }

    /// <summary>
    /// Sample-level convergence: key-rate estimates with ±se error bars vs log10(rounds), analytic values as horizontal
    /// lines; (a) 3-node network K_AB1, K_AB2, (b) single-user GG02. Unphysical estimates (no rate) are omitted.
    /// </summary>
    public static void SampleConvergence(ResultTable t, string path)
    {
        var m = new Multiplot();
        m.AddPlots(2);
        m.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var panels = new[] { (m.GetPlot(0), "3-node network", new[] { "K_AB1", "K_AB2" }, "(a) 3-node network, fitted V_M: K_ABi from estimated gamma"),
            (m.GetPlot(1), "GG02 single user, 20 km", new[] { "K" }, "(b) GG02 single user, practical parameters, 20 km") };
        var colors = new[] { Colors.C0, Colors.C1 };
        foreach (var (p, caseName, quantities, title) in panels)
        {
            for (int q = 0; q < quantities.Length; q++)
            {
                var rows = Enumerable.Range(0, t.RowCount).Where(i => (string)t.Column("case")[i] == caseName && (string)t.Column("quantity")[i] == quantities[q]
                    && !double.IsNaN((double)t.Column("estimate_bits")[i])).ToArray();
                if (rows.Length == 0) continue;
                double[] x = rows.Select(i => (double)t.Column("log10_rounds")[i] + 0.04 * q).ToArray(); // small offset: bars do not overlap
                double[] y = rows.Select(i => (double)t.Column("estimate_bits")[i]).ToArray();
                double[] e = rows.Select(i => (double)t.Column("standard_error_bits")[i]).Select(v => double.IsNaN(v) ? 0 : v).ToArray();
                var pts = p.Add.ScatterPoints(x, y);
                pts.LegendText = $"{quantities[q]} estimate ± se";
                pts.Color = colors[q];
                pts.MarkerSize = 7;
                var bars = p.Add.ErrorBar(x, y, e);
                bars.Color = colors[q];
                var line = p.Add.HorizontalLine((double)t.Column("analytic_bits")[rows[0]]);
                line.LegendText = $"{quantities[q]} analytic";
                line.Color = colors[q];
                line.LinePattern = LinePattern.Dashed;
            }
            double maxX = t.Doubles("log10_rounds").Max();
            p.Axes.SetLimitsX(2.8, maxX + 0.3); // same range in both panels: counts without a physical estimate stay visible as gaps
            p.Title(title);
            p.XLabel("log10 rounds");
            p.YLabel("key rate (bit/pulse)");
            p.ShowLegend(Alignment.UpperRight);
        }
        Figure.Save(m, path, 1400, 600);
    }

    private static void UpperPanel(Plot p, ResultTable t, string title)
    {
        foreach (int n in Users(t))
        {
            Line(p, t, n, "key_per_user", $"K_ABi, N = {n}");
            Line(p, t, n, "key_total", $"K_tot, N = {n}").LinePattern = LinePattern.Dashed;
        }
        Line(p, t, Users(t).First(), "upper_limit", "K_UB").LineWidth = 3;
        Decorate(p, title, "log10 key rate (bit/pulse)");
    }

    private static void LowerPanel(Plot p, ResultTable t, string title)
    {
        foreach (int n in new[] { 8, 32 }.Where(Users(t).Contains))
        {
            Line(p, t, n, "key_total", $"K_tot, N = {n}");
            Line(p, t, n, "lower_limit_per_user", $"K_LB, N = {n}").LinePattern = LinePattern.Dotted;
            Line(p, t, n, "lower_limit_total", $"N x K_LB, N = {n}").LinePattern = LinePattern.Dashed;
        }
        Decorate(p, title, "log10 key rate (bit/pulse)");
    }

    private static ScottPlot.Plottables.Scatter Line(Plot p, ResultTable t, int users, string column, string label)
    {
        var rows = Rows(t, users).Where(i => (double)t.Column(column)[i] > 0).ToArray();
        var s = p.Add.Scatter(rows.Select(i => (double)t.Column("distance_km")[i]).ToArray(),
            rows.Select(i => Math.Log10((double)t.Column(column)[i])).ToArray());
        s.LegendText = label;
        s.MarkerSize = 0;
        return s;
    }

    private static void Decorate(Plot p, string title, string yLabel)
    {
        p.Title(title);
        p.XLabel("distance (km)");
        p.YLabel(yLabel);
        p.ShowLegend(Alignment.UpperRight);
    }

    private static int[] Users(ResultTable t) => t.Column("users").Select(Convert.ToInt32).Distinct().ToArray();

    private static IEnumerable<int> Rows(ResultTable t, int users) =>
        Enumerable.Range(0, t.RowCount).Where(i => Convert.ToInt32(t.Column("users")[i]) == users);
}

using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed000;

/// <summary>
/// Figures of the seed-000 reproduction in the style of <see cref="Figure"/> (PNG and SVG): key rates on log axes labelled in
/// bit/pulse, non-positive rates omitted; the paper's numbers (Fig. 5 statements, the 3-node experiment) on the same axes.
/// </summary>
public static class Seed000Figures
{
    private const string KeyRateUnit = "bit/pulse";

    /// <summary>Fig. 3: (a, b) per-user, total and upper limit; (c, d) total vs the lower limits; ideal left, practical right.</summary>
    public static void Fig3(ResultTable ideal, ResultTable practical, string path)
    {
        var m = new Multiplot();
        m.AddPlots(4);
        m.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        UpperPanel(m.GetPlot(0), ideal, "(a) ideal: per-user, total and K_UB");
        UpperPanel(m.GetPlot(1), practical, "(b) practical: per-user, total and K_UB");
        LowerPanel(m.GetPlot(2), ideal, "(c) ideal: K_tot vs K_LB and N × K_LB");
        LowerPanel(m.GetPlot(3), practical, "(d) practical: K_tot vs K_LB and N × K_LB");
        Figure.Save(m, path, 1400, 1000, columns: 2);
    }

    /// <summary>
    /// Fig. 5: per-user (a) and total (b) practical key rate vs distance for N = 4..64 (the paper's 3-D surface as curves), with
    /// the paper's statements as points: per-user rate above 10⁻³ bit/pulse at 20 km for 64 users, total about 0.15 at 10 km.
    /// </summary>
    public static void Fig5(ResultTable t, Seed000Paper paper, string path)
    {
        var m = new Multiplot();
        m.AddPlots(2);
        m.Layout = new ScottPlot.MultiplotLayouts.Columns();
        foreach (int n in Users(t))
        {
            Line(m.GetPlot(0), t, n, "key_per_user", $"N = {n}");
            Line(m.GetPlot(1), t, n, "key_total", $"N = {n}");
        }
        Figure.Paper(m.GetPlot(0), [20], [Math.Log10(paper.PerUserKeyRateAt20KmN64)], "paper: K_ABi > 10⁻³ at 20 km, N = 64", MarkerShape.FilledTriangleUp);
        Figure.Paper(m.GetPlot(1), [10], [Math.Log10(paper.TotalKeyRateAt10Km)], "paper: K_tot ≈ 0.15 at 10 km");
        Decorate(m.GetPlot(0), "(a) per-user key rate K_ABi (practical)", "per-user key rate K_ABi");
        Decorate(m.GetPlot(1), "(b) total key rate K_tot (practical)", "total key rate K_tot");
        Figure.Save(m, path, 1200, 600);
    }

    /// <summary>K_tot / K_UB vs distance (linear axis): what "attains the upper limit" amounts to.</summary>
    public static void Fraction(ResultTable practical, ResultTable ideal, string path)
    {
        var p = new Plot();
        foreach (var (t, tag, pattern) in new[] { (practical, "practical", LinePattern.Solid), (ideal, "ideal", LinePattern.Dashed) })
            foreach (int n in Users(t))
            {
                var rows = Rows(t, n).Where(i => (double)t.Column("upper_limit")[i] > 0 && (double)t.Column("key_total")[i] > 0).ToArray();
                Figure.Line(p, rows.Select(i => (double)t.Column("distance_km")[i]).ToArray(),
                    rows.Select(i => (double)t.Column("fraction_of_upper_limit")[i]).ToArray(), $"{tag}, N = {n}", pattern, markerSize: 3);
            }
        var one = p.Add.HorizontalLine(1.0, color: Colors.Black);
        one.LinePattern = LinePattern.Dotted;
        one.LegendText = "K_tot = K_UB";
        p.XLabel(Figure.Label("distance", "km"));
        p.YLabel(Figure.Label("K_tot / K_UB", ""));
        p.Title("Seed 000: total key rate as a fraction of the upper limit");
        Figure.Legend(p);
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
        Decorate(p, "Seed 000 Fig. 14: N = 4, practical, modulation variance 4 / 10 / 20 SNU", "key rate");
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
            Figure.Line(p, rows.Select(i => (double)curve.Column("total_distance_km")[i]).ToArray(),
                rows.Select(i => Math.Log10((double)curve.Column(col)[i])).ToArray(), label, pattern, markerSize: 0);
        }
        Figure.Paper(p, [paperDistanceKm], [Math.Log10(paperTotal)], "paper: experimental K_tot");
        Decorate(p, "Seed 000 Fig. 20: 3-node network (5 km drops), fitted V_M", "key rate");
        p.XLabel(Figure.Label("Alice-Bob distance", "km"));
        Figure.Save(p, path);
    }

    /// <summary>
    /// Sample-level convergence: key-rate estimates with ±se error bars vs rounds (log axis), analytic values as horizontal
    /// lines; (a) 3-node network K_AB1, K_AB2, (b) single-user GG02. Unphysical estimates (no rate) are omitted.
    /// </summary>
    public static void SampleConvergence(ResultTable t, string path)
    {
        var m = new Multiplot();
        m.AddPlots(2);
        m.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var panels = new[] { (m.GetPlot(0), "3-node network", new[] { "K_AB1", "K_AB2" }, "(a) 3-node network, fitted V_M: K_ABi from estimated γ"),
            (m.GetPlot(1), "GG02 single user, 20 km", new[] { "K" }, "(b) GG02 single user, practical parameters, 20 km") };
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
                var pts = Figure.Points(p, x, y, $"{quantities[q]} estimate ± se", markerSize: 7);
                var bars = p.Add.ErrorBar(x, y, e);
                bars.Color = pts.Color;
                var line = p.Add.HorizontalLine((double)t.Column("analytic_bits")[rows[0]], color: pts.Color);
                line.LegendText = $"{quantities[q]} analytic";
                line.LinePattern = LinePattern.Dashed;
            }
            double maxX = t.Doubles("log10_rounds").Max();
            p.Axes.SetLimitsX(2.8, maxX + 0.3); // same range in both panels: counts without a physical estimate stay visible as gaps
            Figure.LogX(p);
            p.Title(title);
            p.XLabel(Figure.Label("rounds", ""));
            p.YLabel(Figure.Label("key rate", KeyRateUnit));
            Figure.Legend(p);
        }
        Figure.Save(m, path, 1200, 600);
    }

    /// <summary>Redraws every seed-000 figure from the tables a reproduction saved in <paramref name="dir"/> (results/seed000); no number is recomputed.</summary>
    public static void Redraw(string dir)
    {
        var paper = Seed000Paper.Load();
        ResultTable Read(string name) => ResultTableReader.Read(dir, name);
        string Out(string name) => Path.Combine(dir, name);
        var ideal = Read("fig3_ideal");
        Fig3(ideal, Read("fig3_practical"), Out("fig3.png"));
        var fig5 = Read("fig5");
        Fig5(fig5, paper, Out("fig5.png"));
        Fraction(fig5, ideal, Out("fraction_of_upper_limit.png"));
        Fig14(new[] { "fig14_vm4", "fig14_vm10", "fig14_vm20" }.Select(Read).ToArray(), Out("fig14.png"));
        Fig20(Read("fig20_three_node_vs_distance"), paper.ThreeNodeKeyRates.Sum(), ThreeNodeExperiment.FeederKm + ThreeNodeExperiment.DropKm, Out("fig20.png"));
        SampleConvergence(Read("sample_convergence"), Out("sample_convergence.png"));
    }

    private static void UpperPanel(Plot p, ResultTable t, string title)
    {
        foreach (int n in Users(t))
        {
            Line(p, t, n, "key_per_user", $"K_ABi, N = {n}");
            Line(p, t, n, "key_total", $"K_tot, N = {n}").LinePattern = LinePattern.Dashed;
        }
        var ub = Line(p, t, Users(t).First(), "upper_limit", "K_UB", Colors.Black);
        ub.LineWidth = 3;
        Decorate(p, title, "key rate");
    }

    private static void LowerPanel(Plot p, ResultTable t, string title)
    {
        foreach (int n in new[] { 8, 32 }.Where(Users(t).Contains))
        {
            Line(p, t, n, "key_total", $"K_tot, N = {n}");
            Line(p, t, n, "lower_limit_per_user", $"K_LB, N = {n}").LinePattern = LinePattern.Dotted;
            Line(p, t, n, "lower_limit_total", $"N × K_LB, N = {n}").LinePattern = LinePattern.Dashed;
        }
        Decorate(p, title, "key rate");
    }

    /// <summary>
    /// One curve (log10 of the rate) of <paramref name="users"/> users in the plot's next style (or in <paramref name="color"/>):
    /// each curve its own colour, so they stay apart also in the SVG, which draws dashes solid.
    /// </summary>
    private static ScottPlot.Plottables.Scatter Line(Plot p, ResultTable t, int users, string column, string label, Color? color = null)
    {
        var rows = Rows(t, users).Where(i => (double)t.Column(column)[i] > 0).ToArray();
        var s = Figure.Line(p, rows.Select(i => (double)t.Column("distance_km")[i]).ToArray(),
            rows.Select(i => Math.Log10((double)t.Column(column)[i])).ToArray(), label, markerSize: 0);
        if (color is { } c) s.Color = c;
        return s;
    }

    private static void Decorate(Plot p, string title, string quantity)
    {
        Figure.LogY(p);
        p.Title(title);
        p.XLabel(Figure.Label("distance", "km"));
        p.YLabel(Figure.Label(quantity, KeyRateUnit));
        Figure.Legend(p);
    }

    private static int[] Users(ResultTable t) => t.Column("users").Select(Convert.ToInt32).Distinct().ToArray();

    private static IEnumerable<int> Rows(ResultTable t, int users) =>
        Enumerable.Range(0, t.RowCount).Where(i => Convert.ToInt32(t.Column("users")[i]) == users);
}

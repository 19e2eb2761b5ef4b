using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// Figures of the seed-004 reproduction in the style of <see cref="Figure"/> (PNG and SVG); the paper's values (Fig. 3 QBER and
/// key rates, their means over the series, the 20 km reach of Fig. 4b) share the axes with simulation and model.
/// </summary>
public static class Seed004Figures
{
    public static void Fig3(ResultTable t, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        double[] x = Enumerable.Range(0, t.RowCount).Select(i => (double)i).ToArray();
        string[] labels = Enumerable.Range(0, t.RowCount).Select(i => $"{t.Column("figure")[i]} {t.Column("user")[i]}").ToArray();
        var q = multi.GetPlot(0);
        Figure.Paper(q, x, Percent(t.Doubles("paperQber")), "paper");
        var sim = AddPoints(q, x, Percent(t.Doubles("simQber")), "simulation ± 1σ", MarkerShape.FilledCircle);
        q.Add.ErrorBar(x, Percent(t.Doubles("simQber")), Percent(t.Doubles("simQberSigma"))).Color = sim.Color;
        AddPoints(q, x, Percent(t.Doubles("methodsFormulaQber")), "Methods formula", MarkerShape.OpenSquare);
        q.Axes.Bottom.SetTicks(x, labels);
        q.XLabel(Figure.Label("figure and user", ""));
        q.YLabel(Figure.Label("QBER", "%"));
        q.Title("Seed 004 Fig. 3: QBER");
        Figure.Legend(q);
        var k = multi.GetPlot(1);
        Figure.Paper(k, x, Kilo(t.Doubles("paperKeyRateBitPerS")), "paper");
        AddPoints(k, x, Kilo(t.Doubles("simFiniteKeyRateBitPerS")), "simulation, finite key", MarkerShape.FilledCircle);
        AddPoints(k, x, Kilo(t.Doubles("simAsymptoticKeyRateBitPerS")), "simulation, asymptotic", MarkerShape.OpenCircle);
        AddPoints(k, x, Kilo(t.Doubles("modelFiniteKeyRateBitPerS1200s")), "model, finite key (20 min)", MarkerShape.OpenSquare);
        k.Axes.Bottom.SetTicks(x, labels);
        k.XLabel(Figure.Label("figure and user", ""));
        k.YLabel(Figure.Label("secure key rate", "kbit/s"));
        k.Title("Seed 004 Fig. 3: secure key rate");
        Figure.Legend(k);
        Figure.Save(multi, path, 1000, 900);
    }

    /// <summary>Fig. 3 as a series: QBER and key of each session for 3a and 3b, drifting (filled) and static (open), paper means dashed.</summary>
    public static void Fig3Series(ResultTable sessions, ResultTable summary, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(4);
        string[] figures = ["Fig. 3a", "Fig. 3b"];
        for (int f = 0; f < 2; f++)
        {
            var q = multi.GetPlot(2 * f);
            var k = multi.GetPlot(2 * f + 1);
            int userIndex = 0;
            foreach (string user in sessions.Column("user").Where((_, i) => (string)sessions.Column("figure")[i] == figures[f]).Select(x => (string)x).Distinct())
            {
                var colour = Figure.StyleOf(userIndex++).Color; // one colour per user: filled drifting, open static, dashed paper mean
                foreach (var (condition, shape) in new[] { ("drift and control", MarkerShape.FilledCircle), ("finite size only", MarkerShape.OpenCircle) })
                {
                    int[] rows = Enumerable.Range(0, sessions.RowCount).Where(i => (string)sessions.Column("figure")[i] == figures[f]
                        && (string)sessions.Column("user")[i] == user && (string)sessions.Column("condition")[i] == condition).ToArray();
                    double[] hours = rows.Select(i => (Convert.ToDouble(sessions.Column("startS")[i]) + Convert.ToDouble(sessions.Column("endS")[i])) / 7200).ToArray();
                    AddPoints(q, hours, rows.Select(i => Convert.ToDouble(sessions.Column("qberSignal")[i]) * 100).ToArray(), $"{user}, {condition}", shape).Color = colour;
                    AddPoints(k, hours, rows.Select(i => Convert.ToDouble(sessions.Column("finiteKeyRateBitPerS")[i]) / 1000).ToArray(), $"{user}, {condition}", shape).Color = colour;
                }
                int s = Enumerable.Range(0, summary.RowCount).First(i => (string)summary.Column("figure")[i] == figures[f] && (string)summary.Column("user")[i] == user);
                var pq = q.Add.HorizontalLine(Convert.ToDouble(summary.Column("paperQber")[s]) * 100, color: colour);
                pq.LinePattern = LinePattern.Dashed;
                pq.LegendText = $"{user}, paper mean";
                var pk = k.Add.HorizontalLine(Convert.ToDouble(summary.Column("paperKeyRateBitPerS")[s]) / 1000, color: colour);
                pk.LinePattern = LinePattern.Dashed;
                pk.LegendText = $"{user}, paper mean";
            }
            q.XLabel(Figure.Label("time", "h"));
            q.YLabel(Figure.Label("QBER", "%"));
            q.Title($"Seed 004 {figures[f]}: QBER per key session");
            Figure.Legend(q);
            k.XLabel(Figure.Label("time", "h"));
            k.YLabel(Figure.Label("secure key rate", "kbit/s"));
            k.Title($"Seed 004 {figures[f]}: finite-key rate per key session");
            Figure.Legend(k);
        }
        Figure.Save(multi, path, 1100, 1400);
    }

    public static void Fig4a(ResultTable t, string path)
    {
        var p = new Plot();
        double[] s = t.Doubles("gateSeparation");
        var sim = AddPoints(p, s, Percent(t.Doubles("relativeIncrease")), "simulation ± 1σ", MarkerShape.FilledCircle);
        p.Add.ErrorBar(s, Percent(t.Doubles("relativeIncrease")), Percent(t.Doubles("relativeIncreaseSigma"))).Color = sim.Color;
        Figure.Line(p, s, Percent(t.Doubles("modelRelativeIncrease")), "model κ(s)", markerSize: 0);
        var floor = p.Add.HorizontalLine(t.Doubles("afterpulseFloor")[0] * 100, color: Figure.StyleOf(Figure.Next(p)).Color);
        floor.LinePattern = LinePattern.Dashed;
        floor.LegendText = "afterpulse floor p_A / N";
        var avg = p.Add.HorizontalLine(t.Doubles("methodsAverage")[0] * 100, color: Colors.Black);
        avg.LinePattern = LinePattern.Dotted;
        avg.LegendText = "paper (Methods): p_X = 1.9 %/(N − 1) + p_A/N";
        p.XLabel(Figure.Label("gate separation between transmitters 1 and 2", "gates"));
        p.YLabel(Figure.Label("relative count-rate increase", "%"));
        p.Title("Seed 004 Fig. 4a: cross-talk between two transmitters (N = 8)");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>Fig. 4b: the model's finite-key rate per user vs distance for 1, N/4, N/2, N active users, one panel per capacity N.</summary>
    public static void Fig4b(ResultTable map, string path, double? paperReachKmN64AllActive = null)
    {
        var multi = new Multiplot();
        multi.AddPlots(4);
        multi.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        var caps = Fig4bExperiment.Capacities;
        for (int i = 0; i < caps.Length; i++)
        {
            int cap = caps[i];
            var p = multi.GetPlot(i);
            var rows = Enumerable.Range(0, map.RowCount).Where(r => (double)map.Column("capacity")[r] == cap).ToList();
            var ns = rows.Select(r => (double)map.Column("activeUsers")[r]).Distinct().OrderBy(v => v).ToList();
            foreach (double n in ns.Where(n => n == 1 || n == cap / 4 || n == cap / 2 || n == cap).Distinct())
            {
                var sel = rows.Where(r => (double)map.Column("activeUsers")[r] == n && (double)map.Column("finiteKeyRateBitPerS")[r] > 0).ToList();
                if (sel.Count == 0) continue;
                Figure.Line(p, sel.Select(r => (double)map.Column("distanceKm")[r]).ToArray(),
                    sel.Select(r => Math.Log10((double)map.Column("finiteKeyRateBitPerS")[r])).ToArray(), $"n = {n} active", markerSize: 3);
            }
            if (cap == 64 && paperReachKmN64AllActive is double reach)
            {
                var v = p.Add.VerticalLine(reach, color: Colors.Black);
                v.LinePattern = LinePattern.Dotted;
                v.LegendText = $"paper: key up to {reach:0} km, all 64 active";
            }
            Figure.LogY(p);
            p.XLabel(Figure.Label("fibre distance", "km"));
            p.YLabel(Figure.Label("key rate per user", "bit/s"));
            p.Title($"Fig. 4b model: secure key rate per user, N = {cap}");
            Figure.Legend(p);
        }
        Figure.Save(multi, path, 1400, 1000, columns: 2);
    }

    public static void Fig4c(ResultTable t, string path)
    {
        var p = new Plot();
        double[] cap = t.Doubles("capacity");
        AddPoints(p, cap, Log10(t.Doubles("simPerUserKeyRateBitPerS")), "simulation (R1 + R2)/N, 2 × 500 MHz", MarkerShape.FilledCircle);
        Figure.Line(p, cap, Log10(t.Doubles("modelPerUserKeyRateBitPerS")), "model, same set-up");
        Figure.Line(p, cap, Log10(t.Doubles("fullNetworkModelPerUserBitPerS")), "model, N users at 1 GHz/N (Fig. 4b, 20.5 km)", LinePattern.Dashed);
        p.Axes.Bottom.SetTicks(cap, cap.Select(c => c.ToString("0")).ToArray());
        Figure.LogY(p);
        p.XLabel(Figure.Label("network capacity N", ""));
        p.YLabel(Figure.Label("key rate per user", "bit/s"));
        p.Title("Seed 004 Fig. 4c: capacity emulated with two transmitters");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    private static ScottPlot.Plottables.Scatter AddPoints(Plot p, double[] x, double[] y, string label, MarkerShape shape) =>
        Figure.Points(p, x, y, label, shape, markerSize: 9);

    /// <summary>Redraws every seed-004 figure from the tables a reproduction saved in <paramref name="dir"/> (results/seed004); no number is recomputed.</summary>
    public static void Redraw(string dir)
    {
        var paper = PaperValues.Load(RepoPaths.Experiment("seed004/expected.yaml"));
        ResultTable Read(string name) => ResultTableReader.Read(dir, name);
        string Out(string name) => Path.Combine(dir, name);
        Fig3(Read("fig3"), Out("fig3.png"));
        Fig3Series(Read("fig3_series"), Read("fig3_series_summary"), Out("fig3_series.png"));
        Fig4a(Read("fig4a"), Out("fig4a.png"));
        Fig4b(Read("fig4b_map"), Out("fig4b.png"), paper.Fig4bMaxDistanceKmN64);
        Fig4c(Read("fig4c"), Out("fig4c.png"));
    }

    private static double[] Percent(double[] v) => v.Select(x => x * 100).ToArray();
    private static double[] Kilo(double[] v) => v.Select(x => x / 1000).ToArray();
    private static double[] Log10(double[] v) => Figure.Log10(v);
}

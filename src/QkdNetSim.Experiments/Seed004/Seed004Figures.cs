using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>PNG figures of the seed-004 reproduction (ScottPlot 5).</summary>
public static class Seed004Figures
{
    public static void Fig3(ResultTable t, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        double[] x = Enumerable.Range(0, t.RowCount).Select(i => (double)i).ToArray();
        string[] labels = Enumerable.Range(0, t.RowCount).Select(i => $"{t.Column("figure")[i]} {t.Column("user")[i]}").ToArray();
        var q = multi.GetPlot(0);
        AddPoints(q, x, Percent(t.Doubles("paperQber")), "paper", MarkerShape.FilledDiamond);
        var sim = AddPoints(q, x, Percent(t.Doubles("simQber")), "simulation", MarkerShape.FilledCircle);
        q.Add.ErrorBar(x, Percent(t.Doubles("simQber")), Percent(t.Doubles("simQberSigma")));
        AddPoints(q, x, Percent(t.Doubles("methodsFormulaQber")), "Methods formula", MarkerShape.OpenSquare);
        q.Axes.Bottom.SetTicks(x, labels);
        q.YLabel("QBER (%)");
        q.Title("Seed 004 Fig. 3: QBER");
        q.ShowLegend();
        var k = multi.GetPlot(1);
        AddPoints(k, x, Kilo(t.Doubles("paperKeyRateBitPerS")), "paper", MarkerShape.FilledDiamond);
        AddPoints(k, x, Kilo(t.Doubles("simFiniteKeyRateBitPerS")), "simulation, finite key", MarkerShape.FilledCircle);
        AddPoints(k, x, Kilo(t.Doubles("simAsymptoticKeyRateBitPerS")), "simulation, asymptotic", MarkerShape.OpenCircle);
        AddPoints(k, x, Kilo(t.Doubles("modelFiniteKeyRateBitPerS1200s")), "model, finite key (20 min)", MarkerShape.OpenSquare);
        k.Axes.Bottom.SetTicks(x, labels);
        k.YLabel("secure key rate (kbit/s)");
        k.Title("Seed 004 Fig. 3: secure key rate");
        k.ShowLegend();
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
            foreach (string user in sessions.Column("user").Where((_, i) => (string)sessions.Column("figure")[i] == figures[f]).Select(x => (string)x).Distinct())
            {
                foreach (var (condition, shape) in new[] { ("drift and control", MarkerShape.FilledCircle), ("finite size only", MarkerShape.OpenCircle) })
                {
                    int[] rows = Enumerable.Range(0, sessions.RowCount).Where(i => (string)sessions.Column("figure")[i] == figures[f]
                        && (string)sessions.Column("user")[i] == user && (string)sessions.Column("condition")[i] == condition).ToArray();
                    double[] hours = rows.Select(i => (Convert.ToDouble(sessions.Column("startS")[i]) + Convert.ToDouble(sessions.Column("endS")[i])) / 7200).ToArray();
                    AddPoints(q, hours, rows.Select(i => Convert.ToDouble(sessions.Column("qberSignal")[i]) * 100).ToArray(), $"{user}, {condition}", shape);
                    AddPoints(k, hours, rows.Select(i => Convert.ToDouble(sessions.Column("finiteKeyRateBitPerS")[i]) / 1000).ToArray(), $"{user}, {condition}", shape);
                }
                int s = Enumerable.Range(0, summary.RowCount).First(i => (string)summary.Column("figure")[i] == figures[f] && (string)summary.Column("user")[i] == user);
                var pq = q.Add.HorizontalLine(Convert.ToDouble(summary.Column("paperQber")[s]) * 100);
                pq.LinePattern = LinePattern.Dashed;
                pq.LegendText = $"{user}, paper mean";
                var pk = k.Add.HorizontalLine(Convert.ToDouble(summary.Column("paperKeyRateBitPerS")[s]) / 1000);
                pk.LinePattern = LinePattern.Dashed;
                pk.LegendText = $"{user}, paper mean";
            }
            q.XLabel("time (h)");
            q.YLabel("QBER (%)");
            q.Title($"Seed 004 {figures[f]}: QBER per key session");
            q.ShowLegend();
            k.XLabel("time (h)");
            k.YLabel("secure key rate (kbit/s)");
            k.Title($"Seed 004 {figures[f]}: finite-key rate per key session");
            k.ShowLegend();
        }
        Figure.Save(multi, path, 1100, 1400);
    }

    public static void Fig4a(ResultTable t, string path)
    {
        var p = new Plot();
        double[] s = t.Doubles("gateSeparation");
        AddPoints(p, s, Percent(t.Doubles("relativeIncrease")), "simulation", MarkerShape.FilledCircle);
        p.Add.ErrorBar(s, Percent(t.Doubles("relativeIncrease")), Percent(t.Doubles("relativeIncreaseSigma")));
        var model = p.Add.Scatter(s, Percent(t.Doubles("modelRelativeIncrease")));
        model.LegendText = "model kappa(s)";
        model.MarkerSize = 0;
        var floor = p.Add.HorizontalLine(t.Doubles("afterpulseFloor")[0] * 100);
        floor.LinePattern = LinePattern.Dashed;
        floor.LegendText = "p_A / N";
        var avg = p.Add.HorizontalLine(t.Doubles("methodsAverage")[0] * 100);
        avg.LinePattern = LinePattern.Dotted;
        avg.LegendText = "Methods p_X = 1.9%/(N-1) + p_A/N";
        p.XLabel("gate separation between transmitters 1 and 2");
        p.YLabel("relative count-rate increase (%)");
        p.Title("Seed 004 Fig. 4a: cross-talk between two transmitters (N = 8)");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }

    public static void Fig4b(ResultTable map, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(4);
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
                var sc = p.Add.Scatter(sel.Select(r => (double)map.Column("distanceKm")[r]).ToArray(),
                    sel.Select(r => Math.Log10((double)map.Column("finiteKeyRateBitPerS")[r])).ToArray());
                sc.LegendText = $"n = {n}";
                sc.MarkerSize = 3;
            }
            p.XLabel("fibre distance (km)");
            p.YLabel("log10 rate (bit/s)");
            p.Title($"Fig. 4b model: secure key rate per user, N = {cap}");
            p.ShowLegend();
        }
        Figure.Save(multi, path, 1200, 1000);
    }

    public static void Fig4c(ResultTable t, string path)
    {
        var p = new Plot();
        double[] cap = t.Doubles("capacity");
        AddPoints(p, cap, Log10(t.Doubles("simPerUserKeyRateBitPerS")), "simulation (R1 + R2)/N, 2 x 500 MHz", MarkerShape.FilledCircle);
        var m = p.Add.Scatter(cap, Log10(t.Doubles("modelPerUserKeyRateBitPerS")));
        m.LegendText = "model, same set-up";
        var f = p.Add.Scatter(cap, Log10(t.Doubles("fullNetworkModelPerUserBitPerS")));
        f.LegendText = "model, N users at 1 GHz/N (Fig. 4b, 20.5 km)";
        f.LinePattern = LinePattern.Dashed;
        p.Axes.Bottom.SetTicks(cap, cap.Select(c => c.ToString("0")).ToArray());
        p.XLabel("network capacity N");
        p.YLabel("log10 key rate per user (bit/s)");
        p.Title("Seed 004 Fig. 4c: capacity emulated with two transmitters");
        p.ShowLegend();
        Figure.Save(p, path);
    }

    private static ScottPlot.Plottables.Scatter AddPoints(Plot p, double[] x, double[] y, string label, MarkerShape shape)
    {
        var sc = p.Add.Scatter(x, y);
        sc.LineWidth = 0;
        sc.MarkerShape = shape;
        sc.MarkerSize = 9;
        sc.LegendText = label;
        return sc;
    }

    private static double[] Percent(double[] v) => v.Select(x => x * 100).ToArray();
    private static double[] Kilo(double[] v) => v.Select(x => x / 1000).ToArray();
    private static double[] Log10(double[] v) => v.Select(x => x > 0 ? Math.Log10(x) : double.NaN).ToArray();
}

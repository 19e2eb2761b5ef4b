using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed001;

/// <summary>PNG figures of the seed-001 reproduction (ScottPlot 5): log10 key rate (bits per symbol) where positive.</summary>
public static class Seed001Figures
{
    private static void Curve(Plot p, IReadOnlyList<double> x, IReadOnlyList<double> y, string label, bool dashed = false)
    {
        var keep = Enumerable.Range(0, x.Count).Where(i => y[i] > 0).ToArray();
        if (keep.Length == 0) return;
        var sc = p.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => Math.Log10(y[i])).ToArray());
        sc.LegendText = label;
        sc.MarkerSize = 0;
        if (dashed) sc.LinePattern = LinePattern.Dashed;
    }

    private static int[] Rows(ResultTable t, Func<int, bool> where) => Enumerable.Range(0, t.RowCount).Where(where).ToArray();

    private static double D(ResultTable t, string col, int row) => Convert.ToDouble(t.Column(col)[row]);

    private static void Family(Plot p, ResultTable t, string groupCol, Func<int, bool> filter, Func<double, string> label, string x = "distanceKm", bool dashed = false)
    {
        var rows = Rows(t, filter);
        foreach (double g in rows.Select(r => D(t, groupCol, r)).Distinct().OrderBy(v => v))
        {
            var sel = rows.Where(r => D(t, groupCol, r) == g).ToArray();
            Curve(p, sel.Select(r => D(t, x, r)).ToArray(), sel.Select(r => D(t, "keyRateBits", r)).ToArray(), label(g), dashed);
        }
    }

    private static void Finish(Plot p, string title, string path, string xLabel = "distance (km)")
    {
        p.XLabel(xLabel);
        p.YLabel("log10 key rate (bits/symbol)");
        p.Title(title);
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }

    public static void Fig3(ResultTable t, string scenario, string path)
    {
        var p = new Plot();
        Family(p, t, "bobs", r => (string)t.Column("scenario")[r] == scenario, g => $"N = {g}");
        Finish(p, $"Seed 001 Fig. 3{(scenario == "a" ? "a: scenario a (only key Bob trusted)" : "b: scenario c (all Bobs trusted)")}", path);
    }

    public static void Fig4(ResultTable t, string path)
    {
        var p = new Plot();
        Family(p, t, "trusted", _ => true, g => $"N_T = {g}");
        Finish(p, "Seed 001 Fig. 4: N = 8, N_T trusted", path);
    }

    public static void Fig5(ResultTable t, string path)
    {
        var p = new Plot();
        Family(p, t, "bobs", r => (string)t.Column("scenario")[r] == "c", g => $"c) N = {g}");
        Family(p, t, "bobs", r => (string)t.Column("scenario")[r] == "d", g => $"d) N = {g}", dashed: true);
        Finish(p, "Seed 001 Fig. 5: scenario d (dashed) vs c, per Bob", path);
    }

    public static void Fig6(ResultTable t, string path)
    {
        var p = new Plot();
        Family(p, t, "bobs", _ => true, g => $"xi = {Seed001Curves.ExcessNoiseSnu} bound, N = {g}", dashed: true);
        foreach (double n in Rows(t, _ => true).Select(r => D(t, "bobs", r)).Distinct())
        {
            var sel = Rows(t, r => D(t, "bobs", r) == n);
            Curve(p, sel.Select(r => D(t, "distanceKm", r)).ToArray(), sel.Select(r => D(t, "lossOnlyKeyRateBits", r)).ToArray(), $"loss-only exact, N = {n}");
        }
        Finish(p, "Seed 001 Fig. 6: noisy (analytical bound) vs loss-only, N_T = 1", path);
    }

    public static void Fig7(ResultTable t, string path)
    {
        var p = new Plot();
        var rows = Rows(t, _ => true);
        Curve(p, rows.Select(r => D(t, "bobs", r)).ToArray(), rows.Select(r => D(t, "lossOnlyKeyRateBits", r)).ToArray(), "loss-only");
        Curve(p, rows.Select(r => D(t, "bobs", r)).ToArray(), rows.Select(r => D(t, "keyRateBits", r)).ToArray(), $"xi = {Seed001Curves.ExcessNoiseSnu} (bound)", true);
        Finish(p, $"Seed 001 Fig. 7: key rate vs number of Bobs at {Seed001Curves.Fig7DistanceKm} km, N_T = 1", path, "number of Bobs N");
    }

    public static void Fig8a(ResultTable t, string path)
    {
        var p = new Plot();
        var rows = Rows(t, r => D(t, "excessNoiseSnu", r) > 0);
        double[] x = rows.Select(r => Math.Log10(D(t, "excessNoiseSnu", r))).ToArray();
        foreach (var (col, label) in new[] { ("boundAtFixedAlphaBits", "bound, quadrant key, alpha fixed"), ("boundOptimisedBits", "bound, quadrant key, alpha optimised"),
                     ("boundSoftOptimisedBits", "bound, continuous-outcome key, alpha optimised"), ("lossOnlyOptimisedBits", "loss-only exact (quadrant key)") })
        {
            var sc = p.Add.Scatter(x, rows.Select(r => D(t, col, r)).ToArray());
            sc.LegendText = label;
        }
        p.XLabel("log10 excess noise xi (SNU)");
        p.YLabel("key rate (bits/symbol)");
        p.Title($"Seed 001 Fig. 8a: xi -> 0 at {Seed001Curves.Fig8DistanceKm} km, N = 1");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }
}

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

    // Numerical (certified) rates as markers over the curves.
    private static void Points(Plot p, ResultTable? numerical, string x, Func<int, bool> filter, string label)
    {
        if (numerical is null) return;
        var keep = Rows(numerical, r => filter(r) && D(numerical, "keyRateBits", r) > 0);
        if (keep.Length == 0) return;
        var sc = p.Add.Scatter(keep.Select(r => D(numerical, x, r)).ToArray(), keep.Select(r => Math.Log10(D(numerical, "keyRateBits", r))).ToArray());
        sc.LegendText = label;
        sc.LineWidth = 0;
        sc.MarkerSize = 8;
    }

    public static void Fig6(ResultTable t, string path, ResultTable? numerical = null)
    {
        var p = new Plot();
        Family(p, t, "bobs", _ => true, g => $"xi = {Seed001Curves.ExcessNoiseSnu} explicit bound, N = {g}", dashed: true);
        foreach (double n in new[] { 2.0, 8.0 })
            Points(p, numerical, "distanceKm", r => D(numerical!, "bobs", r) == n, $"xi = {Seed001Curves.ExcessNoiseSnu} numerical (SDP), N = {n}");
        foreach (double n in Rows(t, _ => true).Select(r => D(t, "bobs", r)).Distinct())
        {
            var sel = Rows(t, r => D(t, "bobs", r) == n);
            Curve(p, sel.Select(r => D(t, "distanceKm", r)).ToArray(), sel.Select(r => D(t, "lossOnlyKeyRateBits", r)).ToArray(), $"loss-only exact, N = {n}");
        }
        Finish(p, "Seed 001 Fig. 6: noisy (numerical, explicit bound) vs loss-only, N_T = 1", path);
    }

    public static void Fig7(ResultTable t, string path, ResultTable? numerical = null)
    {
        var p = new Plot();
        var rows = Rows(t, _ => true);
        Curve(p, rows.Select(r => D(t, "bobs", r)).ToArray(), rows.Select(r => D(t, "lossOnlyKeyRateBits", r)).ToArray(), "loss-only");
        Curve(p, rows.Select(r => D(t, "bobs", r)).ToArray(), rows.Select(r => D(t, "keyRateBits", r)).ToArray(), $"xi = {Seed001Curves.ExcessNoiseSnu} (explicit bound)", true);
        Points(p, numerical, "bobs", _ => true, $"xi = {Seed001Curves.ExcessNoiseSnu} (numerical, SDP)");
        Finish(p, $"Seed 001 Fig. 7: key rate vs number of Bobs at {Seed001Curves.Fig7DistanceKm} km, N_T = 1", path, "number of Bobs N");
    }

    public static void Fig8a(ResultTable t, string path, ResultTable? numerical = null)
    {
        var p = new Plot();
        var rows = Rows(t, r => D(t, "excessNoiseSnu", r) > 0);
        double[] x = rows.Select(r => Math.Log10(D(t, "excessNoiseSnu", r))).ToArray();
        foreach (var (col, label) in new[] { ("boundAtFixedAlphaBits", "explicit bound, quadrant form, alpha fixed"), ("boundOptimisedBits", "explicit bound, quadrant form, alpha optimised"),
                     ("boundSoftOptimisedBits", "explicit bound (continuous outcome), alpha optimised"), ("lossOnlyOptimisedBits", "loss-only exact (quadrant key)") })
        {
            var sc = p.Add.Scatter(x, rows.Select(r => D(t, col, r)).ToArray());
            sc.LegendText = label;
        }
        if (numerical is not null)
        {
            var sc = p.Add.Scatter(Rows(numerical, _ => true).Select(r => Math.Log10(D(numerical, "excessNoiseSnu", r))).ToArray(),
                Rows(numerical, _ => true).Select(r => D(numerical, "keyRateBits", r)).ToArray());
            sc.LegendText = "numerical (SDP), quadrant key, alpha fixed";
            sc.MarkerSize = 8;
        }
        p.XLabel("log10 excess noise xi (SNU)");
        p.YLabel("key rate (bits/symbol)");
        p.Title($"Seed 001 Fig. 8a: xi -> 0 at {Seed001Curves.Fig8DistanceKm} km, N = 1");
        p.ShowLegend(Alignment.LowerLeft); // the curves converge at the top right
        Figure.Save(p, path);
    }

    /// <summary>Fig. 8b: two trusted Bobs (N = 2, 3), numerical rates at small noise against the exact loss-only rates.</summary>
    public static void Fig8b(ResultTable t, string path)
    {
        var p = new Plot();
        foreach (double n in new[] { 2.0, 3.0 })
        {
            var sel = Rows(t, r => D(t, "bobs", r) == n);
            Curve(p, sel.Select(r => D(t, "distanceKm", r)).ToArray(), sel.Select(r => D(t, "lossOnlyKeyRateBits", r)).ToArray(), $"loss-only exact, N = {n}, N_T = 2");
            Points(p, t, "distanceKm", r => D(t, "bobs", r) == n, $"numerical (SDP), xi = {Seed001Numerical.Fig8bExcessNoiseSnu}, N = {n}, N_T = 2");
        }
        Finish(p, "Seed 001 Fig. 8b: two trusted Bobs, numerical vs loss-only", path);
    }
}

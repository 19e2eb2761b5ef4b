using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed001;

/// <summary>
/// Figures of the seed-001 reproduction in the style of <see cref="Figure"/> (PNG and SVG): key rates (bit/symbol) on log
/// axes labelled in physical values, where positive.
/// </summary>
public static class Seed001Figures
{
    private static void Curve(Plot p, IReadOnlyList<double> x, IReadOnlyList<double> y, string label, bool dashed = false)
    {
        var keep = Enumerable.Range(0, x.Count).Where(i => y[i] > 0).ToArray();
        if (keep.Length == 0) return;
        Figure.Line(p, keep.Select(i => x[i]).ToArray(), keep.Select(i => Math.Log10(y[i])).ToArray(), label, dashed ? LinePattern.Dashed : null, markerSize: 0);
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

    private static void Finish(Plot p, string title, string path, string? xLabel = null)
    {
        Figure.LogY(p);
        p.XLabel(xLabel ?? Figure.Label("distance", "km"));
        p.YLabel(Figure.Label("key rate", "bit/symbol"));
        p.Title(title);
        Figure.Legend(p);
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
        Family(p, t, "bobs", r => (string)t.Column("scenario")[r] == "c", g => $"scenario c, N = {g}");
        Family(p, t, "bobs", r => (string)t.Column("scenario")[r] == "d", g => $"scenario d, N = {g}", dashed: true);
        Finish(p, "Seed 001 Fig. 5: scenario d (dashed) vs c, per Bob", path);
    }

    // Numerical (certified) rates as markers over the curves.
    private static void Points(Plot p, ResultTable? numerical, string x, Func<int, bool> filter, string label)
    {
        if (numerical is null) return;
        var keep = Rows(numerical, r => filter(r) && D(numerical, "keyRateBits", r) > 0);
        if (keep.Length == 0) return;
        Figure.Points(p, keep.Select(r => D(numerical, x, r)).ToArray(), keep.Select(r => Math.Log10(D(numerical, "keyRateBits", r))).ToArray(), label);
    }

    public static void Fig6(ResultTable t, string path, ResultTable? numerical = null)
    {
        var p = new Plot();
        Family(p, t, "bobs", _ => true, g => $"ξ = {Seed001Curves.ExcessNoiseSnu} SNU, explicit bound, N = {g}", dashed: true);
        foreach (double n in new[] { 2.0, 8.0 })
            Points(p, numerical, "distanceKm", r => D(numerical!, "bobs", r) == n, $"ξ = {Seed001Curves.ExcessNoiseSnu} SNU, numerical (SDP), N = {n}");
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
        Curve(p, rows.Select(r => D(t, "bobs", r)).ToArray(), rows.Select(r => D(t, "keyRateBits", r)).ToArray(), $"ξ = {Seed001Curves.ExcessNoiseSnu} SNU, explicit bound", true);
        Points(p, numerical, "bobs", _ => true, $"ξ = {Seed001Curves.ExcessNoiseSnu} SNU, numerical (SDP)");
        Finish(p, $"Seed 001 Fig. 7: key rate vs number of Bobs at {Seed001Curves.Fig7DistanceKm} km, N_T = 1", path, Figure.Label("number of Bobs N", ""));
    }

    public static void Fig8a(ResultTable t, string path, ResultTable? numerical = null)
    {
        var p = new Plot();
        var rows = Rows(t, r => D(t, "excessNoiseSnu", r) > 0);
        double[] x = rows.Select(r => Math.Log10(D(t, "excessNoiseSnu", r))).ToArray();
        foreach (var (col, label) in new[] { ("boundAtFixedAlphaBits", "explicit bound, quadrant form, α fixed"), ("boundOptimisedBits", "explicit bound, quadrant form, α optimised"),
                     ("boundSoftOptimisedBits", "explicit bound (continuous outcome), α optimised"), ("lossOnlyOptimisedBits", "loss-only exact (quadrant key)") })
        {
            Figure.Line(p, x, rows.Select(r => D(t, col, r)).ToArray(), label, markerSize: 4);
        }
        if (numerical is not null)
        {
            Figure.Points(p, Rows(numerical, _ => true).Select(r => Math.Log10(D(numerical, "excessNoiseSnu", r))).ToArray(),
                Rows(numerical, _ => true).Select(r => D(numerical, "keyRateBits", r)).ToArray(), "numerical (SDP), quadrant key, α fixed");
        }
        Figure.LogX(p);
        p.XLabel(Figure.Label("excess noise ξ", "SNU"));
        p.YLabel(Figure.Label("key rate", "bit/symbol"));
        p.Title($"Seed 001 Fig. 8a: ξ → 0 at {Seed001Curves.Fig8DistanceKm} km, N = 1");
        Figure.Legend(p);
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
            Points(p, t, "distanceKm", r => D(t, "bobs", r) == n, $"numerical (SDP), ξ = {Seed001Numerical.Fig8bExcessNoiseSnu} SNU, N = {n}, N_T = 2");
        }
        Finish(p, "Seed 001 Fig. 8b: two trusted Bobs, numerical vs loss-only", path);
    }

    /// <summary>Redraws every seed-001 figure from the tables a reproduction saved in <paramref name="dir"/> (results/seed001); no number is recomputed.</summary>
    public static void Redraw(string dir)
    {
        ResultTable Read(string name) => ResultTableReader.Read(dir, name);
        ResultTable? ReadIf(string name) => File.Exists(Path.Combine(dir, name + ".parquet")) ? Read(name) : null;
        string Out(string name) => Path.Combine(dir, name);
        var fig3 = Read("fig3");
        Fig3(fig3, "a", Out("fig3a.png"));
        Fig3(fig3, "c", Out("fig3b.png"));
        Fig4(Read("fig4"), Out("fig4.png"));
        Fig5(Read("fig5"), Out("fig5.png"));
        Fig8a(Read("fig8a"), Out("fig8a.png"), ReadIf("fig8a_numerical"));
        Fig6(Read("fig6"), Out("fig6.png"), ReadIf("fig6_numerical"));
        Fig7(Read("fig7"), Out("fig7.png"), ReadIf("fig7_numerical"));
        if (ReadIf("fig8b") is { } fig8b) Fig8b(fig8b, Out("fig8b.png")); // --full only
    }
}

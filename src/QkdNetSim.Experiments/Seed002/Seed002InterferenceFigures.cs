using System.Globalization;
using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Figures of the seed-002 interference experiments in the style of <see cref="Figure"/>: fig3, fig9, fig10 (PNG and SVG). The
/// paper's values (Fig. 3, and Supplementary Figs. 9, 10 at zero delay for all six pairs) share the axes with model and simulation.
/// </summary>
public static class Seed002InterferenceFigures
{
    /// <summary>Seed 002 Fig. 3b-e as points: paper, model, simulated (± 1 sigma) for V_HOM and V_BSM of both comb states.</summary>
    public static void Fig3(ResultTable t, string path)
    {
        var p = new Plot();
        double[] x = Enumerable.Range(0, t.RowCount).Select(i => (double)i).ToArray();
        string[] labels = Enumerable.Range(0, t.RowCount).Select(i => $"{t.Column("combState")[i]} {t.Column("quantity")[i]}").ToArray();
        Figure.Paper(p, x.Select(v => v - 0.15).ToArray(), Percent(t.Doubles("paper")), "paper (Fig. 3)");
        Points(p, x, Percent(t.Doubles("model")), "model (quadrature)", MarkerShape.OpenSquare);
        var simX = x.Select(v => v + 0.15).ToArray();
        var sim = Points(p, simX, Percent(t.Doubles("simulated")), "simulated ± 1σ", MarkerShape.FilledCircle);
        p.Add.ErrorBar(simX, Percent(t.Doubles("simulated")), Percent(t.Doubles("sigma"))).Color = sim.Color;
        p.Axes.Bottom.SetTicks(x, labels);
        p.Axes.SetLimitsX(-0.6, t.RowCount - 0.4);
        p.Axes.SetLimitsY(0, 55);
        p.XLabel(Figure.Label("comb state and visibility", ""));
        p.YLabel(Figure.Label("visibility", "%"));
        p.Title("Seed 002 Fig. 3: HOM and BSM visibility, pair AB, 15 dB per user");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>Supplementary Fig. 9: model V_HOM vs delay for the six pairs, simulated points of AB, the paper's AB value at zero delay.</summary>
    public static void Fig9(ResultTable model, ResultTable scan, ResultTable zeroDelay, string path)
    {
        var p = new Plot();
        foreach (string pair in model.Column("pair").Select(v => (string)v).Distinct())
        {
            var rows = Rows(model, "pair", pair);
            Figure.Line(p, rows.Select(i => D(model, "delayPs", i)).ToArray(), rows.Select(i => 100 * D(model, "modelHomVisibility", i)).ToArray(),
                $"model {pair} (pol. overlap {D(model, "polarizationOverlap", rows[0]).ToString("0.000", CultureInfo.InvariantCulture)})", markerSize: 0);
        }
        double[] x = scan.Doubles("delayPs");
        var sim = Points(p, x, Percent(scan.Doubles("simHomVisibility")), $"simulated {scan.Column("pair")[0]} ± 1σ", MarkerShape.FilledCircle);
        p.Add.ErrorBar(x, Percent(scan.Doubles("simHomVisibility")), Percent(scan.Doubles("simHomSigma"))).Color = sim.Color;
        AtZero(p, zeroDelay, "HomVisibility", v => 100 * v);
        p.XLabel(Figure.Label("relative delay τ", "ps"));
        p.YLabel(Figure.Label("HOM visibility 1 − C / C_dist", "%"));
        p.Title("Seed 002 Supplementary Fig. 9: HOM visibility vs relative delay");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>Supplementary Fig. 10: QBER_X (linear) and QBER_Z (log scale) vs delay, model curve and simulated points of AB, the paper's AB values at zero delay.</summary>
    public static void Fig10(ResultTable model, ResultTable scan, ResultTable zeroDelay, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        double[] mx = model.Doubles("delayPs"), sx = scan.Doubles("delayPs");
        string pair = (string)scan.Column("pair")[0];

        var px = multi.GetPlot(0);
        Figure.Line(px, mx, Percent(model.Doubles("modelQberX")), $"model {pair}", markerSize: 0);
        var simX = Points(px, sx, Percent(scan.Doubles("simQberX")), $"simulated {pair} ± 1σ", MarkerShape.FilledCircle);
        px.Add.ErrorBar(sx, Percent(scan.Doubles("simQberX")), Percent(scan.Doubles("simQberXSigma"))).Color = simX.Color;
        AtZero(px, zeroDelay, "QberX", v => 100 * v);
        px.XLabel(Figure.Label("relative delay τ", "ps"));
        px.YLabel(Figure.Label("QBER_X", "%"));
        px.Title("Seed 002 Supplementary Fig. 10: QBER_X vs relative delay (μ = 0.64, four states)");
        Figure.Legend(px);

        var pz = multi.GetPlot(1);
        Figure.Line(pz, mx, Log10Percent(model.Doubles("modelQberZ")), $"model {pair}", markerSize: 0);
        double[] qz = scan.Doubles("simQberZ"), sz = scan.Doubles("simQberZSigma");
        var simZ = Points(pz, sx, Log10Percent(qz), $"simulated {pair} ± 1σ", MarkerShape.FilledTriangleUp);
        var bars = pz.Add.ErrorBar(sx, Log10Percent(qz), new double[qz.Length]);
        bars.Color = simZ.Color;
        // Asymmetric in log space: up to q + sigma, down to q - sigma (clipped at a tenth of q).
        bars.YErrorPositive = qz.Select((q, i) => q > 0 ? Math.Log10(q + sz[i]) - Math.Log10(q) : 0).ToArray();
        bars.YErrorNegative = qz.Select((q, i) => q > 0 ? Math.Log10(q) - Math.Log10(Math.Max(q - sz[i], q / 10)) : 0).ToArray();
        AtZero(pz, zeroDelay, "QberZ", v => Figure.Log10(100 * v));
        Figure.LogY(pz);
        pz.XLabel(Figure.Label("relative delay τ", "ps"));
        pz.YLabel(Figure.Label("QBER_Z", "%"));
        pz.Title("QBER_Z vs relative delay");
        Figure.Legend(pz);
        Figure.Save(multi, path, 1000, 1000);
    }

    /// <summary>
    /// The paper's zero-delay values of all pairs (Supplementary Figs. 9, 10 text, column paper&lt;quantity&gt;) as open diamonds at
    /// τ = 0, and the simulated zero-delay value of each pair (sim&lt;quantity&gt;) beside them.
    /// </summary>
    private static void AtZero(Plot p, ResultTable zeroDelay, string quantity, Func<double, double> scale)
    {
        var rows = Enumerable.Range(0, zeroDelay.RowCount).Where(i => !double.IsNaN(D(zeroDelay, "paper" + quantity, i))).ToArray();
        if (rows.Length == 0) return;
        Points(p, rows.Select(_ => 0.0).ToArray(), rows.Select(i => scale(D(zeroDelay, "sim" + quantity, i))).ToArray(),
            $"simulated, {rows.Length} pairs (zero delay)", MarkerShape.OpenCircle);
        Figure.Paper(p, rows.Select(_ => 0.0).ToArray(), rows.Select(i => scale(D(zeroDelay, "paper" + quantity, i))).ToArray(),
            $"paper, {rows.Length} pairs (zero delay)");
    }

    private static ScottPlot.Plottables.Scatter Points(Plot p, double[] x, double[] y, string label, MarkerShape shape) =>
        Figure.Points(p, x, y, label, shape, markerSize: 9);

    private static List<int> Rows(ResultTable t, string column, string value) =>
        Enumerable.Range(0, t.RowCount).Where(i => (string)t.Column(column)[i] == value).ToList();

    private static double D(ResultTable t, string column, int row) => Convert.ToDouble(t.Column(column)[row], CultureInfo.InvariantCulture);
    private static double[] Percent(double[] v) => v.Select(x => x * 100).ToArray();
    private static double[] Log10Percent(double[] v) => v.Select(x => x > 0 ? Math.Log10(x * 100) : double.NaN).ToArray();
}

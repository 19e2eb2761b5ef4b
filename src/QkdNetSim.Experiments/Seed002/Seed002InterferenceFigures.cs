using System.Globalization;
using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>PNG figures of the seed-002 interference experiments (ScottPlot 5): fig3.png, fig9.png, fig10.png.</summary>
public static class Seed002InterferenceFigures
{
    /// <summary>Seed 002 Fig. 3b-e as points: paper, model, simulated (± 1 sigma) for V_HOM and V_BSM of both comb states.</summary>
    public static void Fig3(ResultTable t, string path)
    {
        var p = new Plot();
        double[] x = Enumerable.Range(0, t.RowCount).Select(i => (double)i).ToArray();
        string[] labels = Enumerable.Range(0, t.RowCount).Select(i => $"{t.Column("combState")[i]} {t.Column("quantity")[i]}").ToArray();
        Points(p, x.Select(v => v - 0.15).ToArray(), Percent(t.Doubles("paper")), "paper (Fig. 3)", MarkerShape.FilledDiamond);
        Points(p, x, Percent(t.Doubles("model")), "model (quadrature)", MarkerShape.OpenSquare);
        var simX = x.Select(v => v + 0.15).ToArray();
        Points(p, simX, Percent(t.Doubles("simulated")), "simulated ± 1 sigma", MarkerShape.FilledCircle);
        p.Add.ErrorBar(simX, Percent(t.Doubles("simulated")), Percent(t.Doubles("sigma")));
        p.Axes.Bottom.SetTicks(x, labels);
        p.Axes.SetLimitsX(-0.6, t.RowCount - 0.4);
        p.Axes.SetLimitsY(0, 55);
        p.YLabel("visibility (%)");
        p.Title("Seed 002 Fig. 3: HOM and BSM visibility, pair AB, 15 dB per user");
        p.ShowLegend(Alignment.LowerRight);
        Figure.Save(p, path);
    }

    /// <summary>Supplementary Fig. 9: model V_HOM vs delay for the six pairs, simulated points of AB, the paper's AB value at zero delay.</summary>
    public static void Fig9(ResultTable model, ResultTable scan, ResultTable zeroDelay, string path)
    {
        var p = new Plot();
        foreach (string pair in model.Column("pair").Select(v => (string)v).Distinct())
        {
            var rows = Rows(model, "pair", pair);
            var line = p.Add.ScatterLine(rows.Select(i => D(model, "delayPs", i)).ToArray(),
                rows.Select(i => 100 * D(model, "modelHomVisibility", i)).ToArray());
            line.LegendText = $"model {pair} (pol. overlap {D(model, "polarizationOverlap", rows[0]).ToString("0.000", CultureInfo.InvariantCulture)})";
            line.LineWidth = 1.5f;
        }
        double[] x = scan.Doubles("delayPs");
        Points(p, x, Percent(scan.Doubles("simHomVisibility")), $"simulated {scan.Column("pair")[0]} ± 1 sigma", MarkerShape.FilledCircle);
        p.Add.ErrorBar(x, Percent(scan.Doubles("simHomVisibility")), Percent(scan.Doubles("simHomSigma")));
        PaperAtZero(p, zeroDelay, (string)scan.Column("pair")[0], "paperHomVisibility", v => 100 * v);
        p.XLabel("relative delay tau (ps)");
        p.YLabel("HOM visibility 1 - C / C_dist (%)");
        p.Title("Seed 002 Supplementary Fig. 9: HOM visibility vs relative delay");
        p.ShowLegend(Alignment.UpperRight);
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
        var lx = px.Add.ScatterLine(mx, Percent(model.Doubles("modelQberX")));
        lx.LegendText = $"model {pair}";
        Points(px, sx, Percent(scan.Doubles("simQberX")), "simulated ± 1 sigma", MarkerShape.FilledCircle);
        px.Add.ErrorBar(sx, Percent(scan.Doubles("simQberX")), Percent(scan.Doubles("simQberXSigma")));
        PaperAtZero(px, zeroDelay, pair, "paperQberX", v => 100 * v);
        px.XLabel("relative delay tau (ps)");
        px.YLabel("QBER_X (%)");
        px.Title("Seed 002 Supplementary Fig. 10: QBER_X vs relative delay (mu = 0.64, four states)");
        px.ShowLegend(Alignment.LowerRight);

        var pz = multi.GetPlot(1);
        var lz = pz.Add.ScatterLine(mx, Log10Percent(model.Doubles("modelQberZ")));
        lz.LegendText = $"model {pair}";
        double[] qz = scan.Doubles("simQberZ"), sz = scan.Doubles("simQberZSigma");
        Points(pz, sx, Log10Percent(qz), "simulated ± 1 sigma", MarkerShape.FilledTriangleUp);
        var bars = pz.Add.ErrorBar(sx, Log10Percent(qz), new double[qz.Length]);
        // Asymmetric in log space: up to q + sigma, down to q - sigma (clipped at a tenth of q).
        bars.YErrorPositive = qz.Select((q, i) => q > 0 ? Math.Log10(q + sz[i]) - Math.Log10(q) : 0).ToArray();
        bars.YErrorNegative = qz.Select((q, i) => q > 0 ? Math.Log10(q) - Math.Log10(Math.Max(q - sz[i], q / 10)) : 0).ToArray();
        PaperAtZero(pz, zeroDelay, pair, "paperQberZ", v => Math.Log10(100 * v));
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.###", CultureInfo.InvariantCulture),
        };
        pz.Axes.Left.TickGenerator = ticks;
        pz.XLabel("relative delay tau (ps)");
        pz.YLabel("QBER_Z (%, log scale)");
        pz.Title("QBER_Z vs relative delay");
        pz.ShowLegend(Alignment.UpperCenter);
        Figure.Save(multi, path, 1000, 1000);
    }

    /// <summary>The paper's zero-delay value of one pair (Supplementary Figs. 9, 10 text) as a diamond at tau = 0.</summary>
    private static void PaperAtZero(Plot p, ResultTable zeroDelay, string pair, string column, Func<double, double> scale)
    {
        var rows = Rows(zeroDelay, "pair", pair);
        if (rows.Count == 0 || double.IsNaN(D(zeroDelay, column, rows[0]))) return;
        Points(p, [0.0], [scale(D(zeroDelay, column, rows[0]))], $"paper {pair} (zero delay)", MarkerShape.FilledDiamond);
    }

    private static void Points(Plot p, double[] x, double[] y, string label, MarkerShape shape)
    {
        var sc = p.Add.ScatterPoints(x, y);
        sc.MarkerShape = shape;
        sc.MarkerSize = 9;
        sc.LegendText = label;
    }

    private static List<int> Rows(ResultTable t, string column, string value) =>
        Enumerable.Range(0, t.RowCount).Where(i => (string)t.Column(column)[i] == value).ToList();

    private static double D(ResultTable t, string column, int row) => Convert.ToDouble(t.Column(column)[row], CultureInfo.InvariantCulture);
    private static double[] Percent(double[] v) => v.Select(x => x * 100).ToArray();
    private static double[] Log10Percent(double[] v) => v.Select(x => x > 0 ? Math.Log10(x * 100) : double.NaN).ToArray();
}

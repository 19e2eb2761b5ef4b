using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Mdi.Tdm;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>PNG figures of the seed-002 TDM section (ScottPlot 5).</summary>
public static class TdmFigures
{
    /// <summary>
    /// Seed 002 Supplementary Fig. 12: (a) BSM modules, (b) wavelengths per user against n, original scheme against TDM,
    /// log-scaled y. Panel b adds the wavelengths our schedule builder needs and the passive-relay lower bound.
    /// </summary>
    public static void Fig12(ResultTable t, string path)
    {
        double[] n = t.Doubles("users");
        var multi = new Multiplot();
        multi.AddPlots(2);

        var a = multi.GetPlot(0);
        Line(a, n, t.Doubles("originalModules"), "original: n(n-1)/2", LinePattern.Solid);
        Line(a, n, t.Doubles("tdmModules"), "TDM: 2^ceil(log2 n) - 1", LinePattern.Solid);
        LogY(a);
        a.XLabel("users n");
        a.YLabel("BSM modules");
        a.Title("Fig. 12a: BSM modules");
        a.ShowLegend(Alignment.UpperLeft);

        var b = multi.GetPlot(1);
        Line(b, n, t.Doubles("originalWavelengths"), "original: n - 1 (n even), n (n odd)", LinePattern.Solid);
        Line(b, n, t.Doubles("tdmWavelengthsPaper"), "TDM, paper: 3k/2 or (3k-1)/2, k = ceil(log2 n)", LinePattern.Solid);
        Line(b, n, t.Doubles("tdmWavelengthsBuilt"), "TDM, our schedule (switched relay beyond n = 8)", LinePattern.Dashed);
        double[] powers = [4, 8, 16, 32, 64];
        var bound = b.Add.Scatter(powers, Log10(powers.Select(p => (double)MdiResourceCounts.PassiveRelayMinWavelengths((int)p)).ToArray()));
        bound.LineWidth = 0;
        bound.MarkerShape = MarkerShape.OpenSquare;
        bound.MarkerSize = 9;
        bound.LegendText = "passive-relay lower bound (n = 2^k)";
        LogY(b);
        b.XLabel("users n");
        b.YLabel("wavelengths (encoders) per user");
        b.Title("Fig. 12b: wavelengths");
        b.ShowLegend(Alignment.UpperLeft);

        Figure.Save(multi, path, 1000, 900);
    }

    /// <summary>
    /// Key rate of one user pair averaged over the whole cycle against n (4: original scheme; 8, 16: TDM with 4 and 8 bins):
    /// the model at the simulated N, the simulated points, the model at the paper's N (3e12 / B) and the asymptotic-in-N
    /// duty-cycle scaling R(infinity) x 100 MHz / B. Linear y, so a zero key rate stays visible.
    /// </summary>
    public static void KeyRate(ResultTable t, string path)
    {
        double[] n = t.Doubles("users");
        bool quick = t.Doubles("scaleDivisor").Any(d => d != 1);
        string scale = quick ? $"N = 3e12/B/{t.Doubles("scaleDivisor")[0]:0}, quick scale" : "N = 3e12/B";
        var p = new Plot();
        var asym = p.Add.Scatter(n, t.Doubles("modelAsymptoticKeyRateBitPerS"));
        asym.LegendText = "asymptotic in N: R(inf) x 100 MHz / B";
        asym.LinePattern = LinePattern.Dotted;
        if (quick)
        {
            var paper = p.Add.Scatter(n, t.Doubles("paperScaleModelKeyRateBitPerS"));
            paper.LegendText = "model, paper's N = 3e12/B";
            paper.LinePattern = LinePattern.Dashed;
        }
        var model = p.Add.Scatter(n, t.Doubles("modelKeyRateBitPerS"));
        model.LegendText = $"model (expected counts), {scale}";
        var sim = p.Add.Scatter(n, t.Doubles("simKeyRateBitPerS"));
        sim.LineWidth = 0;
        sim.MarkerShape = MarkerShape.FilledCircle;
        sim.MarkerSize = 10;
        sim.LegendText = $"simulation, {scale}";
        p.Axes.Bottom.SetTicks(n, n.Select(v => v.ToString("0")).ToArray());
        double top = Math.Max(1.0, t.Doubles("modelAsymptoticKeyRateBitPerS").Max() * 1.1);
        p.Axes.SetLimitsY(-0.04 * top, top); // a little below zero, so "no key" points stay visible
        p.XLabel("users n (4: original scheme, B = 1; 8, 16: TDM, B = 4, 8)");
        p.YLabel("key rate per pair over the cycle (bit/s)");
        p.Title("Seed 002 TDM: duty-cycle cost at 30 dB per pair");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }

    private static void Line(Plot p, double[] x, double[] y, string label, LinePattern pattern)
    {
        var sc = p.Add.Scatter(x, Log10(y));
        sc.LegendText = label;
        sc.MarkerSize = 3;
        sc.LinePattern = pattern;
    }

    /// <summary>Log-scaled y axis: the data are plotted as log10 values; ticks are labelled with the real values.</summary>
    private static void LogY(Plot p)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        };
        p.Axes.Left.TickGenerator = ticks;
        p.Axes.SetLimitsY(-0.1, p.Axes.GetDataLimits().Top + 0.2);
    }

    private static double[] Log10(double[] v) => v.Select(x => x > 0 ? Math.Log10(x) : double.NaN).ToArray();
}

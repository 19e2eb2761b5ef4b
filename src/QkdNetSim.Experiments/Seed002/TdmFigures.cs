using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Mdi.Tdm;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>Figures of the seed-002 TDM section in the style of <see cref="Figure"/> (PNG and SVG).</summary>
public static class TdmFigures
{
    /// <summary>
    /// Seed 002 Supplementary Fig. 12: (a) BSM modules, (b) wavelengths per user against n, original scheme against TDM,
    /// log-scaled y. Panel b adds the wavelengths our schedule builder needs and the passive-relay lower bound; the paper's
    /// sixteen-user numbers (15 modules, 6 wavelengths) are drawn on the same axes.
    /// </summary>
    public static void Fig12(ResultTable t, string path)
    {
        double[] n = t.Doubles("users");
        var multi = new Multiplot();
        multi.AddPlots(2);

        var a = multi.GetPlot(0);
        Line(a, n, t.Doubles("originalModules"), "original: n(n-1)/2", LinePattern.Solid);
        Line(a, n, t.Doubles("tdmModules"), "TDM: 2^ceil(log2 n) - 1", LinePattern.Solid);
        Figure.Paper(a, [16], [Math.Log10(Seed002Tdm.PaperSixteenUserModules)], $"paper: {Seed002Tdm.PaperSixteenUserModules} modules for 16 users");
        LogY(a);
        a.XLabel(Figure.Label("users n", ""));
        a.YLabel(Figure.Label("BSM modules", ""));
        a.Title("Fig. 12a: BSM modules");
        Figure.Legend(a);

        var b = multi.GetPlot(1);
        Line(b, n, t.Doubles("originalWavelengths"), "original: n - 1 (n even), n (n odd)", LinePattern.Solid);
        Line(b, n, t.Doubles("tdmWavelengthsPaper"), "TDM, paper: 3k/2 or (3k-1)/2, k = ceil(log2 n)", LinePattern.Solid);
        Line(b, n, t.Doubles("tdmWavelengthsBuilt"), "TDM, our schedule (switched relay beyond n = 8)", LinePattern.Dashed);
        double[] powers = [4, 8, 16, 32, 64];
        Figure.Points(b, powers, Log10(powers.Select(p => (double)MdiResourceCounts.PassiveRelayMinWavelengths((int)p)).ToArray()),
            "passive-relay lower bound (n = 2^k)", MarkerShape.OpenSquare, markerSize: 9);
        Figure.Paper(b, [16], [Math.Log10(Seed002Tdm.PaperSixteenUserWavelengths)], $"paper: {Seed002Tdm.PaperSixteenUserWavelengths} wavelengths for 16 users");
        LogY(b);
        b.XLabel(Figure.Label("users n", ""));
        b.YLabel(Figure.Label("wavelengths (encoders) per user", ""));
        b.Title("Fig. 12b: wavelengths");
        Figure.Legend(b);

        Figure.Save(multi, path, 1000, 900);
    }

    /// <summary>
    /// Key rate of one user pair averaged over the whole cycle against n (4: original scheme; 8, 16: TDM with 4 and 8 bins):
    /// the model at the simulated N, the simulated points, the model at the paper's N (3e12 / B) and the asymptotic-in-N
    /// duty-cycle scaling R(infinity) x 100 MHz / B, and the paper's four-user average (267 bit/s). Linear y from 0, so a zero
    /// key rate stays visible on the axis.
    /// </summary>
    public static void KeyRate(ResultTable t, string path)
    {
        double[] n = t.Doubles("users");
        bool quick = t.Doubles("scaleDivisor").Any(d => d != 1);
        string scale = quick ? $"N = 3e12/B/{t.Doubles("scaleDivisor")[0]:0}, quick scale" : "N = 3e12/B";
        var p = new Plot();
        Figure.Line(p, n, t.Doubles("modelAsymptoticKeyRateBitPerS"), "asymptotic in N: R(∞) × 100 MHz / B", LinePattern.Dotted);
        if (quick) Figure.Line(p, n, t.Doubles("paperScaleModelKeyRateBitPerS"), "model, paper's N = 3e12/B", LinePattern.Dashed);
        Figure.Line(p, n, t.Doubles("modelKeyRateBitPerS"), $"model (expected counts), {scale}");
        Figure.Points(p, n, t.Doubles("simKeyRateBitPerS"), $"simulation, {scale}", MarkerShape.FilledCircle, markerSize: 10);
        Figure.Paper(p, [4], [Seed002Tdm.PaperFourUserKeyRateBitPerS], $"paper: {Seed002Tdm.PaperFourUserKeyRateBitPerS:0} bit/s, four users, 30 dB");
        p.Axes.Bottom.SetTicks(n, n.Select(v => v.ToString("0")).ToArray());
        double top = Math.Max(Seed002Tdm.PaperFourUserKeyRateBitPerS, t.Doubles("modelAsymptoticKeyRateBitPerS").Max()) * 1.1;
        p.Axes.SetLimitsY(0, top); // from 0: a "no key" point sits on the axis
        p.XLabel(Figure.Label("users n (4: original scheme, B = 1; 8, 16: TDM, B = 4, 8)", ""));
        p.YLabel(Figure.Label("key rate per pair over the cycle", "bit/s"));
        p.Title("Seed 002 TDM: duty-cycle cost at 30 dB per pair");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    private static void Line(Plot p, double[] x, double[] y, string label, LinePattern pattern) =>
        Figure.Line(p, x, Log10(y), label, pattern, markerSize: 4);

    /// <summary>Log y axis (data as log10, ticks labelled with the counts) from 1 (10⁰) to a little above the largest count.</summary>
    private static void LogY(Plot p)
    {
        Figure.LogY(p);
        p.Axes.SetLimitsY(-0.1, p.Axes.GetDataLimits().Top + 0.2);
    }

    private static double[] Log10(double[] v) => Figure.Log10(v);
}

using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>PNG figures of the seed-003 reproduction (ScottPlot 5); one series per distinct value of a grouping column.</summary>
public static class Seed003Figures
{
    public static void Fig4(ResultTable t, string path)
    {
        var p = new Plot();
        Lines(p, t, "subcarrierCount", "modulationIndex", "modulationNoiseOverA2", g => $"N = {g}");
        p.XLabel("modulation index mu");
        p.YLabel("eps_mod(k_worst) / A_sig^2");
        p.Title("Seed 003 Fig. 4 (QPSK, kappa 0.98, theta pi/50; Eq. 15)");
        p.ShowLegend(Alignment.UpperLeft);
        Figure.Save(p, path);
    }

    public static void Fig5(ResultTable t, string protocol, string path)
    {
        var p = new Plot();
        double[] n = t.Doubles("subcarrierCount");
        var mod = p.Add.Scatter(n, t.Doubles("modulationNoiseSnu"));
        mod.LegendText = "eps_mod(k_worst)";
        mod.MarkerSize = 0;
        mod.LinePattern = LinePattern.DenselyDashed;
        var multi = p.Add.Scatter(n, t.Doubles("totalExcessNoiseSnu"));
        multi.LegendText = "eps_multi(k_worst) = eps_mod + eps_single";
        multi.MarkerSize = 0;
        var thr = p.Add.HorizontalLine(t.Doubles("nullKeyRateExcessNoiseSnu")[0]);
        thr.LinePattern = LinePattern.Dashed;
        thr.LegendText = $"null key rate at {t.Doubles("thresholdDistanceKm")[0]:G3} km ({protocol} key-rate model of Figs. 6-8)";
        p.Axes.SetLimitsY(0, 3 * t.Doubles("nullKeyRateExcessNoiseSnu")[0]);
        p.XLabel("total carrier number N");
        p.YLabel("excess noise (SNU)");
        p.Title($"Seed 003 Fig. 5 ({protocol}): worst-subcarrier noise");
        p.ShowLegend(Alignment.UpperLeft);
        Figure.Save(p, path);
    }

    public static void RateVsDistance(ResultTable t, Seed003Protocol pr, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        var a = multi.GetPlot(0);
        Lines(a, t, "subcarrierCount", "lengthKm", "worstSubcarrierRateBits", g => $"N = {g}", log: true);
        a.XLabel("distance L (km)");
        a.YLabel("log10 R(k_worst) (bit/symbol)");
        a.Title($"Seed 003 Fig. {pr.KeyRateFigures[0]}(a) ({pr.Name}): single SKR of k_worst");
        a.ShowLegend(Alignment.UpperRight);
        var b = multi.GetPlot(1);
        Lines(b, t, "subcarrierCount", "lengthKm", "totalRateBits", g => $"N = {g}", log: true);
        b.XLabel("distance L (km)");
        b.YLabel("log10 N R(k_worst) (bit/symbol)");
        b.Title($"Seed 003 Fig. {pr.KeyRateFigures[0]}(b) ({pr.Name}): total SKR");
        b.ShowLegend(Alignment.UpperRight);
        Figure.Save(multi, path, 900, 1000);
    }

    public static void GainVsDistance(ResultTable t, Seed003Protocol pr, string path)
    {
        var p = new Plot();
        Lines(p, t, "subcarrierCount", "lengthKm", "gain", g => $"N = {g}");
        p.XLabel("distance L (km)");
        p.YLabel("multi-carrier SKR gain N R(k_worst) / R_single");
        p.Title($"Seed 003 Fig. {pr.KeyRateFigures[1]} ({pr.Name})");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }

    public static void GainVsN(ResultTable curves, ResultTable optimal, Seed003Protocol pr, string path)
    {
        var p = new Plot();
        Lines(p, curves, "lengthKm", "subcarrierCount", "gain", g => $"L = {g} km");
        var opt = p.Add.ScatterPoints(optimal.Doubles("optimalN"), optimal.Doubles("gainAtOptimum"));
        opt.LegendText = "optimal N (this model)";
        opt.MarkerShape = MarkerShape.FilledCircle;
        opt.MarkerSize = 8;
        foreach (double n in optimal.Doubles("paperOptimalN"))
        {
            var v = p.Add.VerticalLine(n);
            v.LinePattern = LinePattern.Dotted;
            v.Color = Colors.Gray;
        }
        p.XLabel("total carrier number N (dotted: paper's optimal N)");
        p.YLabel("multi-carrier SKR gain");
        p.Title($"Seed 003 Fig. {pr.KeyRateFigures[2]} ({pr.Name})");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }

    public static void SimProfiles(IReadOnlyList<(Seed003Protocol Protocol, ResultTable Table)> profiles, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(profiles.Count);
        for (int i = 0; i < profiles.Count; i++)
        {
            var (pr, t) = profiles[i];
            var p = multi.GetPlot(i);
            double[] ns = t.Doubles("subcarrierCount").Distinct().ToArray();
            foreach (double n in new[] { ns.First(), ns.Last() })
            {
                var rows = Enumerable.Range(0, t.RowCount).Where(r => t.Doubles("subcarrierCount")[r] == n).ToArray();
                double[] k = rows.Select(r => t.Doubles("subcarrier")[r]).ToArray();
                var sim = p.Add.ScatterPoints(k, rows.Select(r => Math.Log10(t.Doubles("simulatedSnu")[r])).ToArray());
                sim.LegendText = $"sample-level, N = {n}";
                var eq = p.Add.Scatter(k, rows.Select(r => Math.Log10(t.Doubles("eq15Snu")[r])).ToArray());
                eq.LegendText = $"Eq. 15, N = {n}";
                eq.MarkerSize = 0;
            }
            p.XLabel("subcarrier k");
            p.YLabel("log10 eps_mod(k) (SNU)");
            p.Title($"{pr.Name}: sample-level vs Eq. 15 at mu = 0.01, kappa 0.98, theta pi/50");
            p.ShowLegend(Alignment.MiddleRight);
        }
        Figure.Save(multi, path, 900, 350 * profiles.Count);
    }

    public static void SimMuSweep(IReadOnlyList<(Seed003Protocol Protocol, ResultTable Table)> sweeps, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        string[] modulators = ["paper IQ imbalance", "balanced (kappa 1, theta 0)"];
        for (int m = 0; m < 2; m++)
        {
            var p = multi.GetPlot(m);
            foreach (var (pr, t) in sweeps)
                foreach (double n in t.Doubles("subcarrierCount").Distinct())
                {
                    var rows = Enumerable.Range(0, t.RowCount).Where(r => (string)t.Column("modulator")[r] == modulators[m] && t.Doubles("subcarrierCount")[r] == n).ToArray();
                    var s = p.Add.Scatter(rows.Select(r => Math.Log10(t.Doubles("modulationIndex")[r])).ToArray(), rows.Select(r => Math.Log10(t.Doubles("ratioMean")[r])).ToArray());
                    s.LegendText = $"{pr.Name}, N = {n}";
                }
            var band = p.Add.HorizontalSpan(Math.Log10(0.9), Math.Log10(1.1));
            band.FillStyle.Color = Colors.Green.WithAlpha(0.15);
            p.XLabel("log10 mu");
            p.YLabel("log10 (sample-level / Eq. 15), subcarrier mean");
            p.Title($"Where Eq. 15 holds ({modulators[m]}); green: +-10 %");
            p.ShowLegend(Alignment.LowerLeft);
        }
        Figure.Save(multi, path, 900, 1000);
    }

    /// <summary>Gain N R(k_worst)/R_single versus N at the middle paper distance, Eq. (15) noise against sample-level noise, one panel per protocol.</summary>
    public static void SimulatedNoiseGain(IReadOnlyList<(Seed003Protocol Protocol, ResultTable Curves, ResultTable Optimal)> parts, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            var (pr, t, _) = parts[i];
            double length = pr.Paper.DistancesKm[pr.Paper.DistancesKm.Length / 2];
            var rows = Enumerable.Range(0, t.RowCount).Where(r => t.Doubles("lengthKm")[r] == length).ToArray();
            double[] n = rows.Select(r => t.Doubles("subcarrierCount")[r]).ToArray();
            var p = multi.GetPlot(i);
            var eq = p.Add.Scatter(n, rows.Select(r => t.Doubles("eq15Gain")[r]).ToArray());
            eq.LegendText = "Eq. 15 noise";
            eq.MarkerSize = 0;
            var sim = p.Add.Scatter(n, rows.Select(r => t.Doubles("simGain")[r]).ToArray());
            sim.LegendText = "sample-level noise (pooled max over k)";
            sim.MarkerSize = 4;
            int d = Array.IndexOf(pr.Paper.DistancesKm, length);
            var v = p.Add.VerticalLine(pr.Paper.OptimalN[d]);
            v.LinePattern = LinePattern.Dotted;
            v.Color = Colors.Gray;
            v.LegendText = "paper optimal N";
            var m = p.Add.VerticalLine(pr.MaxSubcarrierCount);
            m.LinePattern = LinePattern.Dashed;
            m.Color = Colors.LightGray;
            m.LegendText = "end of the Eq. 15 scan";
            p.XLabel("total carrier number N");
            p.YLabel("gain N R(k_worst) / R_single");
            p.Title($"{pr.Name} at {length:G3} km: Eq. 15 versus simulated modulation noise");
            p.ShowLegend(Alignment.UpperLeft);
        }
        Figure.Save(multi, path, 900, 350 * parts.Count);
    }

    private static void Lines(Plot p, ResultTable t, string group, string x, string y, Func<double, string> label, bool log = false)
    {
        double[] g = t.Doubles(group), xs = t.Doubles(x), ys = t.Doubles(y);
        foreach (double value in g.Distinct())
        {
            var rows = Enumerable.Range(0, g.Length).Where(r => g[r] == value && (!log || ys[r] > 0)).ToArray();
            if (rows.Length == 0) continue;
            var s = p.Add.Scatter(rows.Select(r => xs[r]).ToArray(), rows.Select(r => log ? Math.Log10(ys[r]) : ys[r]).ToArray());
            s.LegendText = label(value);
            s.MarkerSize = 0;
        }
    }
}

using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// Figures of the seed-003 reproduction in the style of <see cref="Figure"/> (PNG and SVG); one series per distinct value of a
/// grouping column. Quantities spanning decades (key rates, modulation noise, μ) are drawn on log axes labelled in physical
/// values; the paper's numbers (optimal N, the N bound for a key at 25 km) share the axes with the model.
/// </summary>
public static class Seed003Figures
{
    /// <summary>Fig. 4: ε_mod(k_worst)/A_sig² versus μ for the paper's N (log y: the noise grows as a power of μ).</summary>
    public static void Fig4(ResultTable t, string path)
    {
        var p = new Plot();
        Lines(p, t, "subcarrierCount", "modulationIndex", "modulationNoiseOverA2", g => $"N = {g}", log: true);
        Figure.LogY(p);
        p.XLabel(Figure.Label("modulation index μ", ""));
        p.YLabel(Figure.Label("ε_mod(k_worst) / A_sig²", ""));
        p.Title("Seed 003 Fig. 4 (QPSK, κ = 0.98, θ = π/50; Eq. 15)");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>
    /// Fig. 5: worst-subcarrier noise versus N, with the excess noise at which the protocol's own key-rate model (for QPSK the
    /// explicit bound of Ref. [33], not GG02) has no key at the paper's distance, and the paper's "N below 60" for a key there.
    /// </summary>
    public static void Fig5(ResultTable t, Seed003Protocol protocol, int paperMaxN, string path)
    {
        var p = new Plot();
        double[] n = t.Doubles("subcarrierCount");
        Figure.Line(p, n, t.Doubles("modulationNoiseSnu"), "ε_mod(k_worst), Eq. 15", LinePattern.DenselyDashed, markerSize: 0);
        Figure.Line(p, n, t.Doubles("totalExcessNoiseSnu"), "ε_multi(k_worst) = ε_mod + ε_single", markerSize: 0);
        double threshold = t.Doubles("nullKeyRateExcessNoiseSnu")[0];
        var thr = p.Add.HorizontalLine(threshold, color: Figure.StyleOf(Figure.Next(p)).Color);
        thr.LinePattern = LinePattern.Dashed;
        thr.LegendText = $"no key beyond this ε at {t.Doubles("thresholdDistanceKm")[0]:G3} km ({KeyRateModelName(protocol)})";
        var paper = p.Add.VerticalLine(paperMaxN, color: Colors.Black);
        paper.LinePattern = LinePattern.Dotted;
        paper.LegendText = $"paper: N below {paperMaxN} for a key at {t.Doubles("thresholdDistanceKm")[0]:G3} km";
        p.Axes.SetLimits(0, n.Max(), 0, 3 * threshold);
        p.XLabel(Figure.Label("total carrier number N", ""));
        p.YLabel(Figure.Label("excess noise", "SNU"));
        p.Title($"Seed 003 Fig. 5 ({protocol.Name}): worst-subcarrier noise");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>The single-carrier key-rate model a protocol's threshold comes from, as a legend names it.</summary>
    public static string KeyRateModelName(Seed003Protocol protocol) => protocol.Slug == "gaussian"
        ? "GG02 heterodyne key rate"
        : $"{protocol.Name} explicit bound, Denys et al. 2021";

    public static void RateVsDistance(ResultTable t, Seed003Protocol pr, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        var a = multi.GetPlot(0);
        Lines(a, t, "subcarrierCount", "lengthKm", "worstSubcarrierRateBits", g => $"N = {g}", log: true);
        Figure.LogY(a);
        a.XLabel(Figure.Label("distance L", "km"));
        a.YLabel(Figure.Label("R(k_worst)", "bit/symbol"));
        a.Title($"Seed 003 Fig. {pr.KeyRateFigures[0]}(a) ({pr.Name}): single SKR of k_worst");
        Figure.Legend(a);
        var b = multi.GetPlot(1);
        Lines(b, t, "subcarrierCount", "lengthKm", "totalRateBits", g => $"N = {g}", log: true);
        Figure.LogY(b);
        b.XLabel(Figure.Label("distance L", "km"));
        b.YLabel(Figure.Label("N R(k_worst)", "bit/symbol"));
        b.Title($"Seed 003 Fig. {pr.KeyRateFigures[0]}(b) ({pr.Name}): total SKR");
        Figure.Legend(b);
        Figure.Save(multi, path, 900, 1000);
    }

    public static void GainVsDistance(ResultTable t, Seed003Protocol pr, string path)
    {
        var p = new Plot();
        Lines(p, t, "subcarrierCount", "lengthKm", "gain", g => $"N = {g}");
        p.XLabel(Figure.Label("distance L", "km"));
        p.YLabel(Figure.Label("multi-carrier SKR gain N R(k_worst) / R_single", ""));
        p.Title($"Seed 003 Fig. {pr.KeyRateFigures[1]} ({pr.Name})");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>Gain versus N per paper distance; this model's optimal N as points, the paper's optimal N at the same gain as open diamonds.</summary>
    public static void GainVsN(ResultTable curves, ResultTable optimal, Seed003Protocol pr, string path)
    {
        var p = new Plot();
        Lines(p, curves, "lengthKm", "subcarrierCount", "gain", g => $"L = {g} km");
        Figure.Points(p, optimal.Doubles("optimalN"), optimal.Doubles("gainAtOptimum"), "optimal N (this model)", MarkerShape.FilledCircle);
        // The paper gives optimal N, not the gain there: its N drawn on this model's curve of the same distance.
        double[] paperN = optimal.Doubles("paperOptimalN"), lengths = optimal.Doubles("lengthKm");
        double[] gainAtPaperN = paperN.Select((n, i) => GainAt(curves, lengths[i], n)).ToArray();
        Figure.Paper(p, paperN, gainAtPaperN, "paper: optimal N (on this model's curve)");
        p.XLabel(Figure.Label("total carrier number N", ""));
        p.YLabel(Figure.Label("multi-carrier SKR gain N R(k_worst) / R_single", ""));
        p.Title($"Seed 003 Fig. {pr.KeyRateFigures[2]} ({pr.Name})");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    /// <summary>The gain of the curve at <paramref name="lengthKm"/> at the N nearest <paramref name="n"/>.</summary>
    private static double GainAt(ResultTable curves, double lengthKm, double n)
    {
        double[] l = curves.Doubles("lengthKm"), ns = curves.Doubles("subcarrierCount"), g = curves.Doubles("gain");
        int best = -1;
        for (int r = 0; r < l.Length; r++)
            if (l[r] == lengthKm && (best < 0 || Math.Abs(ns[r] - n) < Math.Abs(ns[best] - n))) best = r;
        return best < 0 ? double.NaN : g[best];
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
                Figure.Points(p, k, Figure.Log10(rows.Select(r => t.Doubles("simulatedSnu")[r])), $"sample-level, N = {n}", markerSize: 5);
                Figure.Line(p, k, Figure.Log10(rows.Select(r => t.Doubles("eq15Snu")[r])), $"Eq. 15, N = {n}", markerSize: 0);
            }
            Figure.LogY(p);
            p.XLabel(Figure.Label("subcarrier k", ""));
            p.YLabel(Figure.Label("ε_mod(k)", "SNU"));
            p.Title($"{pr.Name}: sample-level vs Eq. 15 at μ = 0.01, κ = 0.98, θ = π/50");
            Figure.Legend(p);
        }
        Figure.Save(multi, path, 900, 350 * profiles.Count);
    }

    public static void SimMuSweep(IReadOnlyList<(Seed003Protocol Protocol, ResultTable Table)> sweeps, string path)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        string[] modulators = ["paper IQ imbalance", "balanced (kappa 1, theta 0)"];
        string[] titles = ["paper IQ imbalance (κ = 0.98, θ = π/50)", "balanced modulator (κ = 1, θ = 0)"];
        for (int m = 0; m < 2; m++)
        {
            var p = multi.GetPlot(m);
            foreach (var (pr, t) in sweeps)
                foreach (double n in t.Doubles("subcarrierCount").Distinct())
                {
                    var rows = Enumerable.Range(0, t.RowCount).Where(r => (string)t.Column("modulator")[r] == modulators[m] && t.Doubles("subcarrierCount")[r] == n).ToArray();
                    Figure.Line(p, Figure.Log10(rows.Select(r => t.Doubles("modulationIndex")[r])), Figure.Log10(rows.Select(r => t.Doubles("ratioMean")[r])),
                        $"{pr.Name}, N = {n}");
                }
            var band = p.Add.VerticalSpan(Math.Log10(0.9), Math.Log10(1.1)); // a band of y (ratio) values: ScottPlot's HorizontalSpan would span x (μ)
            band.FillStyle.Color = Colors.Green.WithAlpha(0.15);
            band.LegendText = "within ±10 %";
            Figure.LogX(p);
            Figure.LogY(p);
            p.XLabel(Figure.Label("modulation index μ", ""));
            p.YLabel(Figure.Label("sample-level / Eq. 15 noise, subcarrier mean", ""));
            p.Title($"Where Eq. 15 holds: {titles[m]}");
            Figure.Legend(p);
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
            Figure.Line(p, n, rows.Select(r => t.Doubles("eq15Gain")[r]).ToArray(), "Eq. 15 noise", markerSize: 0);
            Figure.Points(p, n, rows.Select(r => t.Doubles("simGain")[r]).ToArray(), "sample-level noise (pooled max over k)", markerSize: 5);
            int d = Array.IndexOf(pr.Paper.DistancesKm, length);
            var v = p.Add.VerticalLine(pr.Paper.OptimalN[d], color: Colors.Black);
            v.LinePattern = LinePattern.Dotted;
            v.LegendText = "paper: optimal N";
            var m = p.Add.VerticalLine(pr.MaxSubcarrierCount, color: Colors.Gray);
            m.LinePattern = LinePattern.Dashed;
            m.LegendText = "end of the Eq. 15 scan";
            p.XLabel(Figure.Label("total carrier number N", ""));
            p.YLabel(Figure.Label("gain N R(k_worst) / R_single", ""));
            p.Title($"{pr.Name} at {length:G3} km: Eq. 15 versus simulated modulation noise");
            Figure.Legend(p);
        }
        Figure.Save(multi, path, 900, 350 * parts.Count);
    }

    /// <summary>
    /// Redraws every seed-003 figure from the tables a reproduction saved in <paramref name="dir"/> (results/seed003): no
    /// number is recomputed, only the figures (PNG and SVG) are written again.
    /// </summary>
    public static void Redraw(string dir)
    {
        var paper = Seed003Paper.Load();
        var protocols = Seed003Protocol.All(paper);
        ResultTable Read(string name) => ResultTableReader.Read(dir, name);
        string Out(string name) => Path.Combine(dir, name);
        var qpsk = protocols[0];
        Fig4(Read("fig4_noise_vs_mu"), Out("fig4.png"));
        Fig5(Read($"fig5_worst_noise_vs_n_{qpsk.Slug}"), qpsk, paper.NullKeyRateMaxN, Out("fig5_qpsk.png"));
        foreach (var pr in protocols)
        {
            var dist = Read($"fig{pr.KeyRateFigures[0]}_fig{pr.KeyRateFigures[1]}_rate_vs_distance_{pr.Slug}");
            RateVsDistance(dist, pr, Out($"fig{pr.KeyRateFigures[0]}_{pr.Slug}.png"));
            GainVsDistance(dist, pr, Out($"fig{pr.KeyRateFigures[1]}_{pr.Slug}.png"));
            GainVsN(Read($"fig{pr.KeyRateFigures[2]}_gain_vs_n_{pr.Slug}"), Read($"optimal_n_{pr.Slug}"), pr, Out($"fig{pr.KeyRateFigures[2]}_{pr.Slug}.png"));
        }
        SimProfiles(protocols.Select(pr => (pr, Read($"sim_profile_{pr.Slug}"))).ToList(), Out("sim_profiles.png"));
        SimMuSweep(protocols.Select(pr => (pr, Read($"sim_mu_sweep_{pr.Slug}"))).ToList(), Out("sim_mu_sweep.png"));
        var simOpt = Read("optimal_n_simulated_noise");
        SimulatedNoiseGain(protocols.Select(pr => (pr, Read($"gain_vs_n_simulated_noise_{pr.Slug}"), simOpt)).ToList(), Out("optimal_n_simulated_noise.png"));
    }

    private static void Lines(Plot p, ResultTable t, string group, string x, string y, Func<double, string> label, bool log = false)
    {
        double[] g = t.Doubles(group), xs = t.Doubles(x), ys = t.Doubles(y);
        foreach (double value in g.Distinct())
        {
            var rows = Enumerable.Range(0, g.Length).Where(r => g[r] == value && (!log || ys[r] > 0)).ToArray();
            if (rows.Length == 0) continue;
            Figure.Line(p, rows.Select(r => xs[r]).ToArray(), rows.Select(r => log ? Math.Log10(ys[r]) : ys[r]).ToArray(), label(value), markerSize: 0);
        }
    }
}

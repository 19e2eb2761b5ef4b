using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>Figures of the seed-002 Table I, Fig. 4 and Fig. 5 reproduction in the style of <see cref="Figure"/> (PNG and SVG; log axes labelled in physical values).</summary>
public static class Seed002Figures
{
    public static void Fig4(Fig4Experiment.Result r, double modelPulsePairs, string path)
    {
        var p = new Plot();
        var c = r.Curves;
        foreach (string pair in c.Column("pair").Select(o => (string)o).Distinct())
        {
            var rows = Enumerable.Range(0, c.RowCount).Where(i => (string)c.Column("pair")[i] == pair && (double)c.Column("key_bit_per_s")[i] > 0).ToArray();
            Figure.Line(p, rows.Select(i => (double)c.Column("loss_db")[i]).ToArray(),
                rows.Select(i => Math.Log10((double)c.Column("key_bit_per_s")[i])).ToArray(), $"model {pair} (N = {modelPulsePairs:G3} pulse pairs)", markerSize: 0);
        }
        var pts = r.Points;
        foreach (var (source, shape) in new[] { ("simulated", MarkerShape.FilledCircle), ("simulated yields x N/N_sim", MarkerShape.OpenCircle), ("paper (Table I)", MarkerShape.FilledTriangleUp) })
        {
            var rows = Enumerable.Range(0, pts.RowCount).Where(i => (string)pts.Column("source")[i] == source && (double)pts.Column("key_bit_per_s")[i] > 0).ToArray();
            if (rows.Length == 0) continue;
            double[] x = rows.Select(i => (double)pts.Column("loss_db")[i]).ToArray();
            double[] y = rows.Select(i => Math.Log10((double)pts.Column("key_bit_per_s")[i])).ToArray();
            if (source == "paper (Table I)") Figure.Paper(p, x, y, "paper (Table I)", shape);
            else Figure.Points(p, x, y, source == "simulated" ? "simulated, full scale" : $"simulated yields, finite key at N = {modelPulsePairs:G3}", shape);
        }
        Figure.LogY(p);
        p.XLabel(Figure.Label("link loss per user pair", "dB"));
        p.YLabel(Figure.Label("secure key rate", "bit/s"));
        p.Title("Seed 002 Fig. 4: key rate vs loss, six user pairs (100 MHz)");
        Figure.Legend(p);
        Figure.Save(p, path);
    }

    public static void Fig5(ResultTable fourFold, double paperAverageCount, string path)
    {
        var p = new Plot();
        double[] counts = fourFold.Doubles("count_per_8_3h");
        var bars = p.Add.Bars(counts);
        bars.LegendText = "simulated, per 8.3 h";
        var avg = p.Add.HorizontalLine(paperAverageCount, color: Colors.Black);
        avg.LinePattern = LinePattern.Dashed;
        avg.LegendText = $"paper average ({paperAverageCount:G6} in 8.3 h)";
        double[] x = Enumerable.Range(0, fourFold.RowCount).Select(i => (double)i).ToArray();
        p.Axes.Bottom.SetTicks(x, fourFold.Column("pairs").Select(o => (string)o).ToArray());
        p.Axes.Bottom.TickLabelStyle.Rotation = 90;
        p.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        p.Axes.Bottom.MinimumSize = 90;
        p.XLabel(Figure.Label("user pairs in the same slot", ""));
        p.YLabel(Figure.Label("four-fold coincidences", "counts per 8.3 h"));
        p.Title("Seed 002 Fig. 5: two pairs with |Ψ⁻⟩ in the same slot (1 ns window)");
        Figure.Legend(p);
        Figure.Save(p, path, 1000, 600);
    }

    /// <summary>
    /// Redraws every seed-002 figure (Figs. 4, 5, the interference Figs. 3, 9, 10 and the TDM Fig. 12 and key rate) from the tables
    /// a reproduction saved in <paramref name="dir"/> (results/seed002); no number is recomputed.
    /// </summary>
    public static void Redraw(string dir)
    {
        var paper = Seed002Paper.Load();
        ResultTable Read(string name) => ResultTableReader.Read(dir, name);
        string Out(string name) => Path.Combine(dir, name);
        Fig5(Read("fig5_fourfold"), paper.FourFoldAverageCount, Out("fig5.png"));
        Fig4(new Fig4Experiment.Result(Read("fig4_model"), Read("fig4_points")), paper.PulsePairs, Out("fig4.png"));
        Seed002InterferenceFigures.Fig3(Read("fig3_visibility"), Out("fig3.png"));
        var scan = Read("fig9_fig10_scan");
        var zero = Read("fig10_zero_delay");
        Seed002InterferenceFigures.Fig9(Read("fig9_model"), scan, zero, Out("fig9.png"));
        Seed002InterferenceFigures.Fig10(Read("fig10_model"), scan, zero, Out("fig10.png"));
        TdmFigures.Fig12(Read("fig12_resources"), Out("fig12.png"));
        TdmFigures.KeyRate(Read("tdm_keyrate"), Out("tdm_keyrate.png"));
    }
}

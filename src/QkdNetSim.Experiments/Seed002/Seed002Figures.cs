using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Experiments.Tables;
using ScottPlot;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>PNG figures of the seed-002 Table I, Fig. 4 and Fig. 5 reproduction (ScottPlot 5; log axes drawn as log10).</summary>
public static class Seed002Figures
{
    public static void Fig4(Fig4Experiment.Result r, double modelPulsePairs, string path)
    {
        var p = new Plot();
        var c = r.Curves;
        foreach (string pair in c.Column("pair").Select(o => (string)o).Distinct())
        {
            var rows = Enumerable.Range(0, c.RowCount).Where(i => (string)c.Column("pair")[i] == pair && (double)c.Column("key_bit_per_s")[i] > 0).ToArray();
            var line = p.Add.Scatter(rows.Select(i => (double)c.Column("loss_db")[i]).ToArray(),
                rows.Select(i => Math.Log10((double)c.Column("key_bit_per_s")[i])).ToArray());
            line.LegendText = $"{pair} model (N = {modelPulsePairs:G3})";
            line.MarkerSize = 0;
        }
        var pts = r.Points;
        foreach (var (source, shape) in new[] { ("simulated", MarkerShape.FilledCircle), ("simulated yields x N/N_sim", MarkerShape.OpenCircle), ("paper (Table I)", MarkerShape.FilledTriangleUp) })
        {
            var rows = Enumerable.Range(0, pts.RowCount).Where(i => (string)pts.Column("source")[i] == source && (double)pts.Column("key_bit_per_s")[i] > 0).ToArray();
            if (rows.Length == 0) continue;
            var s = p.Add.ScatterPoints(rows.Select(i => (double)pts.Column("loss_db")[i]).ToArray(),
                rows.Select(i => Math.Log10((double)pts.Column("key_bit_per_s")[i])).ToArray());
            s.LegendText = source == "simulated" ? "simulated, full scale" : source == "paper (Table I)" ? source : $"simulated yields, finite key at N = {modelPulsePairs:G3}";
            s.MarkerShape = shape;
            s.MarkerSize = 7;
        }
        p.XLabel("link loss per user pair (dB)");
        p.YLabel("log10 secure key rate (bit/s)");
        p.Title("Seed 002 Fig. 4: key rate vs loss, six user pairs (100 MHz)");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path);
    }

    public static void Fig5(ResultTable fourFold, double paperAverageCount, string path)
    {
        var p = new Plot();
        double[] counts = fourFold.Doubles("count_per_8_3h");
        var bars = p.Add.Bars(counts);
        bars.LegendText = "simulated, per 8.3 h";
        var avg = p.Add.HorizontalLine(paperAverageCount);
        avg.LinePattern = LinePattern.Dashed;
        avg.LegendText = $"paper average ({paperAverageCount:G6} in 8.3 h)";
        double[] x = Enumerable.Range(0, fourFold.RowCount).Select(i => (double)i).ToArray();
        p.Axes.Bottom.SetTicks(x, fourFold.Column("pairs").Select(o => (string)o).ToArray());
        p.Axes.Bottom.TickLabelStyle.Rotation = 90;
        p.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        p.Axes.Bottom.MinimumSize = 90;
        p.YLabel("four-fold coincidences in 8.3 h");
        p.Title("Seed 002 Fig. 5: two pairs with |Psi-> in the same slot (1 ns window)");
        p.ShowLegend(Alignment.UpperRight);
        Figure.Save(p, path, 1000, 600);
    }
}

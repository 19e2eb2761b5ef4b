using QkdNetSim.Experiments.Plotting;

namespace QkdNetSim.Tests.Experiments.Plotting;

/// <summary>The figures of a study dataset, drawn through the public call on <see cref="SyntheticStudy"/>.</summary>
public sealed class StudyPlotTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qkdnetsim-plottests-" + Guid.NewGuid().ToString("N"));

    public StudyPlotTests() => SyntheticStudy.Write(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public void A_key_rate_by_afterpulse_is_the_worst_users_mean_over_repeats_with_its_standard_error()
    {
        var r = StudyPlot.Draw(new StudyPlotRequest(_dir, "distanceKm", "secretKeyRateBitPerS", By: "afterpulseProbability"));
        Assert.Equal(["afterpulse probability = 0.045", "afterpulse probability = 0.1"], r.Series.Select(s => s.Label));
        // 10 km, p_A = 0.045: bob (½) is the worst user; repeats ×0.9 and ×1.1 of b = 1e5·10^(−10/50)·(1 − 0.18)·½:
        // mean b, standard error |0.9b − 1.1b|/2 = 0.1b.
        double b = 1e5 * Math.Pow(10, -0.2) * 0.82 * 0.5;
        var at10 = r.Series[0].Points.Single(p => p.X == 10);
        Assert.Equal(1, at10.Unit);
        Assert.Equal(b, at10.Mean, 6);
        Assert.Equal(0.1 * b, at10.StandardError, 6);
        // p_A = 0.1, 10 km: repeat 1 failed, so one repeat (×0.9) and no error bar.
        var failed = r.Series[1].Points.Single(p => p.X == 10);
        Assert.Equal(1e5 * Math.Pow(10, -0.2) * 0.6 * 0.5 * 0.9, failed.Mean, 6);
        Assert.Equal(1, failed.Repeats);
        Assert.True(double.IsNaN(failed.StandardError));
        // The rate is 0 at 1000 km: not on the log axis, and said so.
        Assert.DoesNotContain(r.Series.SelectMany(s => s.Points), p => p.X == 1000);
        Assert.Contains("2 of 32 rows left out: status not done (2 failed)", r.Notes);
        Assert.Contains("2 of 8 points left out of the log axis: mean of 'secretKeyRateBitPerS' ≤ 0", r.Notes);
    }

    [Fact]
    public void A_rate_gets_a_log_y_axis_and_a_parameter_spanning_three_decades_a_log_x_axis()
    {
        var rate = StudyPlot.Draw(new StudyPlotRequest(_dir, "distanceKm", "secretKeyRateBitPerS", Out: Path.Combine(_dir, "a")));
        Assert.True(rate.LogY);
        Assert.True(rate.LogX); // 1 to 1000 km
        var qber = StudyPlot.Draw(new StudyPlotRequest(_dir, "afterpulseProbability", "qberSignal", Out: Path.Combine(_dir, "b")));
        Assert.False(qber.LogY);
        Assert.False(qber.LogX); // 0.045 to 0.1
    }

    [Fact]
    public void Without_by_each_user_is_a_series_and_a_network_metric_is_drawn_once_per_point()
    {
        // Per unit, and per afterpulse probability (a parameter that also varies): 2 × 2 series.
        var perUser = StudyPlot.Draw(new StudyPlotRequest(_dir, "distanceKm", "qberSignal", Out: Path.Combine(_dir, "a")));
        Assert.Equal(["alice, afterpulse probability = 0.045", "alice, afterpulse probability = 0.1",
            "bob, afterpulse probability = 0.045", "bob, afterpulse probability = 0.1"], perUser.Series.Select(s => s.Label));
        var network = StudyPlot.Draw(new StudyPlotRequest(_dir, "distanceKm", "averageKeyRateBitPerS", By: "afterpulseProbability", Out: Path.Combine(_dir, "b")));
        Assert.Equal(2, network.Series.Count);
        Assert.All(network.Series.SelectMany(s => s.Points), p => Assert.True(p.Repeats <= SyntheticStudy.Repeats));
    }

    [Fact]
    public void A_heatmap_cell_is_the_minimum_over_users_of_the_mean_over_repeats()
    {
        var r = StudyPlot.Draw(new StudyPlotRequest(_dir, "distanceKm", "qberSignal", By: "afterpulseProbability", Heatmap: true));
        Assert.EndsWith("qberSignal-vs-distanceKm-by-afterpulseProbability-heatmap.png", r.PngPath);
        Assert.Equal(["0.045", "0.1"], r.Series.Select(s => s.Label));
        // p_A = 0.045, 100 km: alice's QBER 0.01 + 0.0045 + 0.001 + (0 or 0.001 by repeat): mean 0.016.
        var cell = r.Series[0].Points.Single(p => p.X == 100);
        Assert.Equal(0, cell.Unit);
        Assert.Equal(0.016, cell.Mean, 12);
    }
}

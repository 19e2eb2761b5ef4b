using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed004;

namespace QkdNetSim.Tests.Experiments.Seed004;

/// <summary>The Fig. 4b sensitivity part of `reproduce seed004` (model engine only, well under a second).</summary>
public class Fig4bSensitivityExperimentTests
{
    private static readonly Lazy<Fig4bSensitivityExperiment.Result> Result = new(() => Fig4bSensitivityExperiment.Run(
        new ExperimentContext { OutDir = Path.GetTempPath(), Full = false, Seed = 1 }, PaperValues.Load(RepoPaths.Experiment("seed004/expected.yaml"))));

    [Fact]
    public void The_signal_state_bound_lengthens_every_all_active_finite_reach_and_its_eps_share_is_two_of_23_slots()
    {
        var t = Result.Value.SignalBound;
        Assert.Equal(Fig4bExperiment.Capacities.Length, t.RowCount);
        double[] with = t.Doubles("finiteReachKm"), without = t.Doubles("finiteReachLimDecoyOnlyKm");
        for (int i = 0; i < t.RowCount; i++)
            Assert.True(with[i] > without[i] + 0.05, $"row {i}: {with[i]} vs {without[i]} km"); // more than the bisection's 0.05 km
        Assert.All(t.Doubles("signalBoundEpsShare"), s => Assert.Equal(2.0 / 23, s, 15));
        // The reach with the bound is the Fig. 4b reach (the same model and bisection).
        int i64 = Array.IndexOf(t.Doubles("capacity"), 64.0);
        var template = Fig4bSensitivityExperiment.Template(new ExperimentContext { OutDir = "", Full = false, Seed = 1 }, 1.0);
        Assert.Equal(Fig4bExperiment.Reach(template, 64, 64, 43200, asymptotic: false), with[i64]);
    }

    [Fact]
    public void A_longer_crosstalk_fall_off_costs_only_partly_filled_networks_key()
    {
        // Full networks: every bin is active and the total cross-talk is fixed, so by symmetry user 0 receives the same
        // cross-talk whatever its spread over separations (ratio 1 to rounding of the counts, 1e-6). Partly filled: a longer
        // fall-off moves cross-talk from the empty neighbouring bins onto the next active user, so the key never grows.
        var x = Result.Value.Crosstalk;
        double[] cap = x.Doubles("capacity"), n = x.Doubles("activeUsers"), ratio = x.Doubles("rateAt10KmRatioVs1Gate"), d = x.Doubles("crosstalkDecayGates");
        Assert.Equal(Fig4bSensitivityExperiment.CrosstalkDecaysGates.Length * Fig4bExperiment.Capacities.Sum(c => Fig4bSensitivityExperiment.ActiveUsers(c).Length), x.RowCount);
        bool someLoss = false;
        for (int i = 0; i < x.RowCount; i++)
        {
            if (n[i] == cap[i]) Assert.Equal(1.0, ratio[i], 6);
            else Assert.True(ratio[i] <= 1 + 1e-9, $"row {i}: ratio {ratio[i]}");
            someLoss |= d[i] == 4 && ratio[i] < 0.99;
        }
        Assert.True(someLoss, "at 4 gates some partly filled network loses more than 1 % of its key");
    }

    [Fact]
    public void Updating_a_report_twice_keeps_one_sensitivity_section_before_fig4c_and_names_the_signal_state_bound()
    {
        string path = Path.Combine(Path.GetTempPath(), $"seed004-report-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(path, "# R\n\n- **Finite key.** old text\n\n## Fig. 4b: x\n\nmap\n\n## Fig. 4c: y\n\nz\n");
            Seed004Report.UpdateReport(path, Result.Value);
            Seed004Report.UpdateReport(path, Result.Value);
            string text = File.ReadAllText(path);
            Assert.Equal(1, text.Split(Seed004Report.Fig4bSensitivityHeading).Length - 1);
            Assert.True(text.IndexOf(Seed004Report.Fig4bSensitivityHeading) < text.IndexOf("## Fig. 4c: y"));
            Assert.True(text.IndexOf("## Fig. 4b: x") < text.IndexOf(Seed004Report.Fig4bSensitivityHeading));
            Assert.DoesNotContain("old text", text);
            Assert.Contains("Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005)", text);
            Assert.EndsWith("z\n", text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

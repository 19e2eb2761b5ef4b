using QkdNetSim.Core;
using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed000;
using QkdNetSim.Tests.Analysis.Cv.Broadcast;

namespace QkdNetSim.Tests.Experiments.Seed000;

/// <summary>The seed-000 reproduction's 3-node fit and curve table, on the checkout's experiments/seed000/expected.yaml.</summary>
public class Seed000ExperimentTests
{
    private static readonly ExperimentContext Quiet = new() { OutDir = Path.GetTempPath(), Full = false };

    [Fact]
    public void CvThreeNodeFitReproducesBothReportedRatesNearNinetyPercentOfTheLimit()
    {
        var paper = Seed000Paper.Load();
        var r = ThreeNodeExperiment.Run(paper, Quiet);
        // The fitted V_M lies inside the band where both rates are within +-15 % (BroadcastPaperTests: 2.25-2.40 SNU).
        Assert.InRange(r.FittedModulationVarianceSnu, 2.25, 2.40);
        Assert.True((bool)r.Variants.Column("within_tolerance")[0]);
        // Deterministic model (no sampling): 0.888 at the fit; the bracket is the acceptance "near 90 %" of the issue.
        Assert.InRange((double)r.Variants.Column("fraction_of_upper_limit")[0], 0.85, 0.95);
        // The Methods' V_M = 4.3 without extra loss is far off (the report says why): both rates above +40 %.
        Assert.True((double)r.Variants.Column("bob1_over_paper")[2] > 1.4 && (double)r.Variants.Column("bob2_over_paper")[2] > 2.0);
        // Fig. 20 curve: total below the upper limit at every distance, and falling with distance.
        var total = r.DistanceCurve.Doubles("key_total");
        var ub = r.DistanceCurve.Doubles("upper_limit");
        Assert.All(Enumerable.Range(0, total.Length), i => Assert.True(total[i] < ub[i]));
        Assert.All(Enumerable.Range(1, total.Length - 1), i => Assert.True(total[i] < total[i - 1]));
    }

    [Fact]
    public void CvBroadcastCurvesRowsMatchTheDirectComputation()
    {
        var t = BroadcastCurves.Compute("t", BroadcastCondition.Practical, new[] { 4, 8 }, new[] { 0.0, 20.0 }, Quiet);
        Assert.Equal(4, t.RowCount);
        var direct = QkdNetSim.Analysis.Cv.Broadcast.BroadcastKeyRates.Compute(BroadcastCondition.Practical.Network(8, 20));
        int row = BroadcastCurves.Row(t, 8, 20);
        Assert.Equal(direct.Total, (double)t.Column("key_total")[row], 14);
        Assert.Equal(direct.UpperBound, (double)t.Column("upper_limit")[row], 14);
    }

    [Fact]
    public void CvExpectedValuesNameFileAndPathOfAMissingKey()
    {
        string path = Path.Combine(Path.GetTempPath(), $"expected-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "a:\n  b: 1.5\n  c: text\n");
        try
        {
            var e = ExpectedValues.Load(path);
            Assert.Equal(1.5, e.Number("a.b"));
            var missing = Assert.Throws<InputError>(() => e.Number("a.x"));
            Assert.Contains("a.x", missing.Message);
            Assert.Contains(path, missing.Message);
            Assert.Throws<InputError>(() => e.Number("a.c"));
        }
        finally { File.Delete(path); }
    }
}

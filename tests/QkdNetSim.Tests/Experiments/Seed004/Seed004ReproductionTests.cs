using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed004;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Experiments.Seed004;

/// <summary>
/// Quick-scale regression of `qkdnetsim reproduce seed004` (Froehlich et al., Nature 501, 69 (2013)): the reproduction's
/// Fig. 3 experiment (both networks, both transmitters) with 30-s simulated sessions instead of 300/60 s, against the
/// paper's values and tolerances in experiments/seed004/expected.yaml and against the expected-count model of the same run.
/// </summary>
[Trait("Category", "Statistical")]
public class Seed004ReproductionTests(ITestOutputHelper output)
{
    [Fact]
    public void Fig3QuickScaleMatchesThePaperAndTheModel()
    {
        var paper = PaperValues.Load(RepoPaths.Experiment("seed004/expected.yaml"));
        var ctx = new ExperimentContext { OutDir = Path.GetTempPath(), Full = false, Seed = 1 };
        var t = Fig3Experiment.Run(ctx, paper, sessionS: 30);
        Assert.Equal(4, t.RowCount);
        double[] expectedPaperQber = [.. paper.Fig3aQber, .. paper.Fig3bQber], expectedPaperKey = [.. paper.Fig3aKeyRateBitPerS, .. paper.Fig3bKeyRateBitPerS];
        var sim = t.Doubles("simQber");
        var sigma = t.Doubles("simQberSigma");
        var model = t.Doubles("modelQber");
        var modelKey = t.Doubles("modelFiniteKeyRateBitPerS1200s");
        var session = t.Doubles("sessionS");
        for (int i = 0; i < 4; i++)
        {
            output.WriteLine($"{t.Column("figure")[i]} {t.Column("user")[i]}: sim QBER {sim[i]:P3} +- {sigma[i]:P3}, model {model[i]:P3}, paper {expectedPaperQber[i]:P2}; model key (20 min) {modelKey[i]:F0} vs paper {expectedPaperKey[i]:F0} bit/s");
            Assert.Equal(30, session[i], 6);
            Assert.Equal(expectedPaperQber[i], (double)t.Column("paperQber")[i]);
            // The paper's values with the issue's tolerances (expected.yaml): QBER +-0.35 pp, key +-25 %.
            Assert.True(Math.Abs(sim[i] - expectedPaperQber[i]) <= paper.QberToleranceAbsolute, $"row {i}: sim QBER {sim[i]} vs paper {expectedPaperQber[i]}");
            Assert.True(Math.Abs(modelKey[i] / expectedPaperKey[i] - 1) <= paper.KeyRateToleranceRelative, $"row {i}: model key {modelKey[i]} vs paper {expectedPaperKey[i]}");
            Assert.True((bool)t.Column("qberWithinTolerance")[i]);
            // Simulation vs the expected-count model of the same devices: the QBER is a binomial proportion over the signal
            // sifted bits (sigma 2e-5 to 7e-5 at 30 s), 5 sigma. The model is first order in secondary clicks; at the
            // reproduction's 300-s sessions (sigma 2e-5) the two agree to within ~1 sigma (results/seed004/REPORT.md), so
            // its neglected terms are far below the 5-sigma band here.
            Assert.True(sigma[i] > 0 && sigma[i] < 2e-4, $"row {i}: sigma {sigma[i]}");
            Assert.True(Math.Abs(sim[i] - model[i]) <= 5 * sigma[i], $"row {i}: sim QBER {sim[i]:R} vs model {model[i]:R} (sigma {sigma[i]:G3})");
        }
    }
}

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

    [Fact]
    public void Fig3SeriesQuickScaleHasTheSessionsMeansNearThePaperAndTheBlockSamplerAgreesWithTheFullSimulation()
    {
        // Four 5-min sessions per network and condition (blocks engine), and a 10-s full-simulation cross-check.
        var paper = PaperValues.Load(RepoPaths.Experiment("seed004/expected.yaml"));
        var ctx = new ExperimentContext { OutDir = Path.GetTempPath(), Full = false, Seed = 1 };
        var r = Fig3SeriesExperiment.Run(ctx, paper, seriesS: 1200, sessionS: 300, crossCheckS: 10);
        Assert.Equal(2 * 2 * 2 * 4, r.Sessions.RowCount); // networks x conditions x users x sessions
        Assert.Equal(8, r.Summary.RowCount);
        for (int i = 0; i < r.Summary.RowCount; i++)
        {
            double D(string c) => Convert.ToDouble(r.Summary.Column(c)[i]);
            string what = $"{r.Summary.Column("figure")[i]} {r.Summary.Column("condition")[i]} {r.Summary.Column("user")[i]}";
            output.WriteLine($"{what}: mean QBER {D("meanQber"):P3} (SD {D("sdQberAcrossSessions"):P4}, finite size {D("finiteSizeSdQber"):P4}) paper {D("paperQber"):P2}; key {D("meanKeyRateBitPerS"):F0} bit/s");
            Assert.Equal(4, D("sessions"));
            // The session means against the paper with the issue's tolerance (QBER +-0.35 pp); the key of a 5-min session is below
            // the paper's 20-min finite key, so only its sign is checked here (the full reproduction compares 20-min sessions).
            Assert.True(Math.Abs(D("meanQber") - D("paperQber")) <= paper.QberToleranceAbsolute, what);
            Assert.True(D("meanKeyRateBitPerS") > 0, what);
            // Static sessions differ only by finite-size noise: their SD across 4 sessions estimates the binomial SD; with 3 degrees
            // of freedom s/sigma stays below 2.5 with probability > 99.9 % (chi-square), and above 0.05 likewise.
            if ((string)r.Summary.Column("condition")[i] == "finite size only")
                Assert.InRange(D("sdQberAcrossSessions") / D("finiteSizeSdQber"), 0.05, 2.5);
            else
                Assert.True(D("disclosedFraction") > 0, what); // the phase loop disclosed bits, which left the key
        }
        for (int i = 0; i < r.CrossCheck.RowCount; i++)
        {
            double z = Convert.ToDouble(r.CrossCheck.Column("z")[i]);
            output.WriteLine($"cross-check {r.CrossCheck.Column("figure")[i]} {r.CrossCheck.Column("user")[i]}: fast {r.CrossCheck.Column("fastQber")[i]} blocks {r.CrossCheck.Column("blocksQber")[i]} z {z:F2}");
            Assert.True(Math.Abs(z) < 5, $"cross-check row {i}: z = {z:F2}"); // combined sigma of the class comment, 5 sigma
        }
    }
}

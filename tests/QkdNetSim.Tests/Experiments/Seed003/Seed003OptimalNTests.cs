using QkdNetSim.Analysis.Cv;
using QkdNetSim.Experiments.Seed003;

namespace QkdNetSim.Tests.Experiments.Seed003;

/// <summary>Issue 4 acceptance for seed 003: optimal N within +-15 % of the paper (Figs. 8 and 11), key rates from the explicit bound.</summary>
public class Seed003OptimalNTests
{
    [Theory]
    [InlineData(0)] // QPSK: 5 / 10 / 25 km, paper 61 / 56 / 43
    [InlineData(1)] // PS-256QAM: 25 / 50 / 100 km, paper 96 / 85 / 72
    public void CvOptimalSubcarrierCountIsWithinFifteenPercentOfThePaper(int protocol)
    {
        var paper = Seed003Paper.Load();
        var p = Seed003Protocol.All(paper)[protocol];
        for (int i = 0; i < p.Paper.DistancesKm.Length; i++)
        {
            var best = p.KeyRateAt(p.Paper.DistancesKm[i]).Optimal(p.MaxSubcarrierCount);
            Assert.True(best.TotalKeyRateBits > 0, $"{p.Name} at {p.Paper.DistancesKm[i]} km: no key");
            Assert.True(best.SubcarrierCount < p.MaxSubcarrierCount, "search range too small");
            double rel = best.SubcarrierCount / (double)p.Paper.OptimalN[i] - 1;
            Assert.True(Math.Abs(rel) <= paper.OptimalNToleranceRelative, $"{p.Name} at {p.Paper.DistancesKm[i]} km: N = {best.SubcarrierCount}, paper {p.Paper.OptimalN[i]}");
        }
    }

    [Fact]
    public void CvNearlyUniformTwoFiftySixQamHasNoKeyUnderTheExplicitBound()
    {
        // The reading question of the issue: Eq. (17) on normalised levels is nearly uniform (c1 / c_G = 0.9938), and the
        // bound of Ref. [33] then leaves no key even for one subcarrier at 25 km; integer levels reproduce Fig. 11.
        var p = Seed003Protocol.All(Seed003Paper.Load())[1];
        var t = Qam256ReadingExperiment.Run(p);
        for (int i = 0; i < t.RowCount; i++)
        {
            string reading = (string)t.Column("reading")[i];
            int n = Convert.ToInt32(t.Column("optimal_n")[i]);
            if (reading.Contains("normalised")) Assert.Equal(0, n);
            else Assert.InRange(n, 1, 250);
        }
    }
}

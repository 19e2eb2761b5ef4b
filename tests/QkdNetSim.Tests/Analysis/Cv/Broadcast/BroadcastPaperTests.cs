using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Tests.Analysis.Cv.Broadcast;

/// <summary>
/// The paper's quantitative statements (Bian et al., arXiv:2507.04462) checked against what Eqs. 7, 21-25 and 29-31 give.
/// Expected numbers below are this implementation's outputs, pinned; the comments say whether the paper's claim holds.
/// </summary>
public class BroadcastPaperTests
{
    // Fig. 5 / Fig. 3b "practical" parameters: beta 0.956, V_M 4, eps 0.05 (channel input), eta 0.6, v_ele 0.1; all fibre before the splitter (Fig. 13).
    private static BroadcastKeyRateResult Practical(int n, double km) => BroadcastKeyRates.Compute(BroadcastNetwork.Uniform(n, km, 4.0, 0.05, 0.6, 0.1, 0.956));

    [Fact]
    public void CvFig5PerUserRateAt20KmForSixtyFourUsersExceedsOneInAThousand()
    {
        // Paper: "within 20 km, the per-user key rate exceeds 10^-3 bit/pulse for network capacities up to 64 users". Holds, narrowly.
        var r = Practical(64, 20);
        Assert.Equal(1.062e-3, r.Users[0].KeyRate, 1e-6);
        Assert.True(r.Users[0].KeyRate >= 1e-3);
        Assert.All(r.Users, u => Assert.Equal(r.Users[0].KeyRate, u.KeyRate, 12));
    }

    [Theory]
    [InlineData(4, 0.1547)]
    [InlineData(16, 0.1477)]
    [InlineData(64, 0.1459)]
    public void CvFig5TotalRateAt10KmIsAboutPointOneFive(int n, double expected)
    {
        // Paper: total "exceeds 10^-1 bit/pulse within 10 km" and is stable in N. Holds: 0.146-0.155 for N = 4..64,
        // K_UB (= point-to-point) is 0.1812.
        var r = Practical(n, 10);
        Assert.Equal(expected, r.Total, 3e-4);
        Assert.InRange(r.Total, 0.1, 0.2);
        Assert.Equal(0.1812, r.UpperBound, 1e-4);
    }

    [Fact]
    public void CvFig5LongDistanceStatementsOnlyPartlyHold()
    {
        // Paper: "At 60 km ... exceeding 10^-4 bit/pulse" (per user) and "at 60-100 km a total key rate of 10^-3 is attainable".
        // The equations give 1.79e-4 (N = 32) but 8.9e-5 (N = 64) per user at 60 km, and a total of 5.0e-4 at 100 km, below
        // 10^-3 and bounded by K_UB = point-to-point 5.9e-4, so no N can reach 10^-3 at 100 km with these parameters.
        Assert.Equal(1.794e-4, Practical(32, 60).Users[0].KeyRate, 1e-7);
        Assert.Equal(8.947e-5, Practical(64, 60).Users[0].KeyRate, 1e-7);
        var far = Practical(4, 100);
        Assert.Equal(5.29e-4, far.Total, 1e-6);
        Assert.Equal(5.922e-4, far.UpperBound, 1e-6);
        Assert.True(far.UpperBound < 1e-3);
    }

    [Theory]
    [InlineData(4, 0.0, 0.7637)]
    [InlineData(4, 40.0, 0.9108)]
    [InlineData(64, 0.0, 0.7037)]
    [InlineData(64, 60.0, 0.8887)]
    public void CvFig3bTotalIsCloseToButBelowTheUpperLimit(int n, double km, double ratio)
    {
        // Paper (Fig. 3b): "K_tot attains K_UB at all transmission distances within 100 km". The equations give
        // K_tot / K_UB between 0.70 (0 km, N = 64) and 0.92 (60 km, N = 4): on the paper's log axes this looks like
        // coincidence, but it is 8-30 % below the limit, consistent with the experiment's "90 % of the upper limit".
        Assert.Equal(ratio, Practical(n, km).FractionOfUpperBound, 1e-3);
    }

    // 3-node experiment (Fig. 4): 25 km feeder, 1:2 splitter, 5 km drops, eta 0.502 / 0.485, excess noise 0.085 / 0.103 SNU at
    // the channel input, beta 0.96. Not stated: V_M and v_ele (taken 0: one-time SNU calibration folds it in [28]) and where
    // the excess noise arises (taken: each Bob's own drop, independent). Paper: K_AB1 = 6.7e-3, K_AB2 = 2.2e-3, K_tot ~ 90 % K_UB.
    private static BroadcastKeyRateResult Experiment(double vm)
    {
        double tf = BroadcastNetwork.FibreTransmittance(25), td = BroadcastNetwork.FibreTransmittance(5);
        return BroadcastKeyRates.Compute(new BroadcastNetwork(vm, tf, 0.0,
            new[] { new BroadcastUser(td, 0.085, 0.502, 0.0), new BroadcastUser(td, 0.103, 0.485, 0.0) }, 0.96));
    }

    private static bool WithinFifteenPercent(BroadcastKeyRateResult r)
        => Math.Abs(r.Users[0].KeyRate / 6.7e-3 - 1) <= 0.15 && Math.Abs(r.Users[1].KeyRate / 2.2e-3 - 1) <= 0.15;

    [Fact]
    public void CvThreeNodeExperimentIsReproducedOnlyForModulationVarianceNearTwoPointThree()
    {
        // Scan V_M = 1.0 .. 6.0 SNU in steps of 0.05: both rates lie within +-15 % of the paper only for V_M in [2.25, 2.40].
        var hits = Enumerable.Range(20, 101).Select(k => k * 0.05).Where(vm => WithinFifteenPercent(Experiment(vm))).ToArray();
        Assert.Equal(new[] { 2.25, 2.30, 2.35, 2.40 }, hits.Select(h => Math.Round(h, 2)));

        var best = Experiment(2.3);
        Assert.Equal(6.179e-3, best.Users[0].KeyRate, 2e-6);
        Assert.Equal(2.144e-3, best.Users[1].KeyRate, 2e-6);
        Assert.Equal(0.887, best.FractionOfUpperBound, 1e-3); // paper: "90 % of the upper limit"

        // The Methods' "average photon number of 2" would mean V_M = 4 SNU; that gives rates well above the reported ones.
        var nbar2 = Experiment(4.0);
        Assert.Equal(9.527e-3, nbar2.Users[0].KeyRate, 2e-6);
        Assert.Equal(5.288e-3, nbar2.Users[1].KeyRate, 2e-6);
        Assert.False(WithinFifteenPercent(nbar2));
    }
}

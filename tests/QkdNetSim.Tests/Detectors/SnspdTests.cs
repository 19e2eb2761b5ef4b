using QkdNetSim.Core.Random;
using QkdNetSim.Detectors;

namespace QkdNetSim.Tests.Detectors;

/// <summary>The SNSPD device: its non-paralyzable dead-time rule and its parameter record's derived quantities.</summary>
public class SnspdTests
{
    [Fact]
    public void AClickAtTBlocksClicksUntilTPlusTheDeadTimeAndALostClickDoesNotExtendIt()
    {
        const long dead = 1_000;
        long last = 0; // a registered click at t = 0
        Assert.False(NonParalyzableDeadTime.TryRegister(ref last, 999, dead));   // inside the dead time: lost
        Assert.Equal(0, last);                                                   // ... and the dead time is not restarted
        Assert.True(NonParalyzableDeadTime.TryRegister(ref last, 1_000, dead));  // exactly t + dead time: alive again
        Assert.Equal(1_000, last);
        Assert.False(NonParalyzableDeadTime.TryRegister(ref last, 1_500, dead));
        Assert.False(NonParalyzableDeadTime.TryRegister(ref last, 1_999, dead));
        // A paralyzable detector would still be dead here (1_999 + 1_000 > 2_000); the non-paralyzable one is not.
        Assert.True(NonParalyzableDeadTime.TryRegister(ref last, 2_000, dead));
        Assert.Equal(2_000, last);
    }

    [Fact]
    public void ZeroDeadTimeRegistersEveryClickEvenSimultaneousOnes()
    {
        long last = 5;
        Assert.True(NonParalyzableDeadTime.Registers(last, 5, 0));
        Assert.True(NonParalyzableDeadTime.TryRegister(ref last, 5, 0));
        Assert.Equal(5, last);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void PoissonClicksThroughTheDeadTimeRegisterAtRateROverOnePlusRTau()
    {
        // Clicks at rate r (exponential gaps, integer ps). Non-paralyzable: the interval between registered clicks is
        // tau + Exp(1/r) (memoryless after the dead time), mean tau + 1/r, i.e. registered rate r / (1 + r tau) (Knoll,
        // Sec. 4.VII). Its standard deviation is 1/r, so the mean of K intervals has standard error 1/(r sqrt K); 5 sigma.
        // A paralyzable rule would give mean e^{r tau}/r = 149.2 ns instead of 140 ns (40 standard errors away).
        const double meanGapPs = 100_000;   // r = 10 MHz
        const long dead = 40_000;           // tau = 40 ns, r tau = 0.4
        const int intervals = 200_000;
        var rng = new Xoshiro256(2024);
        long t = 0, last = long.MinValue / 2, first = -1;
        int registered = 0;
        while (registered <= intervals)
        {
            t += (long)Math.Round(-meanGapPs * Math.Log(1 - rng.NextDouble()));
            if (!NonParalyzableDeadTime.TryRegister(ref last, t, dead)) continue;
            if (first < 0) first = t;
            registered++;
        }
        double meanInterval = (double)(last - first) / intervals;
        double expected = dead + meanGapPs, se = meanGapPs / Math.Sqrt(intervals);
        Assert.True(Math.Abs(meanInterval - expected) < 5 * se, $"mean interval {meanInterval:F0} ps, expected {expected:F0} +- {5 * se:F0} ps");
    }

    [Fact]
    public void DarkCountsPerPeriodAndClickTimeSpreadFollowFromTheNamedParameters()
    {
        var d = new SnspdParameters(EfficiencyFraction: 0.8, DarkCountRateHz: 100, DeadTimePs: 40_000, JitterRmsPs: 40);
        // 100 Hz over a 10 ns slot: 100 x 1e-8 s = 1e-6 counts.
        Assert.Equal(1e-6, d.DarkCountsPerPeriod(10_000), 1e-18);
        // Gaussian pulse rms 30 ps convolved with 40 ps rms jitter: sqrt(30^2 + 40^2) = 50 ps.
        Assert.Equal(50.0, d.ClickTimeSpreadRmsPs(30), 12);
        Assert.Equal(40.0, d.ClickTimeSpreadRmsPs(0), 12);
    }
}

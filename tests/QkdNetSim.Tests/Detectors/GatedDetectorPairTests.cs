using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;
using QkdNetSim.Tests.Core.Random;

namespace QkdNetSim.Tests.Detectors;

/// <summary>
/// <see cref="GatedDetectorPair"/>, shared by the fast and the per-pulse access-network engines (so the test comparing the two
/// engines cannot see a bug here), driven directly the way the engines drive it: CollectSecondaries, ApplyHoldoff, then
/// OnAvalanche for every click. Expected laws are written out here from the device model (seed 004 Methods; class comment of
/// <see cref="GatedApdModel"/>): each avalanche triggers an afterpulse with probability a = p_A/(1+p_A+X) and a crosstalk click
/// with x = X/(1+p_A+X), independently; an afterpulse lands d >= 1 gates later with P(d) = (1-r) r^(d-1), r = exp(-period/tau).
/// Tolerances of the statistical tests: Pearson chi-square rejecting at p = 1e-6 and 5-sigma z-tests (<see cref="Stat"/>),
/// fixed seeds. The hold-off window and the no-secondaries case are deterministic.
/// </summary>
public class GatedDetectorPairTests
{
    private const double PeriodPs = 1000;

    private static GatedApdModel Model(double pA, double x, double tauPs, double crosstalkDecayGates = 1.0, int holdoffGates = 0) =>
        new(0.15, 8e-6, pA, [tauPs], [1.0], x, crosstalkDecayGates, holdoffGates, PeriodPs);

    /// <summary>Collects the secondary clicks of one gate the way the engines do (collect, then hold-off).</summary>
    private static ClickPair Gate(GatedDetectorPair pair, long gate)
    {
        var clicks = default(ClickPair);
        pair.CollectSecondaries(gate, ref clicks);
        pair.ApplyHoldoff(gate, ref clicks);
        return clicks;
    }

    private static bool Clicked(in ClickPair c, int detector) => detector == 0 ? c.Click0 : c.Click1;
    private static DetectionCause Cause(in ClickPair c, int detector) => detector == 0 ? c.Cause0 : c.Cause1;

    [Fact]
    [Trait("Category", "Statistical")]
    public void AfterpulseProbabilityAfterAClickFollowsTheClosedFormInGatesElapsed()
    {
        // p_A = 0.2, no crosstalk: a = 0.2/1.2. One primary click at a time, its secondaries drained before the next (not fed
        // back, so each primary has 0 or 1 afterpulse). Cells: "no afterpulse" (1 - a) and d = 1, 2, ... with a (1-r) r^(d-1),
        // tau = 5 ns at 1 GHz (r = e^-0.2). A wrong per-avalanche probability (e.g. the measured p_A used directly, +20 %) or
        // an off-by-one gate (d counted from 0) is many sigma at 300,000 primaries.
        const double pA = 0.2, tau = 5_000;
        const int primaries = 300_000;
        double a = pA / (1 + pA), r = Math.Exp(-PeriodPs / tau);
        var pair = new GatedDetectorPair(Model(pA, 0, tau), 11UL);
        const int cells = 80; // cell 0: none; cell k: d = k; last cell: d >= cells - 1
        var h = new long[cells];
        long gate = 1_000;
        for (int i = 0; i < primaries; i++)
        {
            int det = i & 1;
            long g0 = gate;
            pair.OnAvalanche(g0, det);
            int found = 0;
            while (pair.PendingSecondaries > 0)
            {
                long g = pair.NextSecondaryGate;
                var c = Gate(pair, g);
                Assert.True(Clicked(c, det) && !Clicked(c, 1 - det), "a secondary click lands on its parent's detector");
                Assert.Equal(DetectionCause.Afterpulse, Cause(c, det));
                long d = g - g0;
                h[Math.Min(d, cells - 1)]++;
                found++;
                gate = g;
            }
            if (found == 0) h[0]++;
            Assert.True(found <= 1);
            gate += 1;
        }
        var p = new double[cells];
        p[0] = 1 - a;
        for (int d = 1; d < cells - 1; d++) p[d] = a * (1 - r) * Math.Pow(r, d - 1);
        p[cells - 1] = a * Math.Pow(r, cells - 2); // P(d >= cells - 1)
        Stat.ChiSquare(h, p, primaries, "afterpulse delay after a click");
        long afterpulses = primaries - h[0];
        double sd = Math.Sqrt(primaries * a * (1 - a));
        Assert.True(Math.Abs(afterpulses - primaries * a) < 5 * sd, $"afterpulses {afterpulses} vs {primaries * a:F0} +- {sd:F0}");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void AfterpulseAndCrosstalkAreIndependentTrialsPerAvalanche()
    {
        // Outcome of one avalanche: nothing, afterpulse only, crosstalk only, both; multinomial with (1-a)(1-x), a(1-x),
        // (1-a)x, a x. The number scheduled is read from PendingSecondaries right after OnAvalanche (exact even if both land in
        // one gate); the cause of a single one from its click. Chi-square on the 4 cells at 300,000 avalanches.
        const double pA = 0.10, xt = 0.08;
        const int primaries = 300_000;
        double a = pA / (1 + pA + xt), x = xt / (1 + pA + xt);
        var pair = new GatedDetectorPair(Model(pA, xt, 20_000, 1.0), 12UL);
        var h = new long[4];
        long gate = 0;
        for (int i = 0; i < primaries; i++)
        {
            pair.OnAvalanche(gate, 0);
            int scheduled = pair.PendingSecondaries;
            int cell = scheduled == 2 ? 3 : 0;
            while (pair.PendingSecondaries > 0)
            {
                long g = pair.NextSecondaryGate;
                var c = Gate(pair, g);
                if (scheduled == 1) cell = c.Cause0 == DetectionCause.Afterpulse ? 1 : 2;
                gate = g;
            }
            gate += 1;
            h[cell]++;
        }
        Stat.ChiSquare(h, [(1 - a) * (1 - x), a * (1 - x), (1 - a) * x, a * x], primaries, "afterpulse x crosstalk");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void CountdownTrialsAreIndependentFromOneAvalancheToTheNext()
    {
        // The Bernoulli trials are run by geometric countdowns; exact only if the number of avalanches from one afterpulse to
        // the next is geometric on {1, 2, ...}: P(gap = k) = a (1-a)^(k-1). Gaps of 100,000 afterpulses (chi-square), and the
        // lag-one frequency of two afterpulse-triggering avalanches in a row, a^2 (binomial z-test, 5 sigma).
        const double pA = 0.25;
        double a = pA / (1 + pA);
        var pair = new GatedDetectorPair(Model(pA, 0, 2_000), 13UL);
        var gaps = new List<long>();
        long sinceLast = 0, pairs = 0, both = 0;
        bool previous = false;
        long gate = 0;
        while (gaps.Count < 100_000)
        {
            pair.OnAvalanche(gate, 1);
            bool hit = pair.PendingSecondaries > 0;
            sinceLast++;
            if (hit) { gaps.Add(sinceLast - 1); sinceLast = 0; }
            if (pairs++ > 0 && previous && hit) both++;
            previous = hit;
            while (pair.PendingSecondaries > 0) { gate = pair.NextSecondaryGate; Gate(pair, gate); }
            gate += 1;
        }
        const int cells = 60;
        Stat.ChiSquare(Stat.Histogram(gaps, cells), Stat.CellProbabilities(k => a * Math.Pow(1 - a, k), cells), gaps.Count, "avalanches between afterpulses");
        double n = pairs - 1, sd = Math.Sqrt(n * a * a * (1 - a * a));
        Assert.True(Math.Abs(both - n * a * a) < 5 * sd, $"consecutive afterpulses {both} vs {n * a * a:F0} +- {sd:F0}");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void CascadesGiveTheMeasuredTotalsOfAfterpulsesAndCrosstalkPerPrimaryClick()
    {
        // Every secondary click is an avalanche again (fed back). The measured totals include cascades, so one primary click
        // has on average p_A afterpulses and X crosstalk clicks in all generations, and 1/(1-m) avalanches in all (m = a + x).
        // Total progeny of a Galton-Watson tree with offspring variance s2 = a(1-a) + x(1-x): Var(Y) = s2/(1-m)^3. The
        // per-cause counts are checked against their sample standard error (CLT over 200,000 independent primaries).
        const double pA = 0.10, xt = 0.08;
        const int primaries = 200_000;
        double a = pA / (1 + pA + xt), x = xt / (1 + pA + xt), m = a + x;
        var pair = new GatedDetectorPair(Model(pA, xt, 1.0e6, 1.0), 14UL); // 1 us traps: cascades rarely share a gate
        var total = new double[primaries];
        double sumAp = 0, sumAp2 = 0, sumXt = 0, sumXt2 = 0;
        long gate = 0;
        for (int i = 0; i < primaries; i++)
        {
            pair.OnAvalanche(gate, 0);
            int ap = 0, xc = 0;
            while (pair.PendingSecondaries > 0)
            {
                long g = pair.NextSecondaryGate;
                var c = Gate(pair, g);
                if (c.Click0)
                {
                    if (c.Cause0 == DetectionCause.Afterpulse) ap++; else xc++;
                    pair.OnAvalanche(g, 0);
                }
                gate = g;
            }
            gate += 1;
            total[i] = 1 + ap + xc;
            sumAp += ap; sumAp2 += (double)ap * ap; sumXt += xc; sumXt2 += (double)xc * xc;
        }
        double s2 = a * (1 - a) + x * (1 - x);
        double varY = s2 / Math.Pow(1 - m, 3);
        double meanY = total.Average();
        Assert.True(Math.Abs(meanY - 1 / (1 - m)) < 5 * Math.Sqrt(varY / primaries), $"avalanches per primary {meanY} vs {1 / (1 - m)}");
        double SeOf(double s, double sq) => Math.Sqrt((sq / primaries - (s / primaries) * (s / primaries)) / primaries);
        Assert.True(Math.Abs(sumAp / primaries - pA) < 5 * SeOf(sumAp, sumAp2), $"afterpulses per primary {sumAp / primaries} vs p_A = {pA}");
        Assert.True(Math.Abs(sumXt / primaries - xt) < 5 * SeOf(sumXt, sumXt2), $"crosstalk per primary {sumXt / primaries} vs X = {xt}");
    }

    [Fact]
    public void HoldoffBlindsOnlyTheClickingDetectorForTheHoldoffGates()
    {
        var pair = new GatedDetectorPair(Model(0.0, 0.0, 5_000, holdoffGates: 3), 1UL);
        pair.OnAvalanche(100, 1);
        for (long g = 100; g <= 103; g++) Assert.True(pair.IsBlind(1, g), $"detector 1 at gate {g}");
        Assert.False(pair.IsBlind(1, 104));
        for (long g = 99; g <= 104; g++) Assert.False(pair.IsBlind(0, g));
        var clicks = default(ClickPair);
        clicks.Set(0, DetectionCause.SignalPhoton);
        clicks.Set(1, DetectionCause.SignalPhoton);
        pair.ApplyHoldoff(102, ref clicks);
        Assert.True(clicks.Click0);
        Assert.False(clicks.Click1);
        clicks.Set(1, DetectionCause.DarkCount);
        pair.ApplyHoldoff(104, ref clicks);
        Assert.True(clicks.Click1);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void AfterpulsesInsideTheHoldoffWindowAreSuppressed()
    {
        // Hold-off h = 3 gates: an afterpulse survives only if d > h, probability r^h; so a surviving afterpulse follows a click
        // with probability a r^h (binomial 5-sigma z-test at 300,000 primaries), and never at d <= h.
        const double pA = 0.3, tau = 5_000;
        const int h = 3, primaries = 300_000;
        double a = pA / (1 + pA), r = Math.Exp(-PeriodPs / tau), p = a * Math.Pow(r, h);
        var pair = new GatedDetectorPair(Model(pA, 0, tau, holdoffGates: h), 15UL);
        long survivors = 0, gate = 0;
        for (int i = 0; i < primaries; i++)
        {
            long g0 = gate;
            pair.OnAvalanche(g0, 0);
            while (pair.PendingSecondaries > 0)
            {
                long g = pair.NextSecondaryGate;
                var c = Gate(pair, g);
                if (c.Click0)
                {
                    Assert.True(g - g0 > h, $"afterpulse {g - g0} gates after a click survived a {h}-gate hold-off");
                    survivors++;
                }
                gate = g;
            }
            gate += h + 1; // next primary outside the hold-off
        }
        double sd = Math.Sqrt(primaries * p * (1 - p));
        Assert.True(Math.Abs(survivors - primaries * p) < 5 * sd, $"surviving afterpulses {survivors} vs {primaries * p:F0} +- {sd:F0}");
    }

    [Fact]
    public void WithoutSecondaryProbabilitiesNothingIsEverScheduled()
    {
        var pair = new GatedDetectorPair(Model(0.0, 0.0, 5_000), 2UL);
        for (long g = 0; g < 100_000; g++) pair.OnAvalanche(g, (int)(g & 1));
        Assert.Equal(0, pair.PendingSecondaries);
        Assert.Equal(long.MaxValue, pair.NextSecondaryGate);
    }
}

using QkdNetSim.Detectors;
using QkdNetSim.Protocols.AccessNetwork;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

/// <summary>
/// The skip-ahead engine must agree in distribution with the per-pulse reference (which steps every gate and
/// photon). Both are run on the same small network with independent streams; each compared count is a sum of
/// many weakly dependent indicators, so the two-sample statistic z = (a - b) / sqrt(var_a + var_b) with Poisson
/// variances (var = count; clicks are rare per gate) is ~N(0,1). We require |z| &lt; 5: a false alarm has
/// probability ~6e-7 per comparison, while a modelling error of 1% in a count of 1e5 shifts z by ~2.2 and one of
/// 3% by ~6.7, so real disagreements are caught.
/// </summary>
public class FastMatchesPerPulseTests(ITestOutputHelper output)
{
    private static void AssertSame(string what, double a, double b, double varA, double varB, ITestOutputHelper output)
    {
        double z = (a - b) / Math.Sqrt(Math.Max(varA + varB, 1e-300));
        output.WriteLine($"{what}: fast {a:G6} per-pulse {b:G6} z = {z:F2}");
        Assert.True(Math.Abs(z) < 5, $"{what}: fast {a} vs per-pulse {b}, z = {z:F2}");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void CountsQberAfterpulsesAndCrosstalkAgree()
    {
        // 4 bins, 2 adjacent active users (strong crosstalk between them), 2 empty bins; low loss and exaggerated
        // dark counts, afterpulsing and crosstalk so every mechanism gets >= 1e4 events in 2e7 gates; hold-off on.
        var det = new GatedApdModel(0.15, 2e-4, 0.08, new[] { 30_000.0 }, new[] { 1.0 }, 0.05, 1.0, 1, 1000);
        var config = TestNetworks.Seed004(4, new[] { 0, 1 }, 3.0, 0.02, detector: det, opticalError: 0.02);
        var fast = SiftCounter.Run(config, perPulse: false);
        var slow = SiftCounter.Run(config with { Seed = 99 }, perPulse: true);

        for (int u = 0; u < 2; u++)
        {
            for (int k = 0; k < 3; k++)
            {
                double a = fast.Tally.ClickedGates(u, k), b = slow.Tally.ClickedGates(u, k);
                AssertSame($"user {u} gates with clicks, intensity {k}", a, b, a, b, output);
            }
            var (nf, ef) = fast.Signal(u);
            var (ns, es) = slow.Signal(u);
            double qf = (double)ef / nf, qs = (double)es / ns;
            AssertSame($"user {u} signal QBER", qf, qs, qf * (1 - qf) / nf, qs * (1 - qs) / ns, output);
            double df = fast.Tally.DoubleClicks(u), ds = slow.Tally.DoubleClicks(u);
            AssertSame($"user {u} double clicks", df, ds, df, ds, output);
        }
        for (int cause = 0; cause < 4; cause++)
            AssertSame($"clicks of cause {cause}", fast.ByCause[cause], slow.ByCause[cause], fast.ByCause[cause], slow.ByCause[cause], output);
        AssertSame("empty-bin clicks", fast.EmptyBinRows, slow.EmptyBinRows, fast.EmptyBinRows, slow.EmptyBinRows, output);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void EmittedPulsesSumToPulsesAndFollowTheIntensityLaw()
    {
        var config = TestNetworks.Seed004(8, new[] { 0, 3 }, 10.0, 0.01);
        var engine = new FastAccessNetworkEngine(config, new SiftCounter());
        engine.AdvanceTo(config.SessionGates);
        for (int u = 0; u < 2; u++)
        {
            long[] emitted = engine.EmittedPulsesPerIntensity(u);
            long pulses = config.PulsesInSlot(config.Users[u].Slot, config.SessionGates);
            Assert.Equal(pulses, emitted.Sum());
            for (int k = 0; k < 3; k++)
            {
                // Multinomial count: mean N p_k, variance N p_k (1 - p_k); 5 sigma.
                double p = config.Users[u].Source.Probabilities[k];
                double z = (emitted[k] - pulses * p) / Math.Sqrt(pulses * p * (1 - p));
                Assert.True(Math.Abs(z) < 5, $"user {u} intensity {k}: z = {z:F2}");
            }
        }
    }
}

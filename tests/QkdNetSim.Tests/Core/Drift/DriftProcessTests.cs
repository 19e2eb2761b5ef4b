using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;
using QkdNetSim.Tests.Core.Random;

namespace QkdNetSim.Tests.Core.Drift;

/// <summary>
/// Exactness of the drift transitions. Ensembles of independent processes (one named stream each) are compared with the
/// analytic normal law by <see cref="Stat.MeanAndVariance"/>: 5 standard errors of the sample mean (sqrt(v/N)) and of the
/// sample variance (sqrt(2 v^2 / N), the normal law's mu4 = 3 v^2), so a correct transition fails with a fresh seed about
/// once in a million runs while an Euler step or a wrong variance factor (bias &gt;&gt; 5/sqrt(N) relative) is caught.
/// </summary>
public class DriftProcessTests
{
    private static readonly OrnsteinUhlenbeckParameters Ou = new(meanValue: 1.0, reversionRatePerS: 0.4, noisePerSqrtS: 0.5);

    private static OrnsteinUhlenbeckProcess[] Ensemble(OrnsteinUhlenbeckParameters p, double x0, int n, ulong seed) =>
        Enumerable.Range(0, n).Select(i => new OrnsteinUhlenbeckProcess(p, x0, new RngStreams(seed), DriftStreams.ForUser(i, "x"))).ToArray();

    private static void AssertNormal(IReadOnlyList<double> xs, double mean, double variance, string what) =>
        Stat.MeanAndVariance(xs, mean, variance, 3 * variance * variance, what);

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(1e-3)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void One_exact_step_has_the_conditional_mean_and_variance_of_the_ou_law(double dtS)
    {
        const double x0 = 4.0;
        var xs = Ensemble(Ou, x0, 20_000, 11).Select(p => p.Advance(dtS)).ToArray();
        double mean = 1 + (x0 - 1) * Math.Exp(-0.4 * dtS);
        double variance = 0.25 * (1 - Math.Exp(-0.8 * dtS)) / 0.8;
        AssertNormal(xs, mean, variance, $"OU after {dtS} s");
        Assert.Equal(mean, Ou.ConditionalMean(x0, dtS), 12);
        Assert.Equal(variance, Ou.ConditionalVariance(dtS), 12);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Many_small_irregular_steps_give_the_law_of_one_big_step()
    {
        // 2 s in 400 steps alternating 1 ms and 9 ms: an Euler scheme would give variance sigma^2 T = 0.5 instead of
        // sigma^2 (1 - e^(-2 theta T)) / (2 theta) = 0.25 * 0.9592 / 0.8 = 0.300, far outside 5 standard errors (0.004).
        const double x0 = -2.0, totalS = 2.0;
        var fine = Ensemble(Ou, x0, 10_000, 12);
        foreach (var p in fine)
            for (int k = 0; k < 200; k++) { p.Advance(1e-3); p.Advance(9e-3); }
        var coarse = Ensemble(Ou, x0, 10_000, 13).Select(p => p.Advance(totalS)).ToArray();
        double mean = 1 + (x0 - 1) * Math.Exp(-0.4 * totalS), variance = 0.25 * (1 - Math.Exp(-0.8 * totalS)) / 0.8;
        AssertNormal(fine.Select(p => p.Value).ToArray(), mean, variance, "400 small steps");
        AssertNormal(coarse, mean, variance, "one step");
        Assert.All(fine, p => Assert.Equal(totalS, p.ElapsedS, 9));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_ou_settles_to_the_stationary_variance_sigma_squared_over_two_theta()
    {
        Assert.Equal(0.25 / 0.8, Ou.StationaryVariance, 15);
        // From the mean, after 30/theta the conditional variance differs from the stationary one by e^-60.
        var settled = Ensemble(Ou, 1.0, 20_000, 14).Select(p => p.Advance(30 / 0.4)).ToArray();
        AssertNormal(settled, 1.0, Ou.StationaryVariance, "after 30/theta");
        // A stationary start is stationary at once and stays so after a step.
        var stationary = Enumerable.Range(0, 20_000).Select(i => new OrnsteinUhlenbeckProcess(Ou, new RngStreams(15), DriftStreams.ForUser(i, "x"))).ToArray();
        AssertNormal(stationary.Select(p => p.Value).ToArray(), 1.0, Ou.StationaryVariance, "stationary start");
        AssertNormal(stationary.Select(p => p.Advance(0.7)).ToArray(), 1.0, Ou.StationaryVariance, "stationary after a step");
        Assert.Throws<ArgumentException>(() => new OrnsteinUhlenbeckProcess(new OrnsteinUhlenbeckParameters(0, 0, 1), new RngStreams(1), "x"));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void A_random_walk_spreads_with_variance_D_t_whatever_the_steps()
    {
        var p = new RandomWalkParameters(diffusionPerS: 0.03);
        var walks = Enumerable.Range(0, 20_000).Select(i => new RandomWalkProcess(p, 0.2, new RngStreams(16), DriftStreams.ForUser(i, "w"))).ToArray();
        foreach (var w in walks) { w.Advance(0.5); w.Advance(4.5); w.Advance(15); }
        AssertNormal(walks.Select(w => w.Value).ToArray(), 0.2, 0.03 * 20, "random walk after 20 s");
        // The OU with theta = 0 is the same walk: its conditional variance is sigma^2 dt, and tends to it as theta -> 0.
        Assert.Equal(0.6, new OrnsteinUhlenbeckParameters(0, 0, Math.Sqrt(0.03)).ConditionalVariance(20), 14);
        Assert.Equal(0.6, new OrnsteinUhlenbeckParameters(0, 1e-14, Math.Sqrt(0.03)).ConditionalVariance(20), 10);
    }

    [Fact]
    public void The_same_seed_and_name_give_the_same_sequence_and_another_name_another()
    {
        double[] Run(ulong seed, string name)
        {
            var p = new OrnsteinUhlenbeckProcess(Ou, 0, new RngStreams(seed), name);
            return Enumerable.Range(0, 50).Select(_ => p.Advance(0.1)).ToArray();
        }
        Assert.Equal(Run(7, "user/2/drift/x"), Run(7, "user/2/drift/x"));
        Assert.NotEqual(Run(7, "user/2/drift/x"), Run(7, "user/3/drift/x"));
        Assert.NotEqual(Run(7, "user/2/drift/x"), Run(8, "user/2/drift/x"));
        Assert.Equal("user/2/drift/phase", DriftStreams.ForUser(2, "phase"));
        Assert.Equal("feeder/drift/temperature", DriftStreams.Name("feeder", "temperature"));
        Assert.Throws<ArgumentException>(() => DriftStreams.Name("feeder", "a/b"));
    }

    [Fact]
    public void Zero_noise_keeps_the_mean_constant_and_decays_deterministically_elsewhere()
    {
        var still = new OrnsteinUhlenbeckProcess(new OrnsteinUhlenbeckParameters(2.5, 0.3, 0), 2.5, new RngStreams(1), "a");
        var walk = new RandomWalkProcess(new RandomWalkParameters(0), -1.25, new RngStreams(1), "b");
        var decaying = new OrnsteinUhlenbeckProcess(new OrnsteinUhlenbeckParameters(0, 0.3, 0), 1.0, new RngStreams(1), "c");
        for (int k = 0; k < 100; k++) { still.Advance(0.37); walk.Advance(0.37); decaying.Advance(0.37); }
        Assert.Equal(2.5, still.Value);
        Assert.Equal(-1.25, walk.Value);
        Assert.Equal(Math.Exp(-0.3 * 37), decaying.Value, 12);
    }

    [Fact]
    public void Stepping_allocates_nothing_and_a_zero_or_negative_step_is_handled()
    {
        var p = new OrnsteinUhlenbeckProcess(Ou, 0, new RngStreams(3), "x");
        for (int k = 0; k < 100; k++) p.Advance(k % 2 == 0 ? 1e-3 : 2e-3); // JIT and caches warm
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10_000; k++) p.Advance(k % 2 == 0 ? 1e-3 : 2e-3);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        double v = p.Value;
        Assert.Equal(v, p.Advance(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Advance(-1e-9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrnsteinUhlenbeckParameters(0, -0.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomWalkParameters(-1));
    }
}

using QkdNetSim.Cli.Commands;
using QkdNetSim.Core.Units;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// The pure helpers of bench's "Closer to the limit" section (<see cref="LimitBench"/>, <see cref="LimitBenchChildren"/>,
/// <see cref="SkipAheadLimit"/>): medians and ratios, the summary comparison, the raw loop's counts, the uneven-distance
/// networks. No timing is asserted anywhere: speed is only measured by `qkdnetsim bench`.
/// </summary>
public sealed class LimitBenchTests
{
    [Fact]
    public void Median_is_the_middle_value_or_the_mean_of_the_middle_two_and_NaN_for_none()
    {
        Assert.Equal(2.0, LimitBench.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, LimitBench.Median([4.0, 1.0, 3.0, 2.0]));
        Assert.Equal(7.0, LimitBench.Median([7.0]));
        Assert.True(double.IsNaN(LimitBench.Median([])));
    }

    [Fact]
    public void Ratios_print_with_two_decimals_and_n_a_when_not_finite()
    {
        Assert.Equal("0.50", LimitBench.Ratio(0.5));
        Assert.Equal("1.23", LimitBench.Ratio(1.2345));
        Assert.Equal("n/a", LimitBench.Ratio(double.NaN));
        Assert.Equal("n/a", LimitBench.Ratio(1.0 / 0.0));
    }

    [Fact]
    public void Summaries_that_differ_only_in_wall_time_fields_are_the_same_and_any_other_difference_is_not()
    {
        const string a = """{"run": {"eventsProcessed": 10, "wallTimeS": 1.5, "eventsPerWallSecond": 6.7}, "blocks": [{"wallTimeS": 1}], "x": [1, 2]}""";
        const string b = """{"run": {"eventsProcessed": 10, "wallTimeS": 0.9, "eventsPerWallSecond": 11.1}, "blocks": [{"wallTimeS": 2}], "x": [1, 2]}""";
        const string c = """{"run": {"eventsProcessed": 11, "wallTimeS": 1.5, "eventsPerWallSecond": 6.7}, "blocks": [{"wallTimeS": 1}], "x": [1, 2]}""";
        const string d = """{"run": {"eventsProcessed": 10, "wallTimeS": 1.5, "eventsPerWallSecond": 6.7}, "blocks": [{"wallTimeS": 1}], "x": [2, 1]}""";
        Assert.True(LimitBench.SameExceptWallTime(a, b));
        Assert.False(LimitBench.SameExceptWallTime(a, c));
        Assert.False(LimitBench.SameExceptWallTime(a, d));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 1L)]
    [InlineData(SkipAheadLimit.ChunkEntries, 1L)]
    [InlineData(2L * SkipAheadLimit.ChunkEntries + 123, 3L)]
    public void The_raw_loop_appends_every_event_once_in_chunks_of_64Ki(long events, long chunks)
    {
        var r = SkipAheadLimit.Run(events);
        Assert.Equal(events, r.Events);
        Assert.Equal(events, r.Appended);
        Assert.Equal(chunks, r.Chunks);
        Assert.True(r.Gates >= events, $"{r.Gates} gates for {events} events: every event takes at least one gate");
        Assert.True(r.Afterpulses <= events);
    }

    [Fact]
    public void The_raw_loop_gives_the_same_counts_for_the_same_seed()
    {
        var a = SkipAheadLimit.Run(100_000, seed: 7);
        var b = SkipAheadLimit.Run(100_000, seed: 7);
        var c = SkipAheadLimit.Run(100_000, seed: 8);
        Assert.Equal(a with { LoopS = 0 }, b with { LoopS = 0 });
        Assert.NotEqual(a.Gates, c.Gates);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_raw_loop_draws_gaps_of_mean_1_over_p_and_afterpulses_with_probability_0_045()
    {
        const long n = 1_000_000;
        var r = SkipAheadLimit.Run(n, seed: 3);
        double p = SkipAheadLimit.ClickProbabilityPerGate, q = SkipAheadLimit.AfterpulseProbability;
        // Gates per event: 1 + Geometric failures, mean 1/p and variance (1 - p)/p^2; the mean of n has sd sqrt((1 - p)/n)/p.
        double meanGap = (double)r.Gates / n, gapSd = Math.Sqrt((1 - p) / n) / p;
        Assert.True(Math.Abs(meanGap - 1 / p) < 5 * gapSd, $"mean gap {meanGap} vs {1 / p} (sd {gapSd})");
        // Afterpulse candidates: Binomial(n, q) up to the 2^-32 resolution of the comparison.
        double apSd = Math.Sqrt(n * q * (1 - q));
        Assert.True(Math.Abs(r.Afterpulses - n * q) < 5 * apSd, $"{r.Afterpulses} afterpulses vs {n * q} (sd {apSd})");
    }

    [Fact]
    public void The_equal_rate_distance_gives_the_mean_transmittance_of_the_uneven_users()
    {
        double[] lengths = LimitBenchChildren.UnevenDistancesKm;
        double same = LimitBenchChildren.EqualRateDistanceKm(lengths, 0.2);
        double mean = lengths.Average(l => Decibels.ToTransmittance(Decibels.FibreLossDb(l, 0.2)));
        Assert.Equal(mean, Decibels.ToTransmittance(Decibels.FibreLossDb(same, 0.2)), 12);
        Assert.InRange(same, lengths.Min(), lengths.Max());
        Assert.Equal(12.5, LimitBenchChildren.EqualRateDistanceKm([12.5, 12.5], 0.2), 10);
    }

    [Fact]
    public void The_eight_user_network_is_the_built_in_one_with_a_user_per_bin_and_port_at_the_given_lengths()
    {
        double[] lengths = LimitBenchChildren.UnevenDistancesKm;
        var loaded = ScenarioLoader.LoadFromText(LimitBenchChildren.EightUserYaml(lengths), BuiltInScenarios.DefaultVirtualPath, ["durationS=0.001"]);
        var builtIn = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, ["durationS=0.001"]);
        Assert.Equal(8, loaded.Users.Count);
        Assert.Equal(Enumerable.Range(0, 8), loaded.Users.Select(u => u.Slot));
        Assert.Equal(Enumerable.Range(0, 8), loaded.Users.Select(u => u.Port));
        Assert.Equal(lengths, loaded.Users.Select(u => u.FibreLengthKm));
        Assert.Equal(builtIn.Scenario.Receiver.Detector.AfterpulseProbability, loaded.Scenario.Receiver.Detector.AfterpulseProbability);
        Assert.Equal(builtIn.Users[0].Intensities, loaded.Users[0].Intensities);
    }

    [Fact]
    public void The_run_commands_are_the_default_tally_only_run_with_workers_only_when_asked()
    {
        Assert.Equal(["run", "--no-log", "--quiet", "--duration", "60", "--out", "D"], LimitBench.RunArgs(60, null, "D"));
        Assert.Equal(["run", "--no-log", "--quiet", "--duration", "300", "--workers", "1", "--out", "D"], LimitBench.RunArgs(300, 1, "D"));
    }
}

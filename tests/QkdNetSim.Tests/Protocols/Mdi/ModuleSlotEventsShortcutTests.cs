using QkdNetSim.Core.Random;
using QkdNetSim.Protocols.Mdi;
using Xunit;

namespace QkdNetSim.Tests.Protocols.Mdi;

/// <summary>
/// The samplers' shortcuts (<see cref="ModuleSlotEvents"/>) decide what the exact evaluations decide, with the same draws:
/// a slot with surely no event, the candidate acceptance by Taylor bounds, a zero-truncated count of surely 1, and the
/// skipped standard normal. Exact comparisons (same events, same generator state), not statistics.
/// </summary>
public class ModuleSlotEventsShortcutTests
{
    private static BsmOptics Optics(MdiNetworkConfig c)
    {
        var table = new UserStateTable(c.Users[0].Encoder);
        return new BsmOptics(c.Modules[0], table, table, c.Timing);
    }

    /// <summary>Seed 002 at 15 dB per user, a bright channel (the exact path often), no drift, no darks, bright darks, a delay.</summary>
    public static TheoryData<string> Modules => new()
    {
        "seed002 15 dB", "bright", "no phase drift", "no darks", "bright darks", "delay and unequal detectors",
    };

    private static MdiNetworkConfig Config(string name) => name switch
    {
        "seed002 15 dB" => MdiTestNetworks.Pair(0.0316),
        "bright" => MdiTestNetworks.Pair(0.8),
        "no phase drift" => MdiTestNetworks.Pair(0.3, linewidthHz: 0),
        "no darks" => MdiTestNetworks.Pair(0.3, detector: MdiTestNetworks.Snspd(darkHz: 0)),
        "bright darks" => MdiTestNetworks.Pair(0.0316, detector: MdiTestNetworks.Snspd(darkHz: 5e6)),
        _ => MdiTestNetworks.Pair(0.3, polarizationOverlap: 0.9, delayPs: 300, detector: MdiTestNetworks.Snspd(0.6, 1e4)),
    };

    private static ModuleSlotEvents.View NewView() =>
        new() { Count = new int[2], TimePs = new long[2 * ModuleSlotEvents.Capacity], Origin = new EventOrigin[2 * ModuleSlotEvents.Capacity] };

    private static void AssertSameEvents(ModuleSlotEvents.View a, ModuleSlotEvents.View b)
    {
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(b.Count[k], a.Count[k]);
            for (int q = 0; q < a.Count[k]; q++)
            {
                Assert.Equal(b.TimePs[k * ModuleSlotEvents.Capacity + q], a.TimePs[k * ModuleSlotEvents.Capacity + q]);
                Assert.Equal(b.Origin[k * ModuleSlotEvents.Capacity + q], a.Origin[k * ModuleSlotEvents.Capacity + q]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Unconditioned_slots_have_the_events_and_draws_of_the_exact_sampler(string name)
    {
        var c = Config(name);
        var o = Optics(c);
        var rng = new Xoshiro256(1234);
        var shortcut = NewView();
        var exact = NewView();
        int withEvents = 0;
        for (int slot = 0; slot < 20_000; slot++)
        {
            int pair = slot % o.PairCount;
            var a = rng;
            var b = rng;
            ModuleSlotEvents.SampleUnconditioned(o, pair, c.Timing, ref a, shortcut);
            ModuleSlotEvents.SampleUnconditionedExact(o, pair, c.Timing, ref b, exact);
            AssertSameEvents(shortcut, exact);
            Assert.Equal(b.NextUInt64(), a.NextUInt64());
            if (exact.Count[0] + exact.Count[1] > 0) withEvents++;
            rng = a;
        }
        Assert.True(withEvents > 0, "no slot had an event: the exact path was never compared");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void The_no_event_bound_is_below_e_to_the_minus_mean_at_every_phase(string name)
    {
        var c = Config(name);
        var o = Optics(c);
        var phis = Enumerable.Range(0, 64).Select(k => 2 * Math.PI * k / 64).Append(Math.PI).ToArray(); // cos(phi) = 1 and -1 included
        for (int pair = 0; pair < o.PairCount; pair++)
            foreach (double phi in phis)
                // the late phase at 0 and pi (cos = +-1) and in between
                foreach (double late in new[] { 0.0, Math.PI, 1.0, 2.5 })
                {
                    double delta = late - phi - o.LatePhase(pair);
                    o.ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
                    double[] means = [m0e, m0l, m1e, m1l];
                    for (int mode = 0; mode < 4; mode++)
                        Assert.True(Math.Exp(-means[mode]) >= o.NoneBelow(pair, mode),
                            $"pair {pair} mode {mode}: e^-mean {Math.Exp(-means[mode]):R} below the bound {o.NoneBelow(pair, mode):R}");
                }
    }

    [Fact]
    public void The_candidate_acceptance_decides_as_the_product_of_the_exact_probabilities()
    {
        double[] totals = [0, 1e-300, 1e-12, 1e-6, 3e-3, 0.03, 0.3, 0.7, 0.999999, 1, 1.2, 5, 40];
        var rng = new Xoshiro256(99);
        foreach (double t0 in totals)
            foreach (double t1 in totals)
            {
                double p = -Samplers.ExpM1(-t0) * -Samplers.ExpM1(-t1);
                var coins = new List<double> { 0, p, 1, Math.BitDecrement(p), Math.BitIncrement(p) };
                foreach (double rel in new[] { 1e-16, 1e-12, 1e-9, 1e-6, 1e-4, 1e-2 })
                {
                    coins.Add(p * (1 - rel));
                    coins.Add(p * (1 + rel));
                }
                for (int k = 0; k < 200; k++) coins.Add(rng.NextDouble() * Math.Min(1, 2 * p + 1e-300));
                foreach (double coin in coins)
                    Assert.True(ModuleSlotEvents.BothBelow(coin, t0, t1) == !(coin >= p), $"coin {coin:R}, totals {t0:R} {t1:R}");
            }
    }

    [Fact]
    public void A_zero_truncated_count_of_surely_one_is_the_count_and_draws_of_the_exact_sampler()
    {
        foreach (double mean in new[] { 1e-12, 1e-6, 1e-3, 0.05, 0.5, 0.999, 1, 2, 9 })
        {
            var rng = new Xoshiro256(5);
            for (int k = 0; k < 20_000; k++)
            {
                var a = rng;
                var b = rng;
                int shortcut = ModuleSlotEvents.SurelyOne(ref a, mean) ? 1 : Samplers.ZeroTruncatedPoisson(ref a, mean);
                int exact = Samplers.ZeroTruncatedPoisson(ref b, mean);
                Assert.Equal(exact, shortcut);
                Assert.Equal(b.NextUInt64(), a.NextUInt64());
                rng = a;
            }
        }
    }

    [Fact]
    public void Skipping_a_standard_normal_draws_what_the_sampler_draws()
    {
        var rng = new Xoshiro256(2024);
        for (int k = 0; k < 100_000; k++)
        {
            var a = rng;
            var b = rng;
            ModuleSlotEvents.SkipStandardNormal(ref a);
            Samplers.StandardNormal(ref b);
            Assert.Equal(b.NextUInt64(), a.NextUInt64());
            rng = a;
        }
    }
}

using QkdNetSim.Analysis;
using QkdNetSim.Detectors;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

public sealed class EpochSessionRunnerTests
{
    /// <summary>
    /// A busy network whose secondary clicks and hold-off cross most epoch boundaries: four users at 5 dB on 4 bins (about
    /// 0.02 clicks per gate), 20 % afterpulses released over 2 us (2000 gates: about 8 pending at any time), crosstalk,
    /// 3 gates of hold-off; 2 ms in epochs of 50 us (40 epochs).
    /// </summary>
    private static AccessNetworkConfig Busy(double epochS = 50e-6, int holdoffGates = 3) =>
        TestNetworks.Seed004(4, [0, 1, 2, 3], 5.0, 2e-3, seed: 21,
            detector: new GatedApdModel(0.15, 8e-6, 0.2, [2_000_000.0], [1.0], 0.05, 2.0, holdoffGates, 1000)) with { EpochS = epochS };

    private sealed record Fingerprint(string Counts);

    private static string Counts(DetectionTally t, EngineCounters c, long[][] emitted, int users)
    {
        var parts = new List<long> { c.ClickRows, c.DetectionGates, c.PrimaryEvents };
        parts.AddRange(c.ClicksByCause);
        for (int u = 0; u < users; u++)
        {
            foreach (var row in t.SiftedCountsFor(u)) parts.AddRange(row);
            foreach (var row in t.ErrorCountsFor(u)) parts.AddRange(row);
            for (int k = 0; k < 3; k++) { parts.Add(t.ClickedGates(u, k)); parts.Add(t.ClickRows(u, k)); }
            parts.Add(t.DoubleClicks(u));
            parts.AddRange(emitted[u]);
        }
        for (int b = 0; b < t.BinCount; b++) { parts.Add(t.BinClickRows(b)); parts.Add(t.BinNoiseClickRows(b)); }
        return string.Join(",", parts);
    }

    private static (string Counts, long FixedUp) Parallel(AccessNetworkConfig config, int workers)
    {
        var r = EpochSessionRunner.Run(config, () => new EpochSinks(0), (into, from, sign) => into.Accumulate(from, sign), workers);
        Assert.False(r.Session.Interrupted);
        Assert.Equal(config.SessionGates, r.Session.SimulatedGates);
        return (Counts(r.Observer.Tally, r.Counters, r.EmittedPulses, config.Users.Count), r.FixedUpEpochs);
    }

    /// <summary>The kernel-driven session: one engine through every epoch, every clicked gate one at a time.</summary>
    private static string Sequential(AccessNetworkConfig config)
    {
        var sinks = new EpochSinks(0);
        var session = new AccessNetworkSession(config, perPulse: false, sink: null, drawTruthPhotons: false, gateObserver: sinks);
        session.Run();
        var emitted = config.Users.Select(u => session.Engine.EmittedPulsesPerIntensity(u.Index)).ToArray();
        return Counts(sinks.Tally, session.Engine.Counters, emitted, config.Users.Count);
    }

    [Fact]
    public void Epochs_give_the_same_counts_for_one_two_and_three_workers_and_as_one_engine_through_all_epochs()
    {
        var config = Busy();
        var (one, fixedUp) = Parallel(config, 1);
        Assert.True(fixedUp >= 30, $"only {fixedUp} of 40 epochs started with secondary clicks or hold-off pending: the test would not exercise the fix-up");
        Assert.Equal(one, Parallel(config, 2).Counts);
        Assert.Equal(one, Parallel(config, 3).Counts);
        Assert.Equal(one, Sequential(config));
    }

    [Fact]
    public void The_fix_up_runs_on_until_nothing_differs_when_secondaries_outlast_an_epoch()
    {
        // Epochs of 20 gates against afterpulse delays of ~2000 gates: what an epoch hands on reaches several epochs ahead,
        // cascades included, and many epochs never meet the idle run within their span.
        var config = Busy(epochS: 20e-9) with { DurationS = 2e-5 };
        var (one, fixedUp) = Parallel(config, 1);
        Assert.True(fixedUp > 0);
        Assert.Equal(one, Parallel(config, 3).Counts);
        Assert.Equal(one, Sequential(config));
    }

    [Fact]
    public void The_epoch_length_is_part_of_the_model_and_the_worker_count_is_not()
    {
        var a = Parallel(Busy(epochS: 50e-6), 2).Counts;
        var b = Parallel(Busy(epochS: 100e-6), 2).Counts;
        Assert.NotEqual(a, b); // other epochs, other streams
    }

    [Fact]
    public void A_cancelled_session_keeps_the_epochs_done()
    {
        var config = Busy() with { DurationS = 0.01 }; // 200 epochs
        using var cancel = new CancellationTokenSource();
        int made = 0;
        var r = EpochSessionRunner.Run(config, () =>
            {
                if (Interlocked.Increment(ref made) == 30) cancel.Cancel(); // Ctrl+C while the 30th run starts
                return new EpochSinks(0);
            }, (into, from, sign) => into.Accumulate(from, sign), 2, cancel: cancel.Token);
        Assert.True(r.Session.Interrupted);
        Assert.InRange(r.Session.SimulatedGates, 1, config.SessionGates - 1);
        // What was kept is exactly a shorter session's counts.
        var shorter = config with { DurationS = r.Session.SimulatedGates / config.GateRateHz };
        var (again, _) = Parallel(shorter, 1);
        Assert.Equal(again, Counts(r.Observer.Tally, r.Counters, r.EmittedPulses, config.Users.Count));
    }
}

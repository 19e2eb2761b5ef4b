using QkdNetSim.Analysis;
using QkdNetSim.Core.Kernel;
using QkdNetSim.Detectors;
using QkdNetSim.Protocols.AccessNetwork;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

/// <summary>
/// The block-sampling engine against the fast skip-ahead engine (itself checked against the per-pulse reference), on
/// small networks with independent streams. Each compared count is a sum of many weakly dependent indicators, so
/// z = (a - b) / sqrt(var_a + var_b) with Poisson variances (var = count; clicks are rare per gate) is ~N(0, 1); |z| &lt; 5
/// gives a false alarm ~6e-7 per comparison while a 2% modelling error in a count of 1e5 shifts z by ~4.5.
/// </summary>
public class BlockSamplingEngineTests(ITestOutputHelper output)
{
    /// <summary>The analysis tally fed with counts, and the spans it saw.</summary>
    private sealed class CountTally : IGateCountObserver
    {
        public DetectionTally Tally { get; } = new();
        public List<long> SpanEnds { get; } = [];
        public long EmptyBinRows;

        public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
        {
            if (SpanEnds.Count == 0 || SpanEnds[^1] != endGate) SpanEnds.Add(endGate);
            Tally.AddGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
            if (user < 0) EmptyBinRows += count * ((detectorMask & 1) + (detectorMask >> 1));
        }
    }

    /// <summary>Runs the block engine over the session in uneven spans (7 calls), so span boundaries are exercised.</summary>
    private static (CountTally Counts, BlockSamplingAccessEngine Engine) RunBlocks(AccessNetworkConfig config)
    {
        var counts = new CountTally();
        var engine = new BlockSamplingAccessEngine(config) { CountObserver = counts };
        long g = config.SessionGates;
        foreach (long end in new[] { 1, g / 97, g / 5, g / 3 + 11, g / 2, 4 * g / 5 + 3, g }) engine.AdvanceTo(end);
        counts.Tally.Complete();
        return (counts, engine);
    }

    private void AssertSame(string what, double a, double b, double varA, double varB, double bias = 0)
    {
        double z = (Math.Abs(a - b) - bias) / Math.Sqrt(Math.Max(varA + varB, 1e-300));
        output.WriteLine($"{what}: blocks {a:G7} fast {b:G7} (allowed bias {bias:G3}) z = {z:F2}");
        Assert.True(z < 5, $"{what}: blocks {a} vs fast {b}, allowed bias {bias}, z = {z:F2}");
    }

    private void CompareUsers(DetectionTally blocks, DetectionTally fast, int users, Func<double, double> bias)
    {
        for (int u = 0; u < users; u++)
        {
            for (int k = 0; k < 3; k++)
            {
                double a = blocks.ClickedGates(u, k), b = fast.ClickedGates(u, k);
                AssertSame($"user {u} gates with clicks, intensity {k}", a, b, a, b, bias(a));
            }
            for (int basis = 0; basis < 2; basis++)
            {
                double na = 0, nb = 0, ea = 0, eb = 0;
                for (int k = 0; k < 3; k++)
                {
                    na += blocks.SiftedCount(u, basis, k); nb += fast.SiftedCount(u, basis, k);
                    ea += blocks.ErrorCount(u, basis, k); eb += fast.ErrorCount(u, basis, k);
                }
                AssertSame($"user {u} sifted, basis {basis}", na, nb, na, nb, bias(na));
                AssertSame($"user {u} errors, basis {basis}", ea, eb, ea, eb, bias(ea));
            }
        }
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Without_secondaries_blocks_and_the_fast_engine_agree_in_distribution()
    {
        // No afterpulses, crosstalk or hold-off: the block engine's law is then exact. Exaggerated dark counts so the
        // empty bins and the dark-count errors have >= 1e4 events; 4 bins, users in bins 0 and 1; 3e7 gates.
        var det = new GatedApdModel(0.15, 5e-4, 0, new[] { 30_000.0 }, new[] { 1.0 }, 0, 1.0, 0, 1000);
        var config = TestNetworks.Seed004(4, new[] { 0, 1 }, 3.0, 0.03, detector: det, opticalError: 0.02);
        var (blocks, engine) = RunBlocks(config);
        var fast = SiftCounter.Run(config with { Seed = 99 }, perPulse: false);
        CompareUsers(blocks.Tally, fast.Tally, 2, _ => 0);
        for (int u = 0; u < 2; u++)
            AssertSame($"user {u} double clicks", blocks.Tally.DoubleClicks(u), fast.Tally.DoubleClicks(u), blocks.Tally.DoubleClicks(u), fast.Tally.DoubleClicks(u));
        AssertSame("empty-bin clicks", blocks.EmptyBinRows, fast.EmptyBinRows, blocks.EmptyBinRows, fast.EmptyBinRows);
        for (int cause = 0; cause < 2; cause++)
            AssertSame($"clicks of cause {cause}", engine.Counters.ClicksByCause[cause], fast.ByCause[cause], engine.Counters.ClicksByCause[cause], fast.ByCause[cause]);
        Assert.Equal(0, engine.Counters.ClicksByCause[2] + engine.Counters.ClicksByCause[3]);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void With_afterpulses_crosstalk_and_hold_off_blocks_differ_from_the_fast_engine_by_at_most_the_coincidences_they_neglect()
    {
        // The exaggerated detector of FastMatchesPerPulseTests (afterpulses 8%, crosstalk 5%, hold-off H = 1 gate). The block
        // engine neglects (class comment) a secondary landing on a gate that already has a click: the fast engine merges
        // it (same detector) or makes a double click (other detector). Each of the s secondaries does so with probability
        // at most p_max (the largest per-gate click probability of a bin), so about p_max s of the C clicked gates differ,
        // spread over the categories roughly in proportion to their counts: a count c may be biased by c p_max s / C. The
        // hold-off survival factor is first order in H q; its neglected second order adds c (H p_max)^2. Beyond that bias,
        // 5 sigma as above. (Without the bias, every count below agrees within ~2 sigma at this seed: the neglected terms
        // are below the statistics of a 2e7-gate session.)
        var det = new GatedApdModel(0.15, 2e-4, 0.08, new[] { 30_000.0 }, new[] { 1.0 }, 0.05, 1.0, 1, 1000);
        var config = TestNetworks.Seed004(4, new[] { 0, 1 }, 3.0, 0.02, detector: det, opticalError: 0.02);
        var (blocks, engine) = RunBlocks(config);
        var fast = SiftCounter.Run(config with { Seed = 99 }, perPulse: false);
        double pMax = config.Users.Max(u => PrimaryClickModel.ForUser(config, u).ClickProbability);
        double secondaries = fast.ByCause[2] + fast.ByCause[3], clicks = fast.ByCause.Sum(), h = det.HoldoffGates;
        Func<double, double> bias = count => count * pMax * (secondaries / clicks + h * h * pMax);
        output.WriteLine($"p_max = {pMax:G3}, secondaries {secondaries} of {clicks} clicks");
        CompareUsers(blocks.Tally, fast.Tally, 2, bias);
        for (int cause = 0; cause < 4; cause++)
        {
            double a = engine.Counters.ClicksByCause[cause], b = fast.ByCause[cause];
            AssertSame($"clicks of cause {cause}", a, b, a, b, bias(a));
        }
        for (int u = 0; u < 2; u++)
        {
            double a = blocks.Tally.DoubleClicks(u), b = fast.Tally.DoubleClicks(u);
            AssertSame($"user {u} double clicks", a, b, a, b, bias(a));
        }
        AssertSame("empty-bin clicks", blocks.EmptyBinRows, fast.EmptyBinRows, blocks.EmptyBinRows, fast.EmptyBinRows, bias(blocks.EmptyBinRows));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Emitted_pulses_per_intensity_are_exact_over_uneven_spans()
    {
        var config = TestNetworks.Seed004(8, new[] { 0, 3 }, 10.0, 0.01);
        var (_, engine) = RunBlocks(config);
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

    [Fact]
    [Trait("Category", "Statistical")]
    public void A_kernel_process_that_cuts_a_link_halfway_changes_the_counts_from_that_gate_on()
    {
        // Seed-004 detector without secondaries (so counts are primary clicks only, exact). At half the session a
        // schedule process sets user 0's transmittance to a quarter and switches user 1 off; the spans before and after
        // must give ClickProbability x gates of the law in force, 5 Poisson sigma each (clicks are rare per gate).
        var det = new GatedApdModel(0.15, 8e-6, 0, new[] { 30_000.0 }, new[] { 1.0 }, 0, 1.0, 0, 1000);
        var config = TestNetworks.Seed004(4, new[] { 0, 2 }, 3.0, 0.02, detector: det);
        long half = config.SessionGates / 2;
        var counts = new PerSpanCounts { Half = half };
        var engine = new BlockSamplingAccessEngine(config) { CountObserver = counts, SpanBoundaryGates = half };
        var session = new StepSession(engine, config.SessionGates, config.GatePeriodPs);
        session.Start(Schedule(engine, half * config.GatePeriodPs));
        session.Run();
        Assert.Equal(config.SessionGates, engine.ProcessedUntilGate);

        var cut = config.Users[0] with { ChannelTransmittance = config.Users[0].ChannelTransmittance * 0.25 };
        var empty = PrimaryClickModel.ForEmptyBin(config);
        (double Before, double After)[] expected =
        {
            (PrimaryClickModel.ForUser(config, config.Users[0]).ClickProbability, PrimaryClickModel.ForUser(config, cut).ClickProbability),
            (PrimaryClickModel.ForUser(config, config.Users[1]).ClickProbability, 0),
        };
        for (int u = 0; u < 2; u++)
        {
            long pulsesBefore = config.PulsesInSlot(config.Users[u].Slot, half);
            long pulsesAfter = config.PulsesInSlot(config.Users[u].Slot, config.SessionGates) - pulsesBefore;
            foreach (var (what, observed, mean) in new[]
                     {
                         ("before", counts.Before[u], expected[u].Before * pulsesBefore),
                         ("after", counts.After[u], expected[u].After * pulsesAfter),
                     })
            {
                output.WriteLine($"user {u} {what}: {observed} clicked gates, expected {mean:F0}");
                if (mean == 0) Assert.Equal(0, observed);
                else Assert.True(Math.Abs(observed - mean) < 5 * Math.Sqrt(mean), $"user {u} {what}: {observed} vs {mean:F0}");
            }
        }
        // User 1's bin is an empty bin after the cut: dark counts only.
        long binAfter = counts.EmptyAfter;
        double darkMean = empty.ClickProbability * (config.PulsesInSlot(2, config.SessionGates) - config.PulsesInSlot(2, half))
                          + empty.ClickProbability * (config.PulsesInSlot(1, config.SessionGates) + config.PulsesInSlot(3, config.SessionGates)
                                                      - config.PulsesInSlot(1, half) - config.PulsesInSlot(3, half));
        Assert.True(Math.Abs(binAfter - darkMean) < 5 * Math.Sqrt(darkMean), $"empty-bin gates after the cut: {binAfter} vs {darkMean:F0}");
        // Emitted pulses: user 1 sent nothing after it left.
        Assert.Equal(config.PulsesInSlot(2, half), engine.EmittedPulsesPerIntensity(1).Sum());
    }

    private static IEnumerable<Await> Schedule(BlockSamplingAccessEngine engine, long atPs)
    {
        yield return Await.Timeout(atPs);
        engine.SetLinkState(0, engine.GetLinkState(0) with { TransmittanceFactor = 0.25 });
        engine.SetLinkState(1, engine.GetLinkState(1) with { Active = false });
    }

    /// <summary>Clicked gates per user before and after the session's midpoint (spans are cut there).</summary>
    private sealed class PerSpanCounts : IGateCountObserver
    {
        public readonly long[] Before = new long[2], After = new long[2];
        public long EmptyAfter;
        public long Half { get; init; }

        public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
        {
            bool after = endGate > Half;
            if (user >= 0) (after ? After : Before)[user] += count;
            else if (after) EmptyAfter += count;
        }
    }

    [Fact]
    public void Spans_are_cut_at_block_boundaries()
    {
        var config = TestNetworks.Seed004(8, new[] { 0, 3 }, 10.0, 0.001);
        var counts = new CountTally();
        var engine = new BlockSamplingAccessEngine(config) { CountObserver = counts, SpanBoundaryGates = 300_000 };
        engine.AdvanceTo(450_000);
        engine.AdvanceTo(config.SessionGates);
        Assert.Equal(new long[] { 300_000, 450_000, 600_000, 900_000, 1_000_000 }, counts.SpanEnds);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void With_timing_polarization_and_phase_changed_mid_session_the_blocks_match_the_fast_engine()
    {
        // The change of TimeVaryingLinkTests (user 0's light 880 ps late into user 1's gate; user 1's overlap 0.6 with
        // satellites one period away and a 0.3 rad phase error) at half the session; no secondaries, so the blocks engine is
        // exact and both draw the same per-gate laws (PrimaryClickModel.ForSlots). Per half: clicked gates per user and
        // intensity, signal sifted bits and errors per basis, empty-bin clicks; Poisson variances, 5 sigma.
        var det = new GatedApdModel(0.15, 2e-5, 0, new[] { 30_000.0 }, new[] { 1.0 }, 0, 1.0, 0, 1000);
        var config = TestNetworks.Seed004(4, new[] { 0, 1 }, 3.0, 0.01, detector: det, opticalError: 0.01) with { InterferometerDelayPs = 1000 };
        long half = config.SessionGates / 2;
        var blocks = new[] { new CountTally(), new CountTally() };
        var engine = new BlockSamplingAccessEngine(config) { CountObserver = new HalfSplit(blocks, half), SpanBoundaryGates = half };
        var session = new StepSession(engine, config.SessionGates, config.GatePeriodPs);
        session.Start(Change(engine, half * config.GatePeriodPs));
        session.Run();
        var fast = new[] { new CountTally(), new CountTally() };
        var fastSession = new AccessNetworkSession(config with { Seed = 77 }, perPulse: false, sink: null, gateObserver: new GateSplit(fast, half));
        fastSession.AddProcess(_ => Change(fastSession.Engine, half * config.GatePeriodPs));
        fastSession.Run();
        for (int h = 0; h < 2; h++)
        {
            blocks[h].Tally.Complete();
            fast[h].Tally.Complete();
            for (int u = 0; u < 2; u++)
            {
                for (int k = 0; k < 2; k++)
                {
                    double a = blocks[h].Tally.ClickedGates(u, k), b = fast[h].Tally.ClickedGates(u, k);
                    AssertSame($"half {h} user {u} clicked gates, intensity {k}", a, b, a, b);
                }
                for (int basis = 0; basis < 2; basis++)
                {
                    double n1 = blocks[h].Tally.SiftedCount(u, basis, 0), n2 = fast[h].Tally.SiftedCount(u, basis, 0);
                    AssertSame($"half {h} user {u} basis {basis} signal sifted", n1, n2, n1, n2);
                    double e1 = blocks[h].Tally.ErrorCount(u, basis, 0), e2 = fast[h].Tally.ErrorCount(u, basis, 0);
                    AssertSame($"half {h} user {u} basis {basis} signal errors", e1, e2, e1, e2);
                }
            }
            AssertSame($"half {h} empty-bin clicks", blocks[h].EmptyBinRows, fast[h].EmptyBinRows, blocks[h].EmptyBinRows, fast[h].EmptyBinRows);
        }
    }

    private static IEnumerable<Await> Change(AccessNetworkEngine engine, long atPs)
    {
        yield return Await.Timeout(atPs);
        engine.SetLinkState(0, engine.GetLinkState(0) with { TimingOffsetPs = 880 });
        engine.SetLinkState(1, engine.GetLinkState(1) with { PolarizationOverlap = 0.6, PhaseErrorRad = 0.3 });
    }

    private sealed class HalfSplit(CountTally[] halves, long half) : IGateCountObserver
    {
        public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count) =>
            halves[endGate > half ? 1 : 0].OnGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
    }

    private sealed class GateSplit(CountTally[] halves, long half) : IGateObserver
    {
        public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask) =>
            halves[gate >= half ? 1 : 0].OnGates(gate + 1, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, 1);
    }
}

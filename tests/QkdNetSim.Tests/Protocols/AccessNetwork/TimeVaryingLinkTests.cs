using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.AccessNetwork;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

/// <summary>
/// Link states that change during a session (issue 12): timing offsets of any size, loss steps, polarization satellites
/// and phase errors, applied by kernel processes. Counts of clicked gates are sums of independent per-gate indicators
/// with small probabilities, so their variance is the mean (Poisson); |z| &lt; 5 gives a false alarm ~6e-7 per check,
/// while a 2 % modelling error in a count of 1e5 moves z by ~6.
/// </summary>
public class TimeVaryingLinkTests(ITestOutputHelper output)
{
    /// <summary>No afterpulses or crosstalk, so every click is a primary click with a closed-form probability.</summary>
    private static readonly GatedApdModel Clean = new(0.15, 1e-6, 0, new[] { 2.0e6 }, new[] { 1.0 }, 0, 1.0, 0, 1000);

    /// <summary>Clicked gates per bin, split at <see cref="SplitGate"/>.</summary>
    private sealed class BinCounter(int bins, long splitGate) : IGateObserver
    {
        public long SplitGate { get; } = splitGate;
        public long[] Before { get; } = new long[bins];
        public long[] After { get; } = new long[bins];
        public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask) =>
            (gate < SplitGate ? Before : After)[timeBin]++;
    }

    private void AssertCount(string what, double observed, double expected)
    {
        double z = (observed - expected) / Math.Sqrt(Math.Max(expected, 1));
        output.WriteLine($"{what}: observed {observed} expected {expected:F1} z = {z:F2}");
        Assert.True(Math.Abs(z) < 5, $"{what}: observed {observed}, expected {expected:F1}, z = {z:F2}");
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(false)]
    [InlineData(true)]
    public void A_timing_offset_swept_across_a_gate_period_moves_the_light_from_the_users_bin_into_the_next(bool perPulse)
    {
        // One user in bin 0 of 4, bin 1 empty; each offset runs 2e6 gates (5e5 pulses) with 1 dB loss, so the own bin sees
        // ~1e4 clicks at offset 0; GateTiming's window w(x) (FWHM 200 ps) predicts both bins at every offset.
        var baseConfig = TestNetworks.Seed004(4, new[] { 0 }, 1.0, 0.002, detector: Clean);
        var user = baseConfig.Users[0];
        foreach (double offsetPs in new[] { 0.0, 100, 300, 500, 700, 900, 1000, 40_900 }) // the last: ten frames and 900 ps late
        {
            var config = baseConfig with { Users = [user with { TimingOffsetPs = offsetPs }], Seed = (ulong)(11 + offsetPs) };
            var counter = new BinCounter(4, config.SessionGates);
            AccessNetworkEngine engine = perPulse ? new PerPulseAccessNetworkEngine(config, null) : new FastAccessNetworkEngine(config, null);
            engine.GateObserver = counter;
            engine.AdvanceTo(config.SessionGates);
            long gatesPerBin = config.SessionGates / 4;
            double own = TestNetworks.ClickProbability(config, user, config.PhotonDetectionProbability(user, GateTiming.RelativeEfficiency(offsetPs, 200)));
            double next = TestNetworks.ClickProbability(config, user, config.PhotonDetectionProbability(user, GateTiming.RelativeEfficiency((offsetPs % 4000) - 1000, 200)));
            AssertCount($"offset {offsetPs} ps, own bin", counter.Before[0], gatesPerBin * own);
            AssertCount($"offset {offsetPs} ps, next bin", counter.Before[1], gatesPerBin * next);
        }
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(false)]
    [InlineData(true)]
    public void A_loss_step_at_a_known_time_gives_the_analytic_counts_before_and_after(bool perPulse)
    {
        // Two users in 4 bins; at 2 ms a 3 dB bend appears on user 1's link (a kernel process sets its transmittance factor).
        // 2e6 gates per half; user 0 must be unaffected.
        var config = TestNetworks.Seed004(4, new[] { 0, 2 }, 1.0, 0.004, detector: Clean, seed: 5);
        var session = new AccessNetworkSession(config, perPulse, null);
        long stepPs = 2_000_000_000; // 2 ms of the 4 ms session
        session.AddProcess(s => Bend(s, session.Engine, stepPs));
        var counter = new BinCounter(4, stepPs / config.GatePeriodPs);
        session.Engine.GateObserver = counter;
        var result = session.Run();
        Assert.Equal(config.SessionGates, result.SimulatedGates);

        long gatesPerBinHalf = counter.SplitGate / 4;
        var u0 = config.Users[0];
        var u1 = config.Users[1];
        double bend = Decibels.ToTransmittance(3);
        AssertCount("user 0 before", counter.Before[0], gatesPerBinHalf * TestNetworks.ClickProbability(config, u0, config.PhotonDetectionProbability(u0)));
        AssertCount("user 0 after", counter.After[0], gatesPerBinHalf * TestNetworks.ClickProbability(config, u0, config.PhotonDetectionProbability(u0)));
        AssertCount("user 1 before", counter.Before[2], gatesPerBinHalf * TestNetworks.ClickProbability(config, u1, config.PhotonDetectionProbability(u1)));
        AssertCount("user 1 after", counter.After[2], gatesPerBinHalf * TestNetworks.ClickProbability(config, u1, config.PhotonDetectionProbability(u1) * bend));
        // Every pulse is counted once across the change (the interval closed at the bend is exact).
        Assert.Equal(config.PulsesInSlot(2, config.SessionGates), session.Engine.EmittedPulsesPerIntensity(1).Sum());
    }

    private static IEnumerable<Await> Bend(StepSession s, AccessNetworkEngine engine, long atPs)
    {
        yield return Await.Timeout(atPs);
        var st = engine.GetLinkState(1);
        engine.SetLinkState(1, st with { TransmittanceFactor = Decibels.ToTransmittance(3) });
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void With_a_change_of_timing_polarization_and_phase_mid_session_the_fast_engine_matches_the_per_pulse_reference()
    {
        // Users in bins 0 and 1 of 4. At 2 ms user 0's light moves 880 ps late (mostly into user 1's gate), user 1's
        // polarization overlap drops to 0.6 with a one-period interferometer delay (satellites in bins 0 and 2) and its phase
        // error becomes 0.3 rad. Counts per half: clicked gates per user and intensity, signal sifted bits and errors,
        // empty-bin clicks; z as in FastMatchesPerPulseTests (Poisson variances, binomial for QBER).
        var det = new GatedApdModel(0.15, 2e-5, 0, new[] { 30_000.0 }, new[] { 1.0 }, 0, 1.0, 0, 1000);
        var config = TestNetworks.Seed004(4, new[] { 0, 1 }, 3.0, 0.004, detector: det, opticalError: 0.01) with { InterferometerDelayPs = 1000 };
        var fast = RunChanged(config, perPulse: false);
        var slow = RunChanged(config with { Seed = 99 }, perPulse: true);
        for (int half = 0; half < 2; half++)
        {
            for (int u = 0; u < 2; u++)
            {
                for (int k = 0; k < 2; k++)
                {
                    double a = fast[half].Tally.ClickedGates(u, k), b = slow[half].Tally.ClickedGates(u, k);
                    AssertSame($"half {half} user {u} clicked gates, intensity {k}", a, b, a, b);
                }
                var (nf, ef) = fast[half].Signal(u);
                var (ns, es) = slow[half].Signal(u);
                double qf = (double)ef / nf, qs = (double)es / ns;
                AssertSame($"half {half} user {u} signal QBER", qf, qs, qf * (1 - qf) / nf, qs * (1 - qs) / ns);
            }
            AssertSame($"half {half} empty-bin clicks", fast[half].EmptyBinRows, slow[half].EmptyBinRows, fast[half].EmptyBinRows, slow[half].EmptyBinRows);
        }
        // The change is visible: user 1's QBER rises (user 0's light and its own satellites are uncorrelated with its bits).
        Assert.True((double)fast[1].Signal(1).Errors / fast[1].Signal(1).Sifted > 3 * (double)fast[0].Signal(1).Errors / fast[0].Signal(1).Sifted);
    }

    private void AssertSame(string what, double a, double b, double varA, double varB)
    {
        double z = (a - b) / Math.Sqrt(Math.Max(varA + varB, 1e-300));
        output.WriteLine($"{what}: fast {a:G6} per-pulse {b:G6} z = {z:F2}");
        Assert.True(Math.Abs(z) < 5, $"{what}: fast {a} vs per-pulse {b}, z = {z:F2}");
    }

    /// <summary>Runs the session with the mid-session change; returns the counts of each half (records split at the change's gate).</summary>
    private static SiftCounter[] RunChanged(AccessNetworkConfig config, bool perPulse)
    {
        long changePs = 2_000_000_000;
        long changeGate = changePs / config.GatePeriodPs;
        var halves = new[] { new SiftCounter(), new SiftCounter() };
        var sink = new SplitSink(halves, changeGate);
        var session = new AccessNetworkSession(config, perPulse, sink);
        session.AddProcess(s => Change(session.Engine, changePs));
        session.Run();
        foreach (var h in halves) h.Tally.Complete();
        return halves;
    }

    private static IEnumerable<Await> Change(AccessNetworkEngine engine, long atPs)
    {
        yield return Await.Timeout(atPs);
        engine.SetLinkState(0, engine.GetLinkState(0) with { TimingOffsetPs = 880 });
        engine.SetLinkState(1, engine.GetLinkState(1) with { PolarizationOverlap = 0.6, PhaseErrorRad = 0.3 });
    }

    private sealed class SplitSink(SiftCounter[] halves, long splitGate) : IDetectionSink
    {
        public void Accept(ReadOnlySpan<QkdNetSim.Core.Records.DetectionRecord> batch)
        {
            foreach (var r in batch) halves[r.Gate < splitGate ? 0 : 1].Accept(new[] { r });
        }
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_expected_count_model_sees_a_neighbours_light_that_a_static_offset_puts_in_a_users_gate()
    {
        // User 0 is 850 ps late: its light lands in user 1's gate with w(-150 ps) = 0.21 and is uncorrelated with user 1's bits.
        // User 1's signal sifted bits and errors from the model (first order in the background) against the fast engine;
        // ~1e4 sifted bits and ~1e3 errors, Poisson variances, 5 sigma.
        var config = TestNetworks.Seed004(4, new[] { 0, 1 }, 3.0, 0.01, detector: Clean, seed: 3);
        config = config with { Users = [config.Users[0] with { TimingOffsetPs = 850 }, config.Users[1]] };
        var sim = SiftCounter.Run(config, perPulse: false);
        var model = ExpectedCountsModel.ForUser(config, config.Users[1], config.SessionGates);
        var (sifted, errors) = sim.Signal(1);
        AssertCount("user 1 signal sifted bits", sifted, model.Sifted[0][0] + model.Sifted[1][0]);
        AssertCount("user 1 signal errors", errors, model.Errors[0][0] + model.Errors[1][0]);
        Assert.True(ExpectedCountsModel.SpillProbability(config, 1) > 1e-3);
        Assert.Equal(0, ExpectedCountsModel.SpillProbability(config, 2));
    }
}

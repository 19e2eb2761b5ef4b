using QkdNetSim.Core;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>
/// The `drift:`, `control:` and `schedule:` scenario keys (README "Drifts, control loops and schedules"): validation names the
/// field, absent keys change nothing, zero drift with the loops off gives today's results, the schedule and drift states reach
/// the time series in both seed-004 networks, and disclosed bits leave the key.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ControlScenarioTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static readonly string ScheduleSet =
        "schedule=[{atS: 0.01, user: 1, action: lossStep, lossDb: 3}, {atS: 0.02, feeder: true, action: cut}, {atS: 0.03, feeder: true, action: restore}, {atS: 0.04, user: 0, action: leave}]";

    [Theory]
    [InlineData("drift.stepS=0", "drift.stepS")]
    [InlineData("drift={phase: {noiseRadPerSqrtS: -1}}", "drift.phase.noiseRadPerSqrtS")]
    [InlineData("drift={delay: {feederLengthKm: 50}}", "drift.delay.feederLengthKm")]
    [InlineData("drift={delay: {dropTemperatureK: {noiseKPerSqrtS: -0.1}}}", "drift.delay.dropTemperatureK.noiseKPerSqrtS")]
    [InlineData("control={phase: {sampleBits: 3}}", "control.phase.sampleBits")]
    [InlineData("control={phase: {ditherRad: 2}}", "control.phase.ditherRad")]
    [InlineData("control={timing: {gain: 2}}", "control.timing.gain")]
    [InlineData("control={polarization: {updateIntervalS: 1e-12}}", "control.polarization.updateIntervalS")]
    [InlineData("schedule=[{atS: 1, user: 9, action: cut}]", "schedule.0.user")]
    [InlineData("schedule=[{atS: 1, user: 0, action: bend}]", "schedule.0.action")]
    [InlineData("schedule=[{atS: 1, users: [0], feeder: true, action: cut}]", "schedule.0")]
    [InlineData("schedule=[{atS: -1, feeder: true, action: cut}]", "schedule.0.atS")]
    [InlineData("schedule=[{atS: 1, feeder: true, action: lossStep, lossDb: -3}]", "schedule.0.lossDb")]
    public void A_bad_drift_control_or_schedule_value_is_an_input_error_naming_its_field(string set, string field)
    {
        var path = ModelPath("networks/seed004-fig3a-splitter.yaml");
        ExpectError(() => ScenarioLoader.Load(path, [set]), "--set", field); // the override wrote the field
    }

    [Fact]
    public void A_scenario_that_leaves_the_keys_out_keeps_its_canonical_form_and_a_disabled_loop_adds_nothing()
    {
        var path = ModelPath("networks/seed004-fig3a-splitter.yaml");
        var plain = ScenarioLoader.Load(path, []);
        Assert.DoesNotContain("drift", plain.CanonicalYaml);
        Assert.DoesNotContain("schedule", plain.CanonicalYaml);
        Assert.True(ControlPlanBuilder.Build(plain).IsEmpty);
        Assert.True(ControlPlanBuilder.Build(ScenarioLoader.Load(path, ["control={phase: {enabled: false}}"])).IsEmpty);
    }

    private (RunSummary Summary, string Dir) Run(string name, string scenario, params string[] sets)
    {
        var (kind, loaded) = RunPipeline.Load(ModelPath(scenario), ["durationS=0.05", "log.enabled=false", .. sets]);
        string dir = _tmp.Sub(name);
        return ((RunSummary)RunPipeline.Execute(kind, loaded, dir, null, default), dir);
    }

    [Fact]
    public void Zero_drift_with_the_loops_off_gives_the_static_run_number_for_number()
    {
        var (plain, _) = Run("plain", "networks/seed004-fig3a-splitter.yaml");
        var (zero, _) = Run("zero", "networks/seed004-fig3a-splitter.yaml",
            "drift={stepS: 0.001, phase: {}, delay: {feederLengthKm: 10}, polarization: {}, intensity: {}}",
            "control={phase: {enabled: false}, timing: {enabled: false}}");
        // Only the kernel's event count and wall times may differ: 50 drift steps are extra kernel events.
        Assert.True(zero.Run.KernelEvents > plain.Run.KernelEvents);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plain.Users), System.Text.Json.JsonSerializer.Serialize(zero.Users));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plain.Bins), System.Text.Json.JsonSerializer.Serialize(zero.Bins));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_timing_loop_keeps_users_aligned_when_every_neighbouring_bin_is_occupied()
    {
        // Three users in adjacent bins 0, 1, 2, the middle one 0.5 dB brighter, nothing drifting: the timing loop must hold
        // them where they are. The coarse step once took a brighter neighbour (12 % more clicks, many sigma over 0.5 s
        // intervals of ~1e5 clicks) for the user's own light and moved the user a whole gate into it (QBER ~50 %).
        // Blocks engine, 2 s. Each user's signal QBER with the loop on against the loop off: binomial, ~2.5e5 sifted bits
        // each, 5 sigma (the +-20 ps dither lowers the counts by 1 - w(20 ps) = 3 %, not the QBER).
        string[] three = ["durationS=2", "mode=blocks", "users.1.slot=1", "users.1.fibreLengthKm=17", "users.2={name: T3, slot: 2, port: 2, fibreLengthKm: 19.5}"];
        var (off, _) = Run("three-off", "networks/seed004-fig3a-splitter.yaml", three);
        var (on, _) = Run("three-on", "networks/seed004-fig3a-splitter.yaml", [.. three, "control={timing: {updateIntervalS: 0.5}}"]);
        for (int u = 0; u < 3; u++)
        {
            var a = off.Users[u];
            var b = on.Users[u];
            long n = b.SiftedBitsPerBasisIntensity[0][0] + b.SiftedBitsPerBasisIntensity[1][0];
            double sigma = Math.Sqrt(a.QberSignal * (1 - a.QberSignal) / n) * Math.Sqrt(2);
            Assert.True(Math.Abs(b.QberSignal - a.QberSignal) < 5 * sigma, $"user {u}: QBER {b.QberSignal:P3} with the loop, {a.QberSignal:P3} without");
        }
    }

    [Fact]
    public void A_cut_drop_next_to_an_occupied_bin_does_not_move_the_users_timing_a_gate_away()
    {
        // Users in adjacent bins 0 and 1; user 0's drop is cut from 0.5 s to 1 s while the timing loop runs every 0.1 s. Its own
        // bin goes dark next to a bright neighbour, which has not risen: the coarse step must not fire (it used to, one gate per
        // update), so after the restore user 0 is aligned again: its correction stays within half a gate, its QBER normal.
        string[] sets = ["durationS=1.5", "mode=blocks", "timeseries.blockS=0.5", "users.1.slot=1", "control={timing: {updateIntervalS: 0.1}}",
            "schedule=[{atS: 0.5, user: 0, action: cut}, {atS: 1.0, user: 0, action: restore}]"];
        var (s, dir) = Run("cut-next-to-occupied", "networks/seed004-fig3a-splitter.yaml", sets);
        var rows = TimeSeriesTests.Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        foreach (var r in rows.Where(r => Convert.ToInt64(r["user"]) == 0))
            Assert.InRange((double)r["delay_correction_ps"]!, -500.0, 500.0);
        var last = rows.Single(r => Convert.ToInt64(r["user"]) == 0 && Convert.ToInt64(r["block"]) == 2);
        Assert.InRange((double)last["qber_signal"]!, 0.0, 0.03); // aligned: ~1.5 %; a gate away it would be ~50 %
    }

    [Theory]
    [InlineData("networks/seed004-fig3a-splitter.yaml")]
    [InlineData("networks/seed004-fig3b-dwdm.yaml")]
    public void Schedule_events_reach_the_time_series_at_their_block_in_the_splitter_and_the_dwdm_network(string scenario)
    {
        var (_, dir) = Run("sched", scenario, "timeseries.blockS=0.01", ScheduleSet);
        var rows = TimeSeriesTests.Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        double F(int block, int user, string col) => (double)rows.Single(r => Convert.ToInt64(r["block"]) == block && Convert.ToInt64(r["user"]) == user)[col]!;
        bool Active(int block, int user) => (bool)rows.Single(r => Convert.ToInt64(r["block"]) == block && Convert.ToInt64(r["user"]) == user)["active"]!;
        // Each row holds the state in force over its block's last gate; an event at a block's end acts from the next block.
        Assert.Equal(1, F(0, 1, "transmittance_factor"));
        Assert.Equal(QkdNetSim.Core.Units.Decibels.ToTransmittance(3), F(1, 1, "transmittance_factor"), 15);
        Assert.Equal(1, F(1, 0, "transmittance_factor"));
        Assert.Equal(0, F(2, 0, "transmittance_factor"));
        Assert.Equal(0, F(2, 1, "transmittance_factor"));
        Assert.Equal(1, F(3, 0, "transmittance_factor"));
        Assert.True(Active(3, 0));
        Assert.False(Active(4, 0));
        Assert.True(Active(4, 1));
    }

    [Fact]
    public void Drift_and_controller_states_and_disclosed_bits_fill_the_time_series_and_disclosed_bits_leave_the_key()
    {
        var (s, dir) = Run("ctl", "networks/seed004-fig3a-splitter.yaml", "timeseries.blockS=0.025",
            "drift={stepS: 0.001, phase: {noiseRadPerSqrtS: 1}, delay: {feederLengthKm: 15, feederTemperatureK: {noiseKPerSqrtS: 0.1}}, polarization: {noiseRadPerSqrtS: 0.1}}",
            "control={phase: {updateIntervalS: 0.005, sampleBits: 400}, timing: {updateIntervalS: 0.005}, polarization: {updateIntervalS: 0.005}}");
        var rows = TimeSeriesTests.Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        Assert.Equal(4, rows.Count);
        foreach (var r in rows)
        {
            // 5 updates per 25 ms block, at most 100 bits per probe window (20 windows); user 1 (14 dB) has ~120 eligible bits per
            // window (sigma ~11), so a few windows disclose all they have; the session's end stops the loop before it discloses
            // its last window, whose bits stay in the key.
            Assert.InRange(Convert.ToInt64(r["disclosed_bits"]), 1500L, Convert.ToInt64(r["block"]) == 0 ? 2000L : 1900L);
            Assert.NotEqual(0.0, (double)r["phase_error_rad"]!);
            Assert.NotEqual(0.0, (double)r["phase_bias_rad"]!);
            Assert.NotEqual(0.0, (double)r["delay_offset_ps"]!);
            Assert.NotEqual(0.0, (double)r["delay_correction_ps"]!);
            Assert.NotEqual(0.0, (double)r["polarization_correction_rad"]!);
            Assert.InRange((double)r["polarization_overlap"]!, 0, 1);
        }
        // The summary's estimates use every sifted bit and its key block loses the disclosed ones (DecoyBb84Input.DisclosedBits):
        // analyse user 0's counts again without the disclosure and compare.
        var u = s.Users[0];
        var m = new RunManifest
        {
            ScenarioName = "x", ScenarioHash = "", ScenarioYaml = "", Seed = 1, Mode = "fast", GateRateHz = 1e9, TimeBins = 8,
            RequestedDurationS = 0.05, SimulatedGates = 50_000_000, SimulatedTimeS = 0.05, Epsilon = s.Run.Epsilon,
            ErrorCorrectionEfficiency = s.Run.ErrorCorrectionEfficiency, BobBasis0Probability = 0.5,
        };
        var mu = new ManifestUser { Index = 0, Name = u.Name, Slot = u.Slot, Active = true, ChannelLossDb = u.ChannelLossDb, Intensities = u.Intensities,
            Probabilities = u.IntensityProbabilities, Basis0Probability = 0.5, EmittedPulses = u.EmittedPulses };
        var full = SummaryBuilder.AnalyzeUser(m, mu, u.SiftedBitsPerBasisIntensity, u.ErrorsPerBasisIntensity, u.EmittedPulses, 0.05, "x")!;
        // 50 ms is too short for a positive key, so compare the error-correction leak f n h(E): the disclosed bits are no
        // longer corrected, so it drops by f h(E) x disclosed on average (E the signal QBER). The disclosed sample's errors
        // d_e are a hypergeometric draw, SD <= sqrt(d E (1 - E)), and move the kept bits' QBER; the leak on the kept bits moves
        // by f h'(E) d_e = f log2((1 - E)/E) d_e, so the band is 5 of those SDs (about half the expected drop here).
        long disclosed = rows.Where(r => Convert.ToInt64(r["user"]) == 0).Sum(r => Convert.ToInt64(r["disclosed_bits"]));
        double drop = full.Finite.Sum(b => b.LeakEcBits) - u.DecoyFinite!.LeakEcBits.Sum();
        double f = s.Run.ErrorCorrectionEfficiency, q = u.QberSignal;
        double expected = f * QkdNetSim.Analysis.BinaryEntropy.Bits(q) * disclosed;
        double band = 5 * f * Math.Log2((1 - q) / q) * Math.Sqrt(disclosed * q * (1 - q));
        Assert.InRange(drop, expected - band, expected + band);
    }
}

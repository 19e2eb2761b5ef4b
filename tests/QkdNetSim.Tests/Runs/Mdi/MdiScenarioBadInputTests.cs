using QkdNetSim.Runs.Mdi;
using static QkdNetSim.Tests.Runs.Mdi.MdiScenarioTestSupport;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;

namespace QkdNetSim.Tests.Runs.Mdi;

/// <summary>One test (at least) per class of bad MDI input: a one-line InputError naming file, dotted field and rule.</summary>
public sealed class MdiScenarioBadInputTests
{
    // ---- relay wiring ----

    [Fact]
    public void ModuleOnWavelengthThatIsNoCombLine()
    {
        var e = ExpectError(() => LoadMdiText(MinimalYaml, "modules.0.channel=40"), "--set", "modules.0.channel");
        Assert.Equal("no user sends on channel 40: it is not a comb line (comb.lines: 35, 43, 59)", e.Rule);
    }

    [Fact]
    public void ModuleOnWavelengthAnInputUserDoesNotSend()
    {
        const string yaml = "kind: mdiNetwork\nusers:\n  - name: A\n  - name: B\n    channels: [43, 59]\n" +
                            "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n";
        var e = ExpectError(() => LoadMdiText(yaml), "test.yaml", "modules.0.channel");
        Assert.Equal("no light on channel 35 from input 'B': users.1.channels is [43, 59]", e.Rule);
    }

    [Fact]
    public void TwoUsersOnOneDemux()
    {
        const string yaml = "kind: mdiNetwork\nusers:\n  - name: A\n  - name: B\n  - name: C\n    demux: DEMUX-A\n" +
                            "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n";
        var e = ExpectError(() => LoadMdiText(yaml), "test.yaml", "users.2.demux");
        Assert.Equal("two users on one DEMUX: 'DEMUX-A' already takes the fibre of user 'A' (users.0)", e.Rule);
    }

    [Fact]
    public void SameDemuxPortFeedsTwoModules()
    {
        // A's DEMUX has one CH35 output: AB and AC cannot both take it.
        var e = ExpectError(() => LoadMdiText(ThreeUsers + "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n" +
                                              "  - name: AC\n    inputs: [A, C]\n    channel: 35\n"), "test.yaml", "modules.1.channel");
        Assert.Equal("the same DEMUX port twice: DEMUX-A at channel 35 already feeds module 'AB' (modules.0); one DEMUX output port can feed only one module", e.Rule);
    }

    [Fact]
    public void SamePairTwiceOnOneWavelength()
    {
        var e = ExpectError(() => LoadMdiText(MinimalYaml, "modules.1={name: AB2, inputs: [B, A], channel: 35}"), "--set", "modules.1.channel");
        Assert.StartsWith("the same DEMUX port twice: DEMUX-B at channel 35 already feeds module 'AB'", e.Rule);
    }

    [Fact]
    public void ModuleChannelMissing()
    {
        const string yaml = "kind: mdiNetwork\nusers:\n  - name: A\n  - name: B\nmodules:\n  - name: AB\n    inputs: [A, B]\n";
        var e = ExpectError(() => LoadMdiText(yaml), "test.yaml", "modules.0.channel");
        Assert.Equal("must be set: the comb line (ITU channel) both inputs send on", e.Rule);
    }

    [Theory]
    [InlineData("modules.0.inputs=[A, E]", "modules.0.inputs.1", "no user is named 'E' (users: A, B)")]
    [InlineData("modules.0.inputs=[A, A]", "modules.0.inputs.1", "'A' is also input a: a module interferes two different users")]
    [InlineData("modules.0.inputs=[A, B, B]", "modules.0.inputs", "must name exactly two users (beam-splitter inputs a and b), got 3")]
    [InlineData("modules.0.name=", "modules.0.name", "expected a string, got nothing (null)")]
    [InlineData("modules.0.polarizationOverlap=1.2", "modules.0.polarizationOverlap", "must be in [0, 1], got 1.2")]
    [InlineData("modules.0.relativeDelayPs=.nan", "modules.0.relativeDelayPs", "must be finite, got NaN")]
    [InlineData("modules.0.relativeDelayPs=-20000", "modules.0.relativeDelayPs", "|-20000| ps exceeds the slot period (10000 ps): the module would interfere pulses of different slots")]
    [InlineData("modules.0.detector.efficiency=0", "modules.0.detector.efficiency", "must be in (0, 1], got 0")]
    [InlineData("users.0.channels=[35, 36]", "users.0.channels.1", "channel 36 is not a comb line (comb.lines: 35, 43, 59)")]
    [InlineData("users.0.channels=[35, 43, 35]", "users.0.channels.2", "channel 35 is listed twice (users.0.channels.0)")]
    [InlineData("users.0.channels=[]", "users.0.channels", "must list at least one channel (leave it out to send every comb line)")]
    [InlineData("users.1.name=A", "users.1.name", "'A' is already the name of users.0")]
    [InlineData("users.1.name=\" \"", "users.1.name", "must not be empty (modules name their inputs by it)")]
    [InlineData("users.1.demux=\"\"", "users.1.demux", "must not be empty (leave it out for the default 'DEMUX-B')")]
    [InlineData("users.0.channelLossDb=-1", "users.0.channelLossDb", "must be >= 0 and finite, got -1")]
    [InlineData("users.0.channelLossDb=.inf", "users.0.channelLossDb", "must be >= 0 and finite, got Infinity")]
    [InlineData("users.1.encoder.intensities.0=10.5", "users.1.encoder.intensities.0", "intensity 10.5 is outside [0, 10] (mean photon number per qubit)")]
    [InlineData("modules.1={name: AB, inputs: [A, B], channel: 43}", "modules.1.name", "'AB' is already the name of modules.0")]
    public void BadOverride(string set, string field, string rule)
    {
        var e = ExpectError(() => LoadMdiText(MinimalYaml, set), "--set", field);
        Assert.Equal(rule, e.Rule);
    }

    [Fact]
    public void TooFewUsers()
    {
        var e = ExpectError(() => LoadMdiText("kind: mdiNetwork\nusers:\n  - name: A\n"), "test.yaml", "users");
        Assert.Equal("lists 1 users; an MDI link needs at least two", e.Rule);
    }

    [Fact]
    public void NoModules()
    {
        var e = ExpectError(() => LoadMdiText("kind: mdiNetwork\nusers:\n  - name: A\n  - name: B\n"), "test.yaml", "modules");
        Assert.Equal("must list at least one BSM module", e.Rule);
    }

    // ---- timing ----

    [Theory]
    [InlineData("0", "must be > 0, got 0")]
    [InlineData("-1000", "must be > 0, got -1000")]
    public void CoincidenceWindowNotPositive(string window, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal($"timing:\n  coincidenceWindowPs: {window}\n")), "test.yaml", "timing.coincidenceWindowPs");
        Assert.Equal(rule, e.Rule);
    }

    [Fact]
    public void LateWindowDoesNotFitInSlot()
    {
        var e = ExpectError(() => LoadMdiText(Minimal("timing:\n  earlyLateSeparationPs: 9000\n")), "test.yaml", "timing.earlyLateSeparationPs");
        Assert.Equal("the late bin's window does not fit in the slot: early offset ceil(pulseFwhmPs) = 800 ps + earlyLateSeparationPs 9000 ps "
                     + "+ coincidenceWindowPs/2 = 500 ps gives 10300 ps, more than the slot period 1e12/clockRateHz = 10000 ps", e.Rule);
    }

    [Fact]
    public void FasterClockShrinksSlot()
    {
        // 1 GHz: 1000 ps slots cannot hold the default 5 ns separation.
        // The separation is a class default; its nearest written ancestor, timing, was written by the override.
        var e = ExpectError(() => LoadMdiText(MinimalYaml, "timing.clockRateHz=1e9"), "--set", "timing.earlyLateSeparationPs");
        Assert.Contains("slot period 1e12/clockRateHz = 1000 ps", e.Rule);
    }

    [Fact]
    public void WindowWiderThanBinSeparation()
    {
        var e = ExpectError(() => LoadMdiText(Minimal("timing:\n  earlyLateSeparationPs: 900\n")), "test.yaml", "timing.coincidenceWindowPs");
        Assert.Equal("1000 ps is wider than earlyLateSeparationPs (900 ps): the early and late windows would overlap", e.Rule);
    }

    [Theory]
    [InlineData("clockRateHz: 0", "timing.clockRateHz", "must be > 0 and finite, got 0")]
    [InlineData("pulseFwhmPs: -800", "timing.pulseFwhmPs", "must be > 0 and finite, got -800")]
    [InlineData("resolutionPs: 0", "timing.resolutionPs", "must be > 0, got 0")]
    [InlineData("earlyLateSeparationPs: 0", "timing.earlyLateSeparationPs", "must be > 0, got 0")]
    [InlineData("coincidenceWindowPs: 1.5", "timing.coincidenceWindowPs", "expected an integer, got '1.5'")]
    public void BadTiming(string line, string field, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal($"timing:\n  {line}\n")), "test.yaml", field);
        Assert.Equal(rule, e.Rule);
    }

    // ---- encoder ----

    [Theory]
    [InlineData("10.5", "intensity 10.5 is outside [0, 10] (mean photon number per qubit)")]
    [InlineData("-0.1", "intensity -0.1 is outside [0, 10] (mean photon number per qubit)")]
    public void IntensityOutOfRange(string mu, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal($"encoder:\n  intensities: [{mu}, 0.204, 0.054, 0]\n")), "test.yaml", "encoder.intensities.0");
        Assert.Equal(rule, e.Rule);
    }

    [Fact]
    public void ProbabilitiesNotSummingToOne()
    {
        var e = ExpectError(() => LoadMdiText(Minimal("encoder:\n  probabilities: [0.7, 0.036, 0.142, 0.022]\n")), "test.yaml", "encoder.probabilities");
        Assert.Equal("probabilities sum to 0.9 (must sum to 1 within 1e-9)", e.Rule);
    }

    [Theory]
    [InlineData("probabilities: [0.5, 0.5]", "encoder.probabilities", "has 2 entries but intensities has 4 (one per entry)")]
    [InlineData("probabilities: [1.2, -0.2, 0, 0]", "encoder.probabilities.0", "must be in [0, 1], got 1.2")]
    [InlineData("bases: [Z, X, X]", "encoder.bases", "has 3 entries but intensities has 4 (one per entry)")]
    [InlineData("bases: [Z, X, Y, X]", "encoder.bases.2", "must be 'Z' or 'X', got 'Y'")]
    [InlineData("bases: [X, X, X, X]", "encoder.bases", "no intensity is sent in the Z basis, which carries the key (at least one entry must be 'Z')")]
    [InlineData("intensities: []", "encoder.intensities", "must list at least one intensity")]
    [InlineData("extinctionRatioDb: 0", "encoder.extinctionRatioDb", "must be > 0 (.inf for an ideal modulator), got 0")]
    public void BadEncoder(string line, string field, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal($"encoder:\n  {line}\n")), "test.yaml", field);
        Assert.Equal(rule, e.Rule);
    }

    // ---- comb, relay, detectors ----

    [Theory]
    [InlineData("comb:\n  coherentFraction: 1.5\n", "comb.coherentFraction", "must be in [0, 1], got 1.5")]
    [InlineData("comb:\n  linewidthHz: -1\n", "comb.linewidthHz", "must be >= 0 and finite, got -1")]
    [InlineData("comb:\n  lines: [35, 43, 35]\n", "comb.lines.2", "channel 35 is listed twice (comb.lines.0)")]
    [InlineData("relay:\n  demuxInsertionLossDb: -0.5\n", "relay.demuxInsertionLossDb", "must be >= 0 and finite, got -0.5")]
    [InlineData("relay:\n  beamSplitterExcessLossDb: .nan\n", "relay.beamSplitterExcessLossDb", "must be >= 0 and finite, got NaN")]
    [InlineData("relay:\n  detector:\n    efficiency: 1.1\n", "relay.detector.efficiency", "must be in (0, 1], got 1.1")]
    [InlineData("relay:\n  detector:\n    darkCountRateHz: -1\n", "relay.detector.darkCountRateHz", "must be >= 0 and finite, got -1")]
    [InlineData("relay:\n  detector:\n    deadTimeNs: -40\n", "relay.detector.deadTimeNs", "must be >= 0 and finite, got -40")]
    [InlineData("relay:\n  detector:\n    jitterRmsPs: -50\n", "relay.detector.jitterRmsPs", "must be >= 0 and finite, got -50")]
    public void BadDevice(string extra, string field, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal(extra)), "test.yaml", field);
        Assert.Equal(rule, e.Rule);
    }

    // ---- session, seed, mode ----

    [Theory]
    [InlineData("durationS: 0\n", "durationS", "must be > 0 and finite, got 0")]
    [InlineData("durationS: 1.0e7\n", "durationS", "must be at most 8640000 s (100 days; time is counted in int64 picoseconds), got 10000000")]
    [InlineData("durationS: 1.0e-9\n", "durationS", "holds 0.1 slots at timing.clockRateHz = 100000000 (the session must contain at least one slot)")]
    [InlineData("seed: -1\n", "seed", "expected a non-negative integer, got '-1'")]
    [InlineData("seed: 18446744073709551616\n", "seed", "expected a non-negative integer, got '18446744073709551616'")]
    [InlineData("mode: perSlot\n", "mode", "must be 'fast' or 'perPulse', got 'perSlot'")]
    [InlineData("sharedEncoder: yes\n", "sharedEncoder", "expected true or false, got 'yes'")]
    [InlineData("analysis:\n  errorCorrectionEfficiency: 0.9\n", "analysis.errorCorrectionEfficiency", "must be >= 1, got 0.9")]
    public void BadSession(string extra, string field, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal(extra)), "test.yaml", field);
        Assert.Equal(rule, e.Rule);
    }

    // ---- keys and files ----

    [Fact]
    public void UnknownKeySuggestsClosestKnownKey()
    {
        var e = ExpectError(() => LoadMdiText(Minimal("relay:\n  detector:\n    darkCount: 10\n")), "test.yaml", "relay.detector.darkCount");
        Assert.Equal("unknown key 'darkCount' (did you mean 'darkCountRateHz'?)", e.Rule);
    }

    [Fact]
    public void UnknownKeyBritishSpellingInListItem()
    {
        const string yaml = "kind: mdiNetwork\nusers:\n  - name: A\n  - name: B\n" +
                            "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n    polarisationOverlap: 0.9\n";
        var e = ExpectError(() => LoadMdiText(yaml), "test.yaml", "modules.0.polarisationOverlap");
        Assert.Equal("unknown key 'polarisationOverlap' (did you mean 'polarizationOverlap'?)", e.Rule);
    }

    [Fact]
    public void UnknownKeyAccessNetworkKeyInMdiScenario()
    {
        var e = ExpectError(() => LoadMdiText(Minimal("receiver:\n  gateRateHz: 1e9\n")), "test.yaml", "receiver");
        Assert.Equal("unknown key 'receiver' (expected one of: name, description, seed, durationS, mode, sharedEncoder, timing, "
                     + "encoder, comb, relay, users, modules, analysis, log, drift, timeseries)", e.Rule);
    }

    [Fact]
    public void UnknownSetPath()
    {
        var e = ExpectError(() => LoadMdiText(MinimalYaml, "relay.detecter.efficiency=0.5"), "--set", "relay.detecter");
        Assert.StartsWith("unknown key 'detecter' (expected one of: demuxInsertionLossDb, beamSplitterExcessLossDb, detector)", e.Rule);
    }

    [Fact]
    public void MissingModelFile()
    {
        using var dir = new ScratchDirectory();
        string scenario = dir.Write("s.yaml", MinimalYaml + "encoder:\n  model: sources/nope.yaml\n");
        var e = ExpectError(() => MdiScenarioLoader.Load(scenario, []), scenario, "encoder.model");
        Assert.StartsWith("model file 'sources/nope.yaml' not found", e.Rule);
    }

    [Fact]
    public void MissingScenarioFile()
    {
        var e = ExpectError(() => MdiScenarioLoader.Load("/nonexistent/mdi.yaml", []), "/nonexistent/mdi.yaml", "(file)");
        Assert.Equal("scenario file not found", e.Rule);
    }

    [Fact]
    public void BadValueInModelFileNamesModelFile()
    {
        using var dir = new ScratchDirectory();
        string det = dir.Write("detectors/d.yaml", "efficiency: 0.8\ndarkCountRateHz: -5\n");
        string scenario = dir.Write("s.yaml", MinimalYaml + "relay:\n  detector:\n    model: detectors/d.yaml\n");
        var e = ExpectError(() => MdiScenarioLoader.Load(scenario, []), det, "relay.detector.darkCountRateHz");
        Assert.Equal("must be >= 0 and finite, got -5", e.Rule);
    }

    [Fact]
    public void BadInheritedValueInModuleDetectorNamesModelFile()
    {
        // The module's own detector inherits the bad dark rate from relay.detector's model; relay.detector is checked first.
        using var dir = new ScratchDirectory();
        string det = dir.Write("d.yaml", "jitterRmsPs: -1\n");
        string scenario = dir.Write("s.yaml", "kind: mdiNetwork\nrelay:\n  detector:\n    model: d.yaml\n" +
            "users:\n  - name: A\n  - name: B\nmodules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n    detector:\n      efficiency: 0.5\n");
        var e = ExpectError(() => MdiScenarioLoader.Load(scenario, []), det, "relay.detector.jitterRmsPs");
        Assert.Equal("must be >= 0 and finite, got -1", e.Rule);
    }
}

using QkdNetSim.Runs.Access;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>One test (at least) per class of bad input: each must be a one-line InputError naming file, field and rule.</summary>
public sealed class ScenarioBadInputTests
{
    [Fact]
    public void DurationBeyondInt64PicosecondsIsRejected()
    {
        // 1e7 s of picoseconds would overflow the int64 kernel clock (9.2e18 ps).
        var e = ExpectError(() => LoadText("durationS: 1.0e7\n"), "test.yaml", "durationS");
        Assert.Contains("at most", e.Rule);
    }

    [Fact]
    public void UnknownKeySuggestsClosestKnownKey()
    {
        var e = ExpectError(() => LoadText("receiver:\n  detector:\n    darkCount: 1e-6\n"), "test.yaml", "receiver.detector.darkCount");
        Assert.Equal("unknown key 'darkCount' (did you mean 'darkCountProbabilityPerGate'?)", e.Rule);
    }

    [Fact]
    public void UnknownKeyTypoSuggestsByEditDistance()
    {
        var e = ExpectError(() => LoadText("recevier:\n  gateRateHz: 1e9\n"), "test.yaml", "recevier");
        Assert.Equal("unknown key 'recevier' (did you mean 'receiver'?)", e.Rule);
    }

    [Fact]
    public void UnknownKeyInListItemNamesIndex()
    {
        var e = ExpectError(() => LoadText("users:\n  - name: A\n  - name: B\n    fibreLength: 3\n"), "test.yaml", "users.1.fibreLength");
        Assert.Equal("unknown key 'fibreLength' (did you mean 'fibreLengthKm'?)", e.Rule);
    }

    [Fact]
    public void UnknownKeyNothingCloseListsKnownKeys()
    {
        var e = ExpectError(() => LoadText("analysis:\n  zzzzzz: 1\n"), "test.yaml", "analysis.zzzzzz");
        Assert.Equal("unknown key 'zzzzzz' (expected one of: epsilon, errorCorrectionEfficiency)", e.Rule);
    }

    [Fact]
    public void NonNumericLoss()
    {
        var e = ExpectError(() => LoadText("combiner:\n  insertionLossDb: abc\n"), "test.yaml", "combiner.insertionLossDb");
        Assert.Equal("expected a number, got 'abc'", e.Rule);
    }

    [Fact]
    public void NonNumericListItemNamesIndex()
    {
        var e = ExpectError(() => LoadText("userDefaults:\n  source:\n    intensities: [0.5, x, 0.0002]\n"),
            "test.yaml", "userDefaults.source.intensities.1");
        Assert.Equal("expected a number, got 'x'", e.Rule);
    }

    [Fact]
    public void WrongShapeListWhereNumberExpected()
    {
        var e = ExpectError(() => LoadText("durationS: [1, 2]\n"), "test.yaml", "durationS");
        Assert.Equal("expected a number, got a list", e.Rule);
    }

    [Fact]
    public void NonIntegerWhereIntegerExpected()
    {
        var e = ExpectError(() => LoadText("receiver:\n  timeBins: 2.5\n"), "test.yaml", "receiver.timeBins");
        Assert.Equal("expected an integer, got '2.5'", e.Rule);
    }

    [Fact]
    public void NegativeLoss()
    {
        var e = ExpectError(() => LoadText("users:\n  - fibreLengthKm: 10\n    extraLossDb: -1.5\n"), "test.yaml", "users.0.extraLossDb");
        Assert.Equal("must be >= 0 and finite, got -1.5", e.Rule);
    }

    [Fact]
    public void NegativeLossInUserDefaultsNamesDefaults()
    {
        var e = ExpectError(() => LoadText("userDefaults:\n  fibreLossDbPerKm: -0.2\nuserCount: 2\n"), "test.yaml", "userDefaults.fibreLossDbPerKm");
        Assert.StartsWith("must be >= 0", e.Rule);
    }

    [Fact]
    public void InfiniteLossRejected()
    {
        var e = ExpectError(() => LoadText("receiver:\n  interferometerLossDb: .inf\n"), "test.yaml", "receiver.interferometerLossDb");
        Assert.Equal("must be >= 0 and finite, got Infinity", e.Rule);
    }

    [Fact]
    public void ProbabilitiesNotSummingToOne()
    {
        var e = ExpectError(() => LoadText("userDefaults:\n  source:\n    intensities: [0.5, 0.1, 0.0002]\n    probabilities: [0.8, 0.05, 0.05]\n"),
            "test.yaml", "userDefaults.source.probabilities");
        Assert.Equal("probabilities sum to 0.9 (must sum to 1 within 1e-9)", e.Rule);
    }

    [Fact]
    public void ProbabilitiesOfWrongLength()
    {
        var e = ExpectError(() => LoadText("users:\n  - source:\n      probabilities: [0.5, 0.5]\n"), "test.yaml", "users.0.source.probabilities");
        Assert.Equal("has 2 entries but intensities has 3 (one per entry)", e.Rule);
    }

    [Fact]
    public void MoreActiveUsersThanSplitterPorts()
    {
        var e = ExpectError(() => LoadText("receiver:\n  timeBins: 16\nuserCount: 12\n"), "test.yaml", "userCount");
        Assert.Equal("12 active users but the splitter has 8 ports", e.Rule);
    }

    [Fact]
    public void MoreActiveUsersThanTimeBins()
    {
        var e = ExpectError(() => LoadText("receiver:\n  timeBins: 4\ncombiner:\n  ports: 16\nuserCount: 6\nactiveUsers: 5\n"), "test.yaml", "activeUsers");
        Assert.Equal("5 active users but the receiver has 4 time bins", e.Rule);
    }

    [Fact]
    public void PortWiredTwice()
    {
        var e = ExpectError(() => LoadText("users:\n  - port: 2\n  - {}\n  - {}\n"), "test.yaml", "users.2.port");
        Assert.Equal("port 2 is wired twice (users 0 and 2)", e.Rule);
    }

    [Fact]
    public void SlotUsedTwice()
    {
        var e = ExpectError(() => LoadText("users:\n  - {}\n  - slot: 3\n  - {}\n  - slot: 5\n  - slot: 3\n"), "test.yaml", "users.4.slot");
        Assert.Equal("slot 3 is used by users 1 and 4", e.Rule);
    }

    [Fact]
    public void SlotOutOfRange()
    {
        var e = ExpectError(() => LoadText("users:\n  - slot: 8\n"), "test.yaml", "users.0.slot");
        Assert.Equal("slot 8 is outside [0, 8) (receiver.timeBins is 8)", e.Rule);
    }

    [Fact]
    public void A_timing_offset_of_a_gate_period_or_more_is_accepted_its_light_lands_in_other_gates()
    {
        LoadText("userDefaults:\n  timingOffsetPs: 1500\nuserCount: 1\n");
    }

    [Fact]
    public void A_gate_window_wider_than_the_gate_period_is_rejected()
    {
        var e = ExpectError(() => LoadText("receiver:\n  gateWindowFwhmPs: 1001\n"), "test.yaml", "receiver.gateWindowFwhmPs");
        Assert.Equal("1001 ps is wider than the gate period (1000 ps): one photon would be caught by several gates", e.Rule);
    }

    [Fact]
    public void MissingModelFile()
    {
        using var dir = new ScratchDirectory();
        string scenario = dir.Write("s.yaml", "receiver:\n  detector:\n    model: detectors/nope.yaml\n");
        var e = ExpectError(() => ScenarioLoader.Load(scenario, []), scenario, "receiver.detector.model");
        Assert.StartsWith("model file 'detectors/nope.yaml' not found", e.Rule);
    }

    [Fact]
    public void MissingModelFileInsideModelFileNamesModelFile()
    {
        using var dir = new ScratchDirectory();
        string receiver = dir.Write("receivers/r.yaml", "detector:\n  model: missing.yaml\n");
        string scenario = dir.Write("s.yaml", "receiver:\n  model: receivers/r.yaml\n");
        var e = ExpectError(() => ScenarioLoader.Load(scenario, []), receiver, "receiver.detector.model");
        Assert.StartsWith("model file 'missing.yaml' not found", e.Rule);
    }

    [Fact]
    public void ModelIncludeCycle()
    {
        using var dir = new ScratchDirectory();
        string a = dir.Write("a.yaml", "model: b.yaml\nefficiency: 0.2\n");
        string b = dir.Write("b.yaml", "model: a.yaml\n");
        string scenario = dir.Write("s.yaml", "receiver:\n  detector:\n    model: a.yaml\n");
        var e = ExpectError(() => ScenarioLoader.Load(scenario, []), b, "receiver.detector.model");
        Assert.Equal($"model include cycle: {a} -> {b} -> {a}", e.Rule);
    }

    [Fact]
    public void ModelIncludingTheScenarioItselfIsACycle()
    {
        using var dir = new ScratchDirectory();
        string scenario = dir.Write("s.yaml", "model: s.yaml\n");
        var e = ExpectError(() => ScenarioLoader.Load(scenario, []), scenario, "model");
        Assert.StartsWith("model include cycle:", e.Rule);
    }

    [Fact]
    public void UnknownKeyInModelFileNamesModelFile()
    {
        using var dir = new ScratchDirectory();
        string det = dir.Write("det.yaml", "efficiency: 0.2\ndarkCounts: 1e-6\n");
        string scenario = dir.Write("s.yaml", "receiver:\n  detector:\n    model: det.yaml\n");
        var e = ExpectError(() => ScenarioLoader.Load(scenario, []), det, "receiver.detector.darkCounts");
        Assert.Equal("unknown key 'darkCounts' (did you mean 'darkCountProbabilityPerGate'?)", e.Rule);
    }

    [Fact]
    public void BadValueInModelFileValidatorNamesModelFile()
    {
        using var dir = new ScratchDirectory();
        string det = dir.Write("det.yaml", "efficiency: 1.5\n");
        string scenario = dir.Write("s.yaml", "receiver:\n  detector:\n    model: det.yaml\n");
        var e = ExpectError(() => ScenarioLoader.Load(scenario, []), det, "receiver.detector.efficiency");
        Assert.Equal("must be in (0, 1], got 1.5", e.Rule);
    }

    [Fact]
    public void BadSetPath()
    {
        var e = ExpectError(() => LoadText("", "receiver.detecter.efficiency=0.1"), "--set", "receiver.detecter");
        Assert.StartsWith("unknown key 'detecter' (expected one of: gateRateHz, timeBins, ", e.Rule);
        Assert.Contains("detector", e.Rule);
    }

    [Fact]
    public void BadSetSyntax()
    {
        var e = ExpectError(() => LoadText("", "durationS"), "--set", "durationS");
        Assert.Equal("expected dotted.path=value", e.Rule);
    }

    [Fact]
    public void SetIntoScalar()
    {
        var e = ExpectError(() => LoadText("", "durationS.x=1"), "--set", "durationS.x");
        Assert.Equal("'durationS' is a number and has no field 'x'", e.Rule);
    }

    [Fact]
    public void SetNonNumericValueNamesSet()
    {
        var e = ExpectError(() => LoadText("durationS: 5\n", "durationS=abc"), "--set", "durationS");
        Assert.Equal("expected a number, got 'abc'", e.Rule);
    }

    [Fact]
    public void SetListIndexTooFar()
    {
        var e = ExpectError(() => LoadText("users:\n  - name: A\n", "users.3.fibreLengthKm=2"), "--set", "users.3");
        Assert.Equal("index 3 is out of range (the list has 1 items; an override may append one at index 1)", e.Rule);
    }

    [Fact]
    public void SetListIndexNotANumber()
    {
        var e = ExpectError(() => LoadText("", "users.first.name=A"), "--set", "users.first");
        Assert.Equal("expected a list index (0, 1, ...), got 'first'", e.Rule);
    }

    [Fact]
    public void DuplicateKey()
    {
        var e = ExpectError(() => LoadText("durationS: 1\ndurationS: 2\n"), "test.yaml", "durationS");
        Assert.StartsWith("duplicate key 'durationS'", e.Rule);
    }

    [Fact]
    public void SyntaxErrorNamesLine()
    {
        var e = Assert.Throws<QkdNetSim.Core.InputError>(() => LoadText("receiver:\n  gateRateHz: [1, 2\n"));
        Assert.Equal("test.yaml", e.File);
        Assert.StartsWith("invalid YAML:", e.Rule);
    }

    [Fact]
    public void TopLevelNotAMapping()
    {
        var e = ExpectError(() => LoadText("- 1\n- 2\n"), "test.yaml", "(file)");
        Assert.Equal("expected a mapping of keys at the top level, got a list", e.Rule);
    }

    [Fact]
    public void MissingScenarioFile()
    {
        var e = ExpectError(() => ScenarioLoader.Load("/nonexistent/scenario.yaml", []), "/nonexistent/scenario.yaml", "(file)");
        Assert.Equal("scenario file not found", e.Rule);
    }

    [Fact]
    public void PerUserFieldInDefaults()
    {
        var e = ExpectError(() => LoadText("userDefaults:\n  slot: 1\n"), "test.yaml", "userDefaults.slot");
        Assert.StartsWith("is per-user", e.Rule);
    }
}

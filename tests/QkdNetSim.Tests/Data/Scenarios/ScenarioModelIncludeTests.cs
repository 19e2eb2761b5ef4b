using QkdNetSim.Runs.Access;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>`model:` references: relative paths, nesting, deep merge, and YAML features inside the tree.</summary>
public sealed class ScenarioModelIncludeTests
{
    [Fact]
    public void NestedModelsDeepMergeUnderExplicitKeys()
    {
        using var dir = new ScratchDirectory();
        dir.Write("models/det.yaml", "efficiency: 0.25\ndarkCountProbabilityPerGate: 1e-6\n");
        dir.Write("models/rx.yaml", "gateRateHz: 2e9\ntimeBins: 16\ndetector:\n  model: det.yaml\n  afterpulseProbability: 0.02\n");
        string scenario = dir.Write("s.yaml",
            "receiver:\n  model: models/rx.yaml\n  timeBins: 4\n  detector:\n    efficiency: 0.2\n");

        var r = ScenarioLoader.Load(scenario, []).Scenario.Receiver;

        Assert.Equal(2e9, r.GateRateHz);                        // from rx.yaml
        Assert.Equal(4, r.TimeBins);                            // explicit beats rx.yaml
        Assert.Equal(0.2, r.Detector.Efficiency);               // explicit (nested) beats det.yaml
        Assert.Equal(1e-6, r.Detector.DarkCountProbabilityPerGate); // det.yaml, two levels down
        Assert.Equal(0.02, r.Detector.AfterpulseProbability);   // rx.yaml's explicit key beats det.yaml
    }

    [Fact]
    public void ModelInListItem()
    {
        using var dir = new ScratchDirectory();
        dir.Write("far-user.yaml", "fibreLengthKm: 40\nextraLossDb: 1\n");
        string scenario = dir.Write("s.yaml", "users:\n  - model: far-user.yaml\n    name: F\n  - name: N\n");
        var users = ScenarioLoader.Load(scenario, []).Users;
        Assert.Equal(("F", 40.0, 1.0), (users[0].Name, users[0].FibreLengthKm, users[0].ExtraLossDb));
        Assert.Equal(0, users[1].FibreLengthKm);
    }

    [Fact]
    public void ModelAtRootOfScenario()
    {
        string yaml = "model: networks/seed004-fig3a-splitter.yaml\ndurationS: 10\n";
        var l = ScenarioLoader.LoadFromText(yaml, Path.Combine(RepoRoot, "models", "inline.yaml"), []);
        Assert.Equal(10, l.Scenario.DurationS);
        Assert.Equal(2, l.Users.Count);
        Assert.Equal(0.15, l.Scenario.Receiver.Detector.Efficiency);
    }

    [Fact]
    public void ModelValueMustBeAPath()
    {
        var e = ExpectError(() => LoadText("receiver:\n  model: [a, b]\n"), "test.yaml", "receiver.model");
        Assert.Equal("expected a model file path, got a list", e.Rule);
    }

    [Fact]
    public void AnchorsAndAliases()
    {
        var l = LoadText("userDefaults:\n  source: &src {intensities: [0.4], probabilities: [1]}\nusers:\n  - source: *src\n  - {}\n");
        Assert.Equal([0.4], l.Users[0].Intensities);
        Assert.Equal([0.4], l.Users[1].Intensities);
    }

    [Fact]
    public void WrongCaseKeySuggestsCamelCase()
    {
        var e = ExpectError(() => LoadText("DurationS: 1\n"), "test.yaml", "DurationS");
        Assert.Equal("unknown key 'DurationS' (did you mean 'durationS'?)", e.Rule);
    }
}

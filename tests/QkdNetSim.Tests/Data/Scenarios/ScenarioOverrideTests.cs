using QkdNetSim.Runs.Access;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>--set overrides: paths into mappings and lists, value syntax, and precedence over files and models.</summary>
public sealed class ScenarioOverrideTests
{
    [Fact]
    public void PrecedenceOverrideBeatsExplicitBeatsModelBeatsClassDefault()
    {
        using var dir = new ScratchDirectory();
        dir.Write("det.yaml", "efficiency: 0.30\nafterpulseProbability: 0.02\ndarkCountProbabilityPerGate: 1e-5\n");
        string scenario = dir.Write("s.yaml",
            "receiver:\n  detector:\n    model: det.yaml\n    afterpulseProbability: 0.01\n    darkCountProbabilityPerGate: 2e-6\n");

        var s = ScenarioLoader.Load(scenario, ["receiver.detector.darkCountProbabilityPerGate=3e-6"]).Scenario.Receiver.Detector;

        Assert.Equal(3e-6, s.DarkCountProbabilityPerGate);   // override > explicit > model
        Assert.Equal(0.01, s.AfterpulseProbability);         // explicit > model
        Assert.Equal(0.30, s.Efficiency);                    // model > class default (0.15)
        Assert.Equal(0.019, s.CrosstalkProbability);         // class default
    }

    [Fact]
    public void LaterOverrideWins()
    {
        var s = LoadText("durationS: 5\n", "durationS=7", "durationS=9").Scenario;
        Assert.Equal(9, s.DurationS);
    }

    [Fact]
    public void SetsScalarsOfEachType()
    {
        var s = LoadText("", "combiner.type=dwdm", "receiver.timeBins=16", "combiner.ports=16", "seed=42", "log.enabled=false", "name=my run").Scenario;
        Assert.Equal("dwdm", s.Combiner.Type);
        Assert.Equal(16, s.Receiver.TimeBins);
        Assert.Equal(42UL, s.Seed);
        Assert.False(s.Log.Enabled);
        Assert.Equal("my run", s.Name);
    }

    [Fact]
    public void SetsFlowSequence()
    {
        var l = LoadText("userCount: 1\n", "userDefaults.source.intensities=[0.6,0.2,0.001]").Users[0];
        Assert.Equal([0.6, 0.2, 0.001], l.Intensities);
    }

    [Fact]
    public void SetOnListIndexReplacesField()
    {
        var l = LoadText("users:\n  - fibreLengthKm: 1\n  - fibreLengthKm: 2\n", "users.1.fibreLengthKm=25");
        Assert.Equal(1, l.Users[0].FibreLengthKm);
        Assert.Equal(25, l.Users[1].FibreLengthKm);
    }

    [Fact]
    public void SetOnListIndexAppendsOneItem()
    {
        var l = LoadText("users:\n  - name: A\n", "users.1.name=B", "users.1.fibreLengthKm=3");
        Assert.Equal(2, l.Users.Count);
        Assert.Equal("B", l.Users[1].Name);
        Assert.Equal(3, l.Users[1].FibreLengthKm);
        Assert.Equal(1, l.Users[1].Slot);
    }

    [Fact]
    public void SetOnListIndexOfScalarList()
    {
        var l = LoadText("userCount: 1\nuserDefaults:\n  source:\n    intensities: [0.5, 0.1, 0.0002]\n", "userDefaults.source.intensities.0=0.4");
        Assert.Equal([0.4, 0.1, 0.0002], l.Users[0].Intensities);
    }

    [Fact]
    public void SetOnIndexOfUnwrittenListStartsFromClassDefault()
    {
        var d = LoadText("", "receiver.detector.afterpulseTrapLifetimesNs.1=50", "receiver.detector.afterpulseTrapWeights=[0.9,0.1]").Scenario.Receiver.Detector;
        Assert.Equal([2000.0, 50.0], d.AfterpulseTrapLifetimesNs);
        Assert.Equal([0.9, 0.1], d.AfterpulseTrapWeights);
    }

    [Fact]
    public void SetCreatesMissingMappings()
    {
        var l = LoadText("userCount: 2\n", "userDefaults.source.basis0Probability=0.9");
        Assert.All(l.Users, u => Assert.Equal(0.9, u.Basis0Probability));
        Assert.All(l.Users, u => Assert.Equal([0.5, 0.1, 0.0002], u.Intensities));
    }

    [Fact]
    public void SetNullClearsNullableField()
    {
        var l = LoadText("users:\n  - slot: 3\n", "users.0.slot=null");
        Assert.Equal(0, l.Users[0].Slot);
    }

    [Fact]
    public void OverriddenInvalidValueIsBlamedOnSet()
    {
        var e = ExpectError(() => LoadText("durationS: 5\n", "durationS=-1"), "--set", "durationS");
        Assert.Equal("must be > 0 and finite, got -1", e.Rule);
    }
}

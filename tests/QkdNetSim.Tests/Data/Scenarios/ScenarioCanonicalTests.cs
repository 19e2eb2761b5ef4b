using QkdNetSim.Runs.Access;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>The canonical YAML is complete, deterministic and round-trips; its hash identifies the resolved scenario.</summary>
public sealed class ScenarioCanonicalTests
{
    private const string Yaml = "name: t\ndurationS: 2\nusers:\n  - name: A\n    fibreLengthKm: 10.5\n  - name: B\n    source:\n      intensities: [0.4, 0.1]\n      probabilities: [0.75, 0.25]\n";

    [Fact]
    public void SameInputSameHash()
    {
        var a = LoadText(Yaml);
        var b = LoadText(Yaml);
        Assert.Equal(a.CanonicalYaml, b.CanonicalYaml);
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
        Assert.Matches("^[0-9a-f]{64}$", a.ScenarioHash);
    }

    [Fact]
    public void DifferentValueDifferentHash()
    {
        var a = LoadText(Yaml);
        var b = LoadText(Yaml, "users.0.fibreLengthKm=10.6");
        Assert.NotEqual(a.ScenarioHash, b.ScenarioHash);
    }

    [Fact]
    public void HashDependsOnValuesNotSpelling()
    {
        // Same values written differently (layout, comments, key order, number spelling, explicit defaults).
        var a = LoadText("durationS: 2\nreceiver:\n  gateRateHz: 1e9\n");
        var b = LoadText("# comment\nreceiver: {gateRateHz: 1000000000.0, timeBins: 8}\ndurationS: 2.0\nmode: fast\n");
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
        Assert.Equal(a.ScenarioHash, LoadText("", "durationS=2").ScenarioHash);
    }

    [Fact]
    public void HashIgnoresSourcePath()
    {
        var a = ScenarioLoader.LoadFromText(Yaml, "one.yaml", []);
        var b = ScenarioLoader.LoadFromText(Yaml, "two.yaml", []);
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
        Assert.Equal("two.yaml", b.SourcePath);
    }

    [Fact]
    public void CanonicalYamlRoundTrips()
    {
        var a = ScenarioLoader.Load(ModelPath("networks/seed004-fig3b-dwdm.yaml"), ["receiver.detector.afterpulseProbability=0.03"]);
        var b = LoadText(a.CanonicalYaml);
        Assert.Equal(a.CanonicalYaml, b.CanonicalYaml);
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
    }

    [Fact]
    public void CanonicalYamlStatesEveryValue()
    {
        var c = ScenarioLoader.Load(ModelPath("networks/seed004-fig3a-splitter.yaml"), []).CanonicalYaml;
        Assert.Contains("darkCountProbabilityPerGate: 8E-06\n", c);
        Assert.Contains("afterpulseTrapLifetimesNs: [2000]\n", c);
        Assert.Contains("gateWindowFwhmPs: 200\n", c);        // class default, never written in the files
        Assert.Contains("  - name: \"T1\"\n", c);
        Assert.Contains("userDefaults:\n  fibreLossDbPerKm: 0.2\n  source:\n    intensities: [0.5, 0.1, 0.0002]\n", c);
        Assert.DoesNotContain("model:", c);
        Assert.DoesNotContain("\r", c);
        Assert.StartsWith("name: \"seed004-fig3a-splitter\"\n", c);
    }
}

using QkdNetSim.Runs;
using QkdNetSim.Detectors;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using static QkdNetSim.Tests.Runs.Mdi.MdiScenarioTestSupport;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;

namespace QkdNetSim.Tests.Runs.Mdi;

/// <summary>MDI loading: canonical YAML and hash, --set overrides, per-item inheritance, and the kind discriminator.</summary>
public sealed class MdiScenarioLoaderTests
{
    [Fact]
    public void CanonicalHashIsStable()
    {
        var a = MdiScenarioLoader.Load(NetworkPath, []);
        var b = MdiScenarioLoader.Load(NetworkPath, []);
        Assert.Equal(a.CanonicalYaml, b.CanonicalYaml);
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
        Assert.Matches("^[0-9a-f]{64}$", a.ScenarioHash);
    }

    [Fact]
    public void CanonicalYamlLeadsWithKindAndRoundTrips()
    {
        var a = MdiScenarioLoader.Load(NetworkPath, []);
        Assert.StartsWith("kind: mdiNetwork\nname: \"seed002-four-user-mdi\"\n", a.CanonicalYaml);
        Assert.DoesNotContain("model:", a.CanonicalYaml);
        Assert.Contains("  bases: [\"Z\", \"X\", \"X\", \"X\"]\n", a.CanonicalYaml);
        Assert.Contains("    deadTimeNs: 40\n", a.CanonicalYaml);
        var b = LoadMdiText(a.CanonicalYaml);
        Assert.Equal(a.CanonicalYaml, b.CanonicalYaml);
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
        Assert.Equal(KindNames.Mdi, KindNames.DetectFromText(a.CanonicalYaml, "canonical.yaml"));
    }

    [Fact]
    public void HashDependsOnValuesNotSpelling()
    {
        var a = LoadMdiText(MinimalYaml);
        var b = LoadMdiText("# same scenario\n" + MinimalYaml + "timing: {clockRateHz: 100000000.0}\nsharedEncoder: true\n");
        Assert.Equal(a.ScenarioHash, b.ScenarioHash);
    }

    [Fact]
    public void SetOverrideModulePolarizationOverlap()
    {
        var baseline = MdiScenarioLoader.Load(NetworkPath, []);
        var l = MdiScenarioLoader.Load(NetworkPath, ["modules.0.polarizationOverlap=1"]);
        Assert.Equal(1.0, l.Config.Modules[0].PolarizationOverlap);
        Assert.Equal(0.962, l.Config.Modules[1].PolarizationOverlap);
        Assert.NotEqual(baseline.ScenarioHash, l.ScenarioHash);
    }

    [Fact]
    public void SetOverrideBeatsModelFile()
    {
        var l = MdiScenarioLoader.Load(NetworkPath, ["relay.detector.efficiency=0.6", "comb.linewidthHz=1.4e6", "seed=7"]);
        Assert.All(l.Config.Modules, m => Assert.Equal(0.6, m.Detector1.EfficiencyFraction));
        Assert.All(l.Config.Modules, m => Assert.Equal(100, m.Detector1.DarkCountRateHz));   // still from the model file
        Assert.All(l.Config.Modules, m => Assert.Equal(1.4e6, m.Line.LinewidthHz));
        Assert.Equal(7UL, l.Config.Seed);
    }

    [Fact]
    public void UserEncoderInheritsUnwrittenKeysFromNetworkEncoder()
    {
        var l = LoadMdiText(Minimal("encoder:\n  extinctionRatioDb: 25\n"), "users.1.encoder.intensities=[0.5, 0.2, 0.05, 0]");
        var a = l.Config.Users[0].Encoder;
        var b = l.Config.Users[1].Encoder;
        Assert.Equal([0.636, 0.204, 0.054, 0.0], a.MeanPhotonNumbers);
        Assert.Equal([0.5, 0.2, 0.05, 0.0], b.MeanPhotonNumbers);
        Assert.Equal(25, b.ExtinctionRatioDb);                        // inherited from encoder:, not the class default 30
        Assert.Equal(a.Probabilities, b.Probabilities);
        // The canonical text states B's whole encoder, so it reloads to the same scenario.
        Assert.Equal(l.ScenarioHash, LoadMdiText(l.CanonicalYaml).ScenarioHash);
    }

    [Fact]
    public void ModuleDetectorInheritsUnwrittenKeysFromRelayDetector()
    {
        var l = LoadMdiText(ThreeUsers +
            "relay:\n  detector:\n    darkCountRateHz: 300\n" +
            "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n" +
            "  - name: AC\n    inputs: [A, C]\n    channel: 43\n    detector:\n      efficiency: 0.5\n");
        Assert.Equal(new SnspdParameters(EfficiencyFraction: 0.80, DarkCountRateHz: 300, DeadTimePs: 40_000, JitterRmsPs: 50), l.Config.Modules[0].Detector0);
        Assert.Equal(new SnspdParameters(EfficiencyFraction: 0.5, DarkCountRateHz: 300, DeadTimePs: 40_000, JitterRmsPs: 50), l.Config.Modules[1].Detector0);
    }

    [Fact]
    public void UserDefaultsDemuxAndChannels()
    {
        var s = LoadMdiText(MinimalYaml).Scenario;
        Assert.Equal("DEMUX-A", MdiUserDefaults.DemuxOf(s.Users[0]));
        Assert.Equal([35, 43, 59], MdiUserDefaults.ChannelsOf(s.Users[0], s.Comb));
    }

    [Fact]
    public void DetectTellsTheKinds()
    {
        Assert.Equal(KindNames.Mdi, KindNames.Detect(NetworkPath));
        Assert.Equal(KindNames.Access, KindNames.Detect(ModelPath("networks/seed004-fig3a-splitter.yaml")));
        Assert.Equal(KindNames.Access, KindNames.DetectFromText("kind: accessNetwork\n", "t.yaml"));
    }

    [Fact]
    public void DetectFollowsRootModelInclude()
    {
        using var dir = new ScratchDirectory();
        string scenario = dir.Write("s.yaml", $"model: {NetworkPath}\ndurationS: 2\n");
        Assert.Equal(KindNames.Mdi, KindNames.Detect(scenario));
    }

    [Fact]
    public void DetectMissingFile()
    {
        var e = ExpectError(() => KindNames.Detect("/nonexistent/s.yaml"), "/nonexistent/s.yaml", "(file)");
        Assert.Equal("scenario file not found", e.Rule);
    }

    [Fact]
    public void AccessScenarioStillLoadsAsBefore()
    {
        var path = ModelPath("networks/seed004-fig3a-splitter.yaml");
        var l = ScenarioLoader.Load(path, []);
        Assert.Equal(2, l.Users.Count);
        Assert.StartsWith("name: \"seed004-fig3a-splitter\"\n", l.CanonicalYaml);
        Assert.DoesNotContain("kind:", l.CanonicalYaml);
        // Pinned before the kind key existed: the access network's canonical text must not change.
        Assert.Equal(Seed004Fig3aHash, l.ScenarioHash);
    }

    [Fact]
    public void AccessScenarioExplicitKindSameScenario()
    {
        const string yaml = "name: t\nusers:\n  - name: A\n    fibreLengthKm: 10\n";
        var implicitKind = LoadText(yaml);
        var explicitKind = LoadText("kind: accessNetwork\n" + yaml);
        Assert.Equal(implicitKind.CanonicalYaml, explicitKind.CanonicalYaml);
        Assert.Equal(implicitKind.ScenarioHash, explicitKind.ScenarioHash);
    }

    [Fact]
    public void AccessLoaderRejectsMdiScenario()
    {
        var e = ExpectError(() => ScenarioLoader.Load(NetworkPath, []), NetworkPath, "kind");
        Assert.Equal("is 'mdiNetwork', but this loader reads 'accessNetwork' scenarios", e.Rule);
    }

    [Fact]
    public void MdiLoaderRejectsScenarioWithoutKind()
    {
        var e = ExpectError(() => LoadMdiText("name: x\n"), "test.yaml", "kind");
        Assert.Equal("is absent, which means accessNetwork; an mdiNetwork scenario must say 'kind: mdiNetwork'", e.Rule);
    }

    [Fact]
    public void UnknownKindSuggests()
    {
        var e = ExpectError(() => LoadMdiText("kind: mdi\n"), "test.yaml", "kind");
        Assert.Equal("unknown scenario kind 'mdi' (did you mean 'mdiNetwork'?)", e.Rule);
        e = ExpectError(() => LoadText("kind: [a]\n"), "test.yaml", "kind");
        Assert.Equal("expected a scenario kind (accessNetwork or mdiNetwork or cvNetwork or cvCovariance), got a list", e.Rule);
    }

    [Fact]
    public void KindCannotBeOverridden()
    {
        var e = ExpectError(() => LoadMdiText(MinimalYaml, "kind=accessNetwork"), "--set", "kind");
        Assert.StartsWith("cannot be overridden", e.Rule);
        ExpectError(() => LoadText("", "kind=mdiNetwork"), "--set", "kind");
    }

    private const string Seed004Fig3aHash = "cdbc54cf59034c849d1297b7d126185d2c868ebff4c70fbea0ae3a88ae65eb51";
}

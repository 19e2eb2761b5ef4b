using System.Diagnostics;
using QkdNetSim.Tests.Cli;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>
/// Validation finishes before simulation (issue 10, class 3): rules the analysis would apply after the run (the two-decoy
/// intensity order, a source that sends no light) are checked when the scenario loads, so no gate is simulated and no
/// output folder is created for a scenario that can only end in an error.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ScenarioAnalysisRulesTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [InlineData("[0.1, 0.2, 0.0002]", "requires mu1 > mu2 + mu3")]
    [InlineData("[0.5, 0.1, 0.1]", "requires mu2 > mu3 (decoy above weakest)")]
    [InlineData("[0.5, 0.4, 0.2]", "requires mu1 > mu2 + mu3")]
    public void DecoyIntensitiesTheAnalysisRejectsAreRejectedWhenTheScenarioLoads(string intensities, string rule)
    {
        var e = ExpectError(() => LoadText("userDefaults:\n  source:\n    intensities: " + intensities + "\n"),
            "test.yaml", "userDefaults.source.intensities");
        Assert.StartsWith(rule, e.Rule);
    }

    [Fact]
    public void AllZeroIntensitiesAreRejected()
    {
        var e = ExpectError(() => LoadText("userDefaults:\n  source:\n    intensities: [0, 0, 0]\n"), "test.yaml", "userDefaults.source.intensities");
        Assert.Contains("all 0", e.Rule);
    }

    [Fact]
    public void ValidDecoyIntensitiesStillLoad()
    {
        var loaded = LoadText("userDefaults:\n  source:\n    intensities: [0.5, 0.1, 0.0002]\n");
        Assert.Equal([0.5, 0.1, 0.0002], loaded.Scenario.UserDefaults.Source!.Intensities);
    }

    [Fact]
    public void ALongRunWithBadIntensitiesFailsAtOnceWithoutAnOutputFolder()
    {
        // 1000 s of the built-in network would take about two minutes to simulate: the error must come before any gate.
        string outDir = _tmp.Sub("never");
        var clock = Stopwatch.StartNew();
        var r = CliRunner.Invoke("run", "--out", outDir, "--quiet", "--duration", "1000",
            "--set", "userDefaults.source.intensities=[0.1,0.2,0.0002]");
        Assert.True(clock.Elapsed.TotalSeconds < 20, $"took {clock.Elapsed.TotalSeconds:F1} s: simulated before validating?");
        CliAssert.BadInput(r, "--set", "userDefaults.source.intensities", outDir);
    }

    [Fact]
    public void AnMdiEncoderThatSendsNoLightIsRejected()
    {
        string outDir = _tmp.Sub("mdi");
        var r = CliRunner.Invoke("run", Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed002-four-user-mdi.yaml"),
            "--out", outDir, "--quiet", "--set", "encoder.intensities=[0,0,0,0]");
        CliAssert.BadInput(r, "--set", "encoder.intensities", outDir);
    }
}

using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>
/// The minimal inputs the property tests (Cli/Properties) found breaking the bad-input contract, each now a one-line input
/// error naming its field (issue 10).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ScenarioFuzzFindingsTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void AnUndefinedAliasInSetNamesTheField()
    {
        string outDir = _tmp.Sub("o");
        var r = CliRunner.Invoke("run", "--out", outDir, "--quiet", "--set", "name=*x");
        CliAssert.BadInput(r, "--set", "name", outDir);
    }

    [Fact]
    public void AnUnclosedFlowMappingBeforeACommentIsInvalidYamlNotAnInternalError()
    {
        string file = _tmp.Write("s.yaml", "a: {\n# c\nd: 1\n");
        string outDir = _tmp.Sub("o");
        var r = CliRunner.Invoke("run", file, "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Single(r.StderrLines);
        Assert.StartsWith($"error: {file}: ", r.StderrLines[0]);
        Assert.Contains("invalid YAML", r.StderrLines[0]);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void ANulInAModelPathIsBadInput()
    {
        string file = _tmp.Write("s.yaml", "name: x\nmodel: \"\\u0000\"\n");
        string outDir = _tmp.Sub("o");
        var r = CliRunner.Invoke("run", file, "--out", outDir, "--quiet");
        CliAssert.BadInput(r, file, "model", outDir);
    }

    [Fact]
    public void ATinyCvDetectionEfficiencyIsBadInput()
    {
        string outDir = _tmp.Sub("o");
        var r = CliRunner.Invoke("run", Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed000-three-node-cv.yaml"),
            "--out", outDir, "--quiet", "--set", "users.1.efficiency=1e-300", "--set", "samples=2000");
        CliAssert.BadInput(r, "--set", "users.1.efficiency", outDir);
    }
}

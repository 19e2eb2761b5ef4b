using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs.Import;

/// <summary>The README's walk-through: the committed examples/lab/access files import and analyze as the README shows.</summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ImportExampleTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void The_committed_access_example_imports_and_analyzes()
    {
        string e = Path.Combine(CliFiles.RepoRoot, "examples", "lab", "access");
        string outDir = _tmp.Sub("lab-access");
        var r = CliRunner.Invoke("import", "--kind", "access", "--setup", Path.Combine(e, "setup.yaml"), "--tags", Path.Combine(e, "tags.csv"),
            "--settings", Path.Combine(e, "settings.csv"), "--settings", Path.Combine(e, "emitted.csv"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("imported access: 1,037 rows", r.Stdout);
        var a = CliRunner.Invoke("analyze", outDir, "--format", "csv");
        Assert.True(a.ExitCode == 0, a.Stderr);
        // The example is `run --duration 0.002 --seed 7` with jittered tags: its sifted bits are that run's (238 and 214).
        var rows = a.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("T1,0,13.6,238,", rows[1]);
        Assert.StartsWith("T2,4,14,214,", rows[2]);
    }
}

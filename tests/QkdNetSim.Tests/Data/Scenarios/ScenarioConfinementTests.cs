using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>
/// Confinement of `model:` includes (issue 10, class 4): a model file must lie, after links and `..` are resolved, in the
/// scenario's folder tree, the repository's models/ or a folder of QKDNETSIM_MODEL_PATH. Anything else is one error line
/// naming the including file and its `model` field, exit code 2, and never a line of the target file.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ScenarioConfinementTests : IDisposable
{
    private const string Secret = "SECRET-LINE-7f3a: do not print me";
    private const string Variable = "QKDNETSIM_MODEL_PATH";

    private readonly CliTempDir _dir = new();
    private readonly string _secret;

    public ScenarioConfinementTests()
    {
        // A valid detector model outside the scenario's folder (so only confinement can reject it), with a marker line.
        _secret = _dir.Write("outside/det.yaml", $"# {Secret}\nefficiency: 0.2\n");
    }

    public void Dispose() => _dir.Dispose();

    private string OutDir => _dir.Sub("out");

    private string Scenario(string modelPath) =>
        _dir.Write("scen/s.yaml", $"name: confined\nreceiver:\n  detector:\n    model: {modelPath}\nuserCount: 1\n");

    private CliResult Run(string scenario) => CliRunner.Invoke("run", scenario, "--duration", "0.001", "--quiet", "--no-log", "--out", OutDir);

    private string Rejected(string modelPath)
    {
        string scenario = Scenario(modelPath);
        var r = Run(scenario);
        string line = CliAssert.BadInput(r, scenario, "receiver.detector.model", OutDir);
        Assert.Contains("is outside the allowed folders", line);
        Assert.Contains(Variable, line);
        Assert.DoesNotContain("SECRET", r.Stderr + r.Stdout);
        Assert.DoesNotContain("root:", r.Stderr + r.Stdout);
        return line;
    }

    [Fact]
    public void DotDotToEtcPasswdIsRejectedWithoutEchoingIt()
    {
        // scen/s.yaml sits two levels below the temp folder; enough `..` reach / whatever its depth.
        string up = string.Concat(Enumerable.Repeat("../", _dir.Sub("scen").Count(c => c == '/') + 1));
        Rejected(up + "etc/passwd");
        Rejected("../../etc/passwd");
    }

    [Fact]
    public void AbsolutePathOutsideIsRejected() => Rejected(_secret);

    [Fact]
    public void RelativePathToASiblingFolderIsRejected() => Rejected("../outside/det.yaml");

    [Fact]
    public void SymlinkPointingOutsideIsRejected()
    {
        Directory.CreateDirectory(_dir.Sub("scen"));
        File.CreateSymbolicLink(_dir.Sub("scen/link.yaml"), _secret);
        Rejected("link.yaml");
    }

    [Fact]
    public void DotDotAfterADirectorySymlinkClimbsFromTheLinkTarget()
    {
        // scen/sub -> outside: lexically sub/../outside/det.yaml is scen/outside/det.yaml, physically it is outside/../outside.
        Directory.CreateDirectory(_dir.Sub("scen"));
        Directory.CreateSymbolicLink(_dir.Sub("scen/sub"), _dir.Sub("outside"));
        Rejected("sub/det.yaml");
        Rejected("sub/../outside/det.yaml");
    }

    [Fact]
    public void IncludeInsideTheScenarioTreeWorks()
    {
        _dir.Write("scen/parts/det.yaml", "efficiency: 0.2\n");
        Directory.CreateSymbolicLink(_dir.Sub("scen/alias"), _dir.Sub("scen/parts"));  // a link that stays inside
        foreach (string path in new[] { "parts/det.yaml", "./parts/../parts/det.yaml", "alias/det.yaml" })
        {
            var r = Run(Scenario(path));
            Assert.True(r.ExitCode == 0, $"{path}: exit {r.ExitCode}: {r.Stderr}");
        }
    }

    [Fact]
    public void IncludeIntoTheRepositoryModelsWorksFromAnywhere()
    {
        string det = Path.Combine(CliFiles.RepoRoot, "models", "detectors", "toshiba-gated-apd-1ghz.yaml");
        foreach (string path in new[] { det, Path.GetRelativePath(_dir.Sub("scen"), det) })
        {
            var r = Run(Scenario(path));
            Assert.True(r.ExitCode == 0, $"{path}: exit {r.ExitCode}: {r.Stderr}");
        }
    }

    [Fact]
    public void ModelPathVariableWidensTheAllowedFolders()
    {
        string scenario = Scenario(_secret);
        string? old = Environment.GetEnvironmentVariable(Variable);
        try
        {
            Environment.SetEnvironmentVariable(Variable, "/nonexistent-qkdnetsim" + Path.PathSeparator + _dir.Sub("outside"));
            var r = Run(scenario);
            Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        }
        finally { Environment.SetEnvironmentVariable(Variable, old); }
        Directory.Delete(OutDir, recursive: true);
        Rejected(_secret);
    }

    [Fact]
    public void AFileThatIsNotAScenarioIsRejectedWithoutQuotingItsText()
    {
        // A password-file-like text read as YAML is one long scalar: the error names the file and what it is, never its text.
        string notYaml = _dir.Write("scen/passwd", "root:x:0:0:SECRET-7f3a:/root:/bin/bash daemon:x:1:1:daemon\n");
        var r = Run(notYaml);
        string line = CliAssert.BadInput(r, notYaml, "(file)", OutDir);
        Assert.Contains("got a single text value", line);
        Assert.DoesNotContain("SECRET", r.Stderr + r.Stdout);
        Assert.DoesNotContain("root:", r.Stderr + r.Stdout);
    }

    [Theory]
    [InlineData("mode")]
    [InlineData("combiner.type")]
    public void AValueTooLongToQuoteIsDescribedByItsLength(string field)
    {
        // A short wrong value is quoted as typed (what the user wrote); a long one (here 200 characters) only by its length.
        string value = new('x', 200);
        string[] path = field.Split('.');
        string yaml = path.Length == 1 ? $"name: q\n{field}: {value}\n" : $"name: q\n{path[0]}:\n  {path[1]}: {value}\n";
        string scenario = _dir.Write($"scen/{field}.yaml", yaml);
        var r = Run(scenario);
        string line = CliAssert.BadInput(r, scenario, field, OutDir);
        Assert.Contains("a text of 200 characters", line);
        Assert.DoesNotContain(value, line);
    }
}

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// A scenario's name becomes the default output folder runs/NAME (issue 10, class 4): a name that is not one plain
/// folder name is rejected with exit code 2 and one line `error: FILE: name: rule`, and no folder is created.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliScenarioNameTests
{
    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("..")]
    [InlineData("tab\there")]
    [InlineData(null)]  // 200 characters
    public void NameThatIsNotOneFolderNameIsRejected(string? name)
    {
        name ??= new string('n', 200);
        string cwd = Directory.GetCurrentDirectory();
        string[] wouldBe = [Path.Combine(cwd, "runs", name), Path.GetFullPath(Path.Combine(cwd, "runs", name)), Path.Combine(cwd, "x")];
        bool[] before = wouldBe.Select(Directory.Exists).ToArray();

        var r = CliRunner.Invoke("run", "--set", $"name={name}", "--duration", "0.001", "--quiet", "--no-log");

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        var lines = r.StderrLines;
        Assert.True(lines.Length == 1, r.Stderr);
        Assert.Matches("^error: [^:]+: name: must be one folder name", lines[0]);
        Assert.Equal(before, wouldBe.Select(Directory.Exists).ToArray());
    }

    [Fact]
    public void NulAndEmptyNamesBreakTheRule()
    {
        // YAML itself refuses NUL in --set, and an empty --set value is "nothing"; a bound name may still hold either.
        Assert.Contains("control characters", QkdNetSim.Runs.Access.ScenarioValidator.RunNameProblem("a\0b"));
        Assert.Contains("not empty", QkdNetSim.Runs.Access.ScenarioValidator.RunNameProblem(""));
        Assert.Null(QkdNetSim.Runs.Access.ScenarioValidator.RunNameProblem("seed004 fig. 3a (splitter)"));
    }

    [Fact]
    public void EveryScenarioNameInModelsIsValid()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(CliFiles.RepoRoot, "models"), "*.yaml", SearchOption.AllDirectories))
            foreach (string line in File.ReadLines(file).Where(l => l.StartsWith("name:", StringComparison.Ordinal)))
            {
                string name = line["name:".Length..].Trim();
                Assert.True(QkdNetSim.Runs.Access.ScenarioValidator.RunNameProblem(name) is null, $"{file}: {name}");
            }
    }

    [Fact]
    public void NameRuleIsCheckedForEveryKind()
    {
        using var dir = new CliTempDir();
        foreach (string network in new[] { "seed002-four-user-mdi.yaml", "seed000-three-node-cv.yaml", "seed004-fig3a-splitter.yaml" })
        {
            string scenario = Path.Combine(CliFiles.RepoRoot, "models", "networks", network);
            var r = CliRunner.Invoke("run", scenario, "--set", "name=a/b", "--quiet", "--no-log", "--out", dir.Sub("out"));
            CliAssert.BadInput(r, "--set", "name", dir.Sub("out"));
        }
    }
}

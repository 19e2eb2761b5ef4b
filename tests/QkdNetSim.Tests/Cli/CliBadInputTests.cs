using QkdNetSim.Cli;
using QkdNetSim.Runs;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// Bad input to `run`: exit code 2, one stderr line "error: FILE: FIELD: rule", and nothing written (not even the
/// output directory). Each test is one class of mistake.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliBadInputTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string OutDir => _tmp.Sub("out");

    /// <summary>The built-in scenario text with one edit, written to a scenario file in the scratch directory.</summary>
    private string ScenarioWith(string oldText, string newText, string name = "scenario.yaml")
    {
        string text = BuiltInScenarios.Seed004Default;
        Assert.Contains(oldText, text);
        return _tmp.Write(name, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    private CliResult Run(params string[] args)
    {
        var all = new List<string> { "run" };
        all.AddRange(args);
        all.AddRange(["--out", OutDir, "--quiet", "--duration", "0.05"]);
        return CliRunner.Invoke(all.ToArray());
    }

    [Fact]
    public void UnknownYamlKeyInScenarioFile()
    {
        string file = ScenarioWith("durationS: 60", "durationS: 60\nbogusKey: 1");
        var r = Run(file);
        string line = CliAssert.BadInput(r, file, "bogusKey", OutDir);
        Assert.Contains("unknown key", line);
    }

    [Fact]
    public void UnknownNestedYamlKeyInScenarioFile()
    {
        string file = ScenarioWith("  ports: 8", "  ports: 8\n  insertionLosDb: 3");
        var r = Run(file);
        CliAssert.BadInput(r, file, "combiner.insertionLosDb", OutDir);
    }

    [Fact]
    public void NegativeFibreLengthViaSet()
    {
        var r = Run("--set", "users.0.fibreLengthKm=-3");
        string line = CliAssert.BadInput(r, "--set", "users.0.fibreLengthKm", OutDir);
        Assert.Contains("-3", line);
    }

    [Fact]
    public void NegativeInsertionLossInScenarioFile()
    {
        string file = ScenarioWith("insertionLossDb: 9.7", "insertionLossDb: -1.5");
        var r = Run(file);
        CliAssert.BadInput(r, file, "combiner.insertionLossDb", OutDir);
    }

    [Fact]
    public void NonNumericLossInScenarioFile()
    {
        string file = ScenarioWith("insertionLossDb: 9.7", "insertionLossDb: lots");
        var r = Run(file);
        string line = CliAssert.BadInput(r, file, "combiner.insertionLossDb", OutDir);
        Assert.Contains("lots", line);
    }

    [Fact]
    public void NonNumericLossViaSet()
    {
        var r = Run("--set", "users.1.fibreLengthKm=far");
        CliAssert.BadInput(r, "--set", "users.1.fibreLengthKm", OutDir);
    }

    [Fact]
    public void ProbabilitiesNotSummingToOneInScenarioFile()
    {
        string file = ScenarioWith("probabilities: [0.9883, 0.0078, 0.0039]", "probabilities: [0.9, 0.05, 0.04]");
        var r = Run(file);
        string line = CliAssert.BadInput(r, file, "userDefaults.source.probabilities", OutDir);
        Assert.Contains("sum", line);
    }

    [Fact]
    public void ProbabilitiesNotSummingToOneViaSet()
    {
        var r = Run("--set", "userDefaults.source.probabilities=[0.5,0.3,0.3]");
        CliAssert.BadInput(r, "--set", "userDefaults.source.probabilities", OutDir);
    }

    [Fact]
    public void MoreActiveUsersThanSplitterPorts()
    {
        var r = Run("--set", "userCount=12", "--set", "activeUsers=12");
        string line = CliAssert.BadInput(r, "--set", "activeUsers", OutDir);
        Assert.Contains("8 ports", line);
    }

    [Fact]
    public void PortWiredTwice()
    {
        var r = Run("--set", "users.1.port=0");
        string line = CliAssert.BadInput(r, "--set", "users.1.port", OutDir);
        Assert.Contains("wired twice", line);
    }

    [Fact]
    public void MissingModelFile()
    {
        string file = _tmp.Write("scenario.yaml", """
            name: missing-model
            durationS: 0.05
            receiver: {model: nope.yaml}
            users:
              - {name: T1}
            """);
        var r = Run(file);
        string line = CliAssert.BadInput(r, file, "receiver.model", OutDir);
        Assert.Contains("nope.yaml", line);
    }

    [Fact]
    public void MissingScenarioFile()
    {
        string file = _tmp.Sub("does-not-exist.yaml");
        var r = Run(file);
        CliAssert.BadInput(r, file, "(file)", OutDir);
    }

    [Fact]
    public void UnknownCliOption()
    {
        var r = Run("--bogus", "1");
        string line = CliAssert.BadInput(r, "command line", "--bogus", OutDir);
        Assert.Contains("unknown option", line);
    }

    [Fact]
    public void NonNumericSeedOption()
    {
        var r = Run("--seed", "five");
        CliAssert.BadInput(r, "command line", "--seed", OutDir);
    }
}

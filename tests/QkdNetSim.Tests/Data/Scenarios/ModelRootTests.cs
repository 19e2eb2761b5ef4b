using QkdNetSim.Data.Scenarios;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>
/// The model root (<see cref="ModelRoot"/>): QKDNETSIM_MODEL_ROOT, else the models an installed tool carries, else the
/// checkout the program was built in (these tests run from a build in the checkout). `run` looks a scenario path that does
/// not exist up in its models/, and `model:` includes may read from it (issue 6's confinement).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ModelRootTests : IDisposable
{
    private readonly CliTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static T WithRoot<T>(string? root, Func<T> body)
    {
        string? old = Environment.GetEnvironmentVariable(ModelRoot.Variable);
        try
        {
            Environment.SetEnvironmentVariable(ModelRoot.Variable, root);
            return body();
        }
        finally { Environment.SetEnvironmentVariable(ModelRoot.Variable, old); }
    }

    private CliResult Run(string? root, string scenario, string outName) => WithRoot(root, () =>
        CliRunner.Invoke("run", scenario, "--duration", "0.001", "--no-log", "--quiet", "--out", _dir.Sub(outName)));

    private string NameOf(string outName) => CliFiles.ReadJson(Path.Combine(_dir.Sub(outName), "summary.json"))["scenarioName"]!.GetValue<string>();

    [Fact]
    public void A_packaged_model_runs_by_its_path_under_models_from_any_working_directory()
    {
        // The test host's working directory has no networks/ folder: both forms resolve in the checkout's models/.
        Assert.False(File.Exists("networks/seed004-fig3a-splitter.yaml"));
        string expected = Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed004-fig3a-splitter.yaml");
        Assert.Equal(expected, WithRoot(null, () => ModelRoot.FindScenario("networks/seed004-fig3a-splitter.yaml")));
        foreach (string written in new[] { "networks/seed004-fig3a-splitter.yaml", "models/networks/seed004-fig3a-splitter.yaml" })
        {
            var r = Run(null, written, "out");
            Assert.True(r.ExitCode == 0, $"{written}: exit {r.ExitCode}: {r.Stderr}");
            Assert.Equal("seed004-fig3a-splitter", NameOf("out"));
        }
    }

    [Fact]
    public void The_model_root_variable_names_another_folder_holding_models()
    {
        // A copy of the seed-004 models under ROOT/models, the network renamed: the variable's models win.
        string root = _dir.Sub("root");
        foreach (string f in new[] { "networks/seed004-fig3a-splitter.yaml", "receivers/seed004-receiver.yaml", "detectors/toshiba-gated-apd-1ghz.yaml", "sources/seed004-decoy-source.yaml" })
            _dir.Write(Path.Combine("root", "models", f), File.ReadAllText(Path.Combine(CliFiles.RepoRoot, "models", f))
                .Replace("name: seed004-fig3a-splitter\n", "name: copied-splitter\n", StringComparison.Ordinal));
        var r = Run(root, "networks/seed004-fig3a-splitter.yaml", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("copied-splitter", NameOf("out"));

        // A scenario elsewhere may include the model root's models (and is refused them without the variable, being
        // outside every checkout).
        string det = Path.Combine(root, "models", "detectors", "toshiba-gated-apd-1ghz.yaml");
        string scenario = _dir.Write("elsewhere/s.yaml", $"name: elsewhere\nreceiver:\n  detector:\n    model: {det}\nuserCount: 1\n");
        var included = Run(root, scenario, "inc");
        Assert.True(included.ExitCode == 0, included.Stderr);
        var refused = Run(null, scenario, "refused");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is outside the allowed folders", refused.Stderr);
    }

    [Fact]
    public void A_model_root_without_models_is_bad_input_naming_the_variable()
    {
        string empty = Directory.CreateDirectory(_dir.Sub("empty")).FullName;
        var r = Run(empty, "networks/seed004-fig3a-splitter.yaml", "out");
        string line = CliAssert.BadInput(r, empty, ModelRoot.Variable, _dir.Sub("out"));
        Assert.Contains("no models/ folder", line);
    }

    [Fact]
    public void A_path_found_in_neither_place_is_reported_as_written()
    {
        var r = Run(null, "networks/no-such-network.yaml", "out");
        CliAssert.BadInput(r, "networks/no-such-network.yaml", "(file)", _dir.Sub("out"));
    }

    [Fact]
    public void An_existing_or_absolute_path_is_used_as_written()
    {
        string local = _dir.Write("here/networks/seed004-fig3a-splitter.yaml", "name: local\nuserCount: 1\n");
        Assert.Equal(local, WithRoot(null, () => ModelRoot.FindScenario(local)));
        string absent = _dir.Sub("here/networks/none.yaml");
        Assert.Equal(absent, WithRoot(null, () => ModelRoot.FindScenario(absent)));
    }
}

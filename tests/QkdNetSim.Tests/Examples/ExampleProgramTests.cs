using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Examples;

/// <summary>
/// The file-based programs in examples/ (README "Examples") on small data the CLI makes here: a 0.5 s run with a
/// four-block time series and a four-point model-engine study, each handed to its program with `dotnet run
/// examples/NAME.cs -- ...`, which must exit 0 and write its PNGs. The first `dotnet run` of a file builds it (and
/// QkdNetSim.Data in Debug): about 10-30 s in all.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ExampleProgramTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);
    private readonly CliTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CommandResult RunExample(string name, params string[] args) =>
        ExternalCommand.Run(ExternalCommand.Dotnet, ["run", Path.Combine("examples", name), "--", .. args], CliFiles.RepoRoot, Timeout);

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] head = File.ReadAllBytes(path)[..8];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head);
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} is too small to hold a figure");
    }

    [Fact]
    [Trait("Category", "Examples")]
    public void The_run_example_loads_a_run_as_DataFrames_and_plots_it()
    {
        string run = _dir.Sub("run"), figures = _dir.Sub("figures");
        CliRunner.RunOk(run, "--duration", "0.5", "--set", "timeseries.blockS=0.125");
        var r = RunExample("run.cs", run, figures);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("detections.parquet: ", r.Stdout);
        Assert.Contains("timeseries.parquet: 8 rows", r.Stdout); // 2 users x 4 blocks
        AssertPng(Path.Combine(figures, "clicks_per_bin.png"));
        AssertPng(Path.Combine(figures, "timeseries.png"));
    }

    [Fact]
    [Trait("Category", "Examples")]
    public void The_sweep_example_loads_a_study_dataset_as_a_DataFrame_and_plots_it()
    {
        string study = _dir.Write("small.yaml", """
            name: example-small
            base: builtin
            engine: model
            set: [durationS=1]
            parameters:
              distance: [0, 10, 20, 30]
            """);
        string dataset = _dir.Sub("study");
        var sweep = CliRunner.Invoke("sweep", study, "--out", dataset, "--quiet");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        string png = _dir.Sub("key-rate.png");
        var r = RunExample("sweep.cs", dataset, "distance", "asymptoticKeyRateBitPerS", "unitName", png);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("points.parquet: 8 rows", r.Stdout); // 4 points x 2 users
        AssertPng(png);

        var missing = RunExample("sweep.cs", dataset, "distance", "noSuchMetric");
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("error: ", missing.Stderr);
    }
}

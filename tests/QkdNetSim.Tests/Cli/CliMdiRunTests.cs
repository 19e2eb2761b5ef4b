using QkdNetSim.Runs;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Tests.Cli;

/// <summary>`run` and `analyze` on the seed-002 MDI network file: outputs, determinism, analyze = run, bad input.</summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliMdiRunTests : IDisposable
{
    private readonly CliTempDir _tmp = new();
    private static string Network => Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed002-four-user-mdi.yaml");

    public void Dispose() => _tmp.Dispose();

    private string RunMdi(string name, params string[] extra)
    {
        string dir = _tmp.Sub(name);
        var args = new List<string> { "run", Network, "--out", dir, "--quiet", "--duration", "0.2" };
        args.AddRange(extra);
        var r = CliRunner.Invoke(args.ToArray());
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return dir;
    }

    [Fact]
    public void RunWritesTheCoincidenceLogAndAPerPairSummaryThatAnalyzeReproduces()
    {
        string dir = RunMdi("a", "--seed", "5");
        string log = Path.Combine(dir, CoincidenceLogSchema.FileName);
        string summaryPath = Path.Combine(dir, RunPipeline.SummaryFileName);
        Assert.True(File.Exists(log));
        var summary = MdiRunSummary.FromJson(File.ReadAllText(summaryPath));
        Assert.Equal(6, summary.Pairs.Count);
        Assert.Equal(15, summary.FourFold!.Count);
        Assert.Equal(20_000_000, summary.SimulatedSlots);
        Assert.All(summary.Pairs, p => Assert.True(p.Yields["zz"].Count > 100, $"{p.Name}: {p.Yields["zz"].Count} zz counts"));
        Assert.Equal(16, summary.Pairs[0].Yields.Count);

        var run = CliFiles.ReadJson(summaryPath);
        var r = CliRunner.Invoke("analyze", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var analyzed = CliFiles.ReadJson(summaryPath);
        string[] volatileFields = ["command", "source", "run.wallTimeS", "run.coincidencesPerWallSecond", "run.moduleSlotsSampled"];
        CliFiles.AssertSameJson(CliFiles.Without(run, volatileFields), CliFiles.Without(analyzed, volatileFields), "analyze vs run");
    }

    [Fact]
    public void SameSeedGivesTheSameCoincidenceLogBytes()
    {
        string a = RunMdi("a", "--seed", "9"), b = RunMdi("b", "--seed", "9"), c = RunMdi("c", "--seed", "10");
        string f = CoincidenceLogSchema.FileName;
        Assert.Equal(CliFiles.Sha256(Path.Combine(a, f)), CliFiles.Sha256(Path.Combine(b, f)));
        Assert.NotEqual(CliFiles.Sha256(Path.Combine(a, f)), CliFiles.Sha256(Path.Combine(c, f)));
    }

    [Theory]
    [InlineData("modules.0.channel=40", "modules.0.channel")]                         // BSM wired to a wavelength no user sends
    [InlineData("users.1.demux=DEMUX-A", "users.1.demux")]                            // two users on one DEMUX port
    [InlineData("timing.coincidenceWindowPs=0", "timing.coincidenceWindowPs")]       // window <= 0
    [InlineData("encoder.intensities=[10.5, 0.204, 0.054, 0]", "encoder.intensities")] // intensity outside [0, 10]
    [InlineData("encoder.intensities=[0.636, -0.1, 0.054, 0]", "encoder.intensities")]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string set, string fieldPrefix)
    {
        string dir = _tmp.Sub("bad");
        var r = CliRunner.Invoke("run", Network, "--out", dir, "--quiet", "--set", set);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        var lines = r.StderrLines;
        Assert.Single(lines);
        Assert.StartsWith("error: --set: " + fieldPrefix, lines[0]);
        Assert.False(Directory.Exists(dir));
    }
}

using QkdNetSim.Tests.Experiments.Seed000;
namespace QkdNetSim.Tests.Cli;

/// <summary>
/// CV networks through the CLI: `run` of a cvNetwork scenario and `analyze` of its log reproduce the same summary;
/// `analyze` of a cvCovariance file gives the model's key rates; bad input (V_M &lt;= 0, eta outside (0, 1], a
/// non-positive-definite or uncertainty-violating matrix) is one stderr line, exit 2, and nothing written.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliCvTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Model(string relative) => Path.Combine(QkdNetSim.Experiments.RepoPaths.Root(), "models", relative);

    private string Covariance(string oldText = "", string newText = "")
    {
        string text = File.ReadAllText(Model("measurements/seed000-three-node-covariance.yaml"));
        if (oldText.Length > 0)
        {
            Assert.Contains(oldText, text);
            text = text.Replace(oldText, newText, StringComparison.Ordinal);
        }
        return _tmp.Write("cov.yaml", text);
    }

    [Fact]
    public void CvRunThenAnalyzeGiveTheSameSummary()
    {
        string outDir = _tmp.Sub("run");
        var r = CliRunner.Invoke("run", Model("networks/seed000-three-node-cv.yaml"), "--set", "samples=20000", "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        var a = CliRunner.Invoke("analyze", outDir);
        Assert.True(a.ExitCode == 0, a.Stderr);
        string analyzed = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        // Identical estimates; only the command and source fields, the run object's cost and kernel fields (analyze has no
        // kernel: kernelEvents and simulatedTimeS are null) and the file named in diagnostics (scenario vs log) differ.
        static string Numbers(string json) => string.Join('\n', json.Split('\n')
            .Where(l => !l.Contains("\"command\"") && !l.Contains("\"source\"") && !l.Contains("\"physicalityViolation\"") && !l.Contains("\"note\"")
                && !l.Contains("\"wallTimeS\"") && !l.Contains("\"roundsPerWallSecond\"") && !l.Contains("\"logFile\"")
                && !l.Contains("\"kernelEvents\"") && !l.Contains("\"simulatedTimeS\"")));
        Assert.Equal(Numbers(summary), Numbers(analyzed));
    }

    [Fact]
    public void ABobWhoseSamplesShowNoCorrelationGetsNullEstimatesNotAnErrorAfterTheRun()
    {
        // 2000 km of feeder (T ~ 4e-41): 1,000 rounds resolve no signal, so <ab> is noise and, at this seed, negative for
        // bob1. That is a result of the run (issue 10, class 3: nothing the scenario could have told beforehand), so the
        // run and analyze both publish a summary whose bob1 estimates are null and say why; before, both exited 2 after
        // the whole simulation and wrote nothing.
        string outDir = _tmp.Sub("far");
        foreach (var args in new[]
        {
            new[] { "run", Model("networks/seed000-three-node-cv.yaml"), "--set", "feederFibreKm=2000", "--set", "samples=1000", "--out", outDir, "--quiet" },
            new[] { "analyze", outDir },
        })
        {
            var r = CliRunner.Invoke(args);
            Assert.True(r.ExitCode == 0, $"{args[0]}: exit {r.ExitCode}: {r.Stderr}");
            var bob1 = CliFiles.ReadJson(Path.Combine(outDir, "summary.json"))["users"]![0]!;
            Assert.Null(bob1["transmittance"]);
            Assert.Null(bob1["gg02KeyRateEstimateBits"]);
            Assert.Contains("correlation: Alice-Bob covariance <ab>", (string)bob1["physicalityViolation"]!);
        }
    }

    [Fact]
    public void CvCovarianceFileGivesTheModelKeyRates()
    {
        string file = Covariance();
        var r = CliRunner.Invoke("analyze", file);
        Assert.True(r.ExitCode == 0, r.Stderr);
        string json = File.ReadAllText(Path.Combine(_tmp.Root, "cov.summary.json"));
        var doc = System.Text.Json.JsonDocument.Parse(json).RootElement;
        // The file holds the model's matrix (rounded to 1e-6): K_AB1 = 6.29e-3, K_AB2 = 2.25e-3 (Seed000ExperimentTests).
        Assert.Equal(6.29e-3, doc.GetProperty("users")[0].GetProperty("keyRateBits").GetDouble(), 5e-5);
        Assert.Equal(2.25e-3, doc.GetProperty("users")[1].GetProperty("keyRateBits").GetDouble(), 5e-5);
    }

    [Fact]
    public void CvUncertaintyViolatingMatrixIsBadInput()
    {
        string file = Covariance("[1.126774, 0, 1.303687, 0, 0.293012, 0]", "[1.126774, 0, 0.9, 0, 0.293012, 0]");
        var r = CliRunner.Invoke("analyze", file);
        string line = CliAssert.BadInput(r, file, "matrixSnu", _tmp.Sub("none"));
        Assert.Contains("uncertainty principle", line);
        Assert.False(File.Exists(Path.Combine(_tmp.Root, "cov.summary.json")));
    }

    [Fact]
    public void CvNonPositiveDefiniteMatrixIsBadInput()
    {
        string file = Covariance("[3.333, 0, 1.126774, 0, 1.126774, 0]", "[0.2, 0, 1.126774, 0, 1.126774, 0]");
        var r = CliRunner.Invoke("analyze", file);
        string line = CliAssert.BadInput(r, file, "matrixSnu", _tmp.Sub("none"));
        Assert.Contains("positive definite", line);
    }

    [Fact]
    public void CvDetectorEfficiencyOutsideUnitIntervalIsBadInput()
    {
        string file = Covariance("efficiency: 0.485", "efficiency: 1.3");
        CliAssert.BadInput(CliRunner.Invoke("analyze", file), file, "detectors.1.efficiency", _tmp.Sub("none"));
    }

    [Theory]
    [InlineData("modulationVarianceSnu=0", "modulationVarianceSnu")]
    [InlineData("modulationVarianceSnu=-1", "modulationVarianceSnu")]
    [InlineData("users.0.efficiency=0", "users.0.efficiency")]
    [InlineData("users.1.efficiency=1.5", "users.1.efficiency")]
    public void CvScenarioRejectsBadModulationVarianceAndEfficiency(string set, string field)
    {
        string outDir = _tmp.Sub("bad");
        var r = CliRunner.Invoke("run", Model("networks/seed000-three-node-cv.yaml"), "--set", set, "--out", outDir, "--quiet");
        CliAssert.BadInput(r, "--set", field, outDir);
    }
}

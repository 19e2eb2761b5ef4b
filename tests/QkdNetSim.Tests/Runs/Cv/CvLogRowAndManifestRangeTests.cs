using System.Text.Json.Nodes;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Tests.Cli;
using QkdNetSim.Tests.Data.Log;
using QkdNetSim.Tests.Runs.Mdi;

namespace QkdNetSim.Tests.Runs.Cv;

/// <summary>One short simulated CV run (seed-000 three-node network, seed 7, 20,000 rounds), shared by the cases that rewrite its log.</summary>
public sealed class CvLogFixture : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public CvLogFixture()
    {
        RunDir = _tmp.Sub("run");
        string scenario = Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed000-three-node-cv.yaml");
        CliRunner.RunOk(RunDir, scenario, "--seed", "7", "--set", "samples=20000");
        using var reader = CvSampleLogReader.Open(Path.Combine(RunDir, CvSampleLogSchema.FileName));
        var round = new List<long>();
        var user = new List<int>();
        var values = new List<double>[4] { new(), new(), new(), new() };
        reader.ReadAll(c =>
        {
            for (int i = 0; i < c.Length; i++)
            {
                round.Add(c.Round[i]); user.Add(c.User[i]);
                values[0].Add(c.AliceX[i]); values[1].Add(c.AliceP[i]); values[2].Add(c.BobX[i]); values[3].Add(c.BobP[i]);
            }
        });
        Round = round.ToArray();
        User = user.ToArray();
        Values = values.Select(v => v.ToArray()).ToArray();
        Manifest = reader.Manifest!;
    }

    public string RunDir { get; }
    public long[] Round { get; }
    public int[] User { get; }
    /// <summary>alice_x, alice_p, bob_x, bob_p.</summary>
    public double[][] Values { get; }
    public string Manifest { get; }
    public string Sub(string name) => _tmp.Sub(name);

    public void Dispose() => _tmp.Dispose();
}

/// <summary>
/// `analyze` of cv_samples.parquet: a user the manifest does not have is bad input with its row number; the manifest
/// obeys the scenario's ranges; summary.json marks a log without content hash as a lab log.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CvLogRowAndManifestRangeTests(CvLogFixture run) : IClassFixture<CvLogFixture>
{
    private const int EditedRow = 5;

    private string WriteLog(int? editedUser = null, string? manifest = null)
    {
        string dir = run.Sub(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, CvSampleLogSchema.FileName);
        using var w = new CvSampleLogWriter(path, new Dictionary<string, string> { [LogMetadata.ManifestKey] = manifest ?? run.Manifest }, 4096);
        for (int i = 0; i < run.Round.Length; i++)
            w.Append(run.Round[i], i == EditedRow && editedUser is int u ? u : run.User[i],
                run.Values[0][i], run.Values[1][i], run.Values[2][i], run.Values[3][i]);
        w.Complete();
        return path;
    }


    [Fact]
    public void AUserTheManifestDoesNotHaveIsOneLineWithItsRowNumber()
    {
        int users = CvRunManifest.FromJson(run.Manifest, "m").Users.Count;
        string log = WriteLog(editedUser: users);
        string line = CliAssert.AnalyzeRejects(log, CvSampleLogSchema.User);
        Assert.Equal($"error: {log}: user: value {users} at row {EditedRow} is not a user of the manifest's {users} users", line);
    }

    [Theory]
    [InlineData("rounds", "-1", "qkdnetsim.manifest.rounds")]
    [InlineData("reconciliationEfficiency", "0", "qkdnetsim.manifest.reconciliationEfficiency")]
    [InlineData("reconciliationEfficiency", "1.5", "qkdnetsim.manifest.reconciliationEfficiency")]
    [InlineData("modulationVarianceSnu", "0", "qkdnetsim.manifest.modulationVarianceSnu")]
    [InlineData("modulationVarianceSnu", "1e308", "qkdnetsim.manifest.modulationVarianceSnu")]
    [InlineData("confidenceStandardScore", "-1", "qkdnetsim.manifest.confidenceStandardScore")]
    [InlineData("users.0.trueTransmittance", "2", "qkdnetsim.manifest.users.0.trueTransmittance")]
    [InlineData("users.0.electronicNoiseSnu", "1e300", "qkdnetsim.manifest.users.0.electronicNoiseSnu")]
    [InlineData("users.0.efficiency", "0", "qkdnetsim.manifest.users.0.efficiency")]
    [InlineData("users", "[]", "qkdnetsim.manifest")]
    public void AManifestValueOutsideTheScenarioRangeIsOneLineNamingTheManifestPath(string path, string json, string field)
    {
        var doc = JsonNode.Parse(run.Manifest)!;
        ManifestEdit.Set(doc, path, json);
        CliAssert.AnalyzeRejects(WriteLog(manifest: doc.ToJsonString()), field);
    }

    [Fact]
    public void TheSummaryMarksALogWithoutContentHashAsALabLogAndTheRunsOwnLogAsNot()
    {
        Assert.False(CliFiles.ReadJson(Path.Combine(run.RunDir, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());

        string own = Path.GetDirectoryName(WriteLog())!;
        var o = CliRunner.Invoke("analyze", own, "--format", "json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.False(CliFiles.ReadJson(Path.Combine(own, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());

        string lab = run.Sub("lab");
        Directory.CreateDirectory(lab);
        var f = CvSampleLogSchema.Fields;
        RawParquet.Write(Path.Combine(lab, CvSampleLogSchema.FileName),
            [(f[0], run.Round), (f[1], run.User), (f[2], run.Values[0]), (f[3], run.Values[1]), (f[4], run.Values[2]), (f[5], run.Values[3])],
            new Dictionary<string, string> { [LogMetadata.ManifestKey] = run.Manifest });
        var r = CliRunner.Invoke("analyze", lab, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(CliFiles.ReadJson(Path.Combine(lab, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());
    }
}

using System.Text.Json.Nodes;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Cli;
using QkdNetSim.Tests.Data.Log;

namespace QkdNetSim.Tests.Runs.Mdi;

/// <summary>One short simulated MDI run (seed-002 four-user network, seed 7, 10 ms), shared by the cases that rewrite its log.</summary>
public sealed class MdiLogFixture : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public MdiLogFixture()
    {
        RunDir = _tmp.Sub("run");
        string scenario = Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed002-four-user-mdi.yaml");
        CliRunner.RunOk(RunDir, scenario, "--seed", "7", "--duration", "0.01");
        using var reader = CoincidenceLogReader.Open(Path.Combine(RunDir, CoincidenceLogSchema.FileName));
        Rows = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
        Manifest = reader.Manifest!;
    }

    public string RunDir { get; }
    public CoincidenceRecord[] Rows { get; }
    public string Manifest { get; }
    public string Sub(string name) => _tmp.Sub(name);

    public void Dispose() => _tmp.Dispose();
}

/// <summary>
/// `analyze` of coincidences.parquet: a module or intensity index the manifest does not have is bad input with its row
/// number; the manifest obeys the scenario's ranges; summary.json marks a log without content hash as a lab log.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class MdiLogRowAndManifestRangeTests(MdiLogFixture run) : IClassFixture<MdiLogFixture>
{
    private const int EditedRow = 3;

    private string WriteLog(Action<CoincidenceRecord[]> edit, string? manifest = null)
    {
        var rows = run.Rows.ToArray();
        Assert.True(rows.Length > EditedRow, $"the run logged only {rows.Length} coincidences");
        edit(rows);
        string dir = run.Sub(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, CoincidenceLogSchema.FileName);
        using var w = new CoincidenceLogWriter(path, new Dictionary<string, string> { [LogMetadata.ManifestKey] = manifest ?? run.Manifest }, 1024);
        w.AppendRange(rows);
        w.Complete();
        return path;
    }


    [Fact]
    public void AModuleTheManifestDoesNotHaveIsOneLineWithItsRowNumber()
    {
        int modules = MdiRunManifest.FromJson(run.Manifest, "m").Modules.Count;
        string log = WriteLog(rows => rows[EditedRow].Module = (short)modules);
        string line = CliAssert.AnalyzeRejects(log, CoincidenceLogSchema.Module);
        Assert.StartsWith($"error: {log}: module: value {modules} at row {EditedRow} is not a module of the manifest's {modules} modules", line);
    }

    [Theory]
    [InlineData(CoincidenceLogSchema.IntensityA)]
    [InlineData(CoincidenceLogSchema.IntensityB)]
    public void AnIntensityIndexBeyondTheUsersIntensitiesIsOneLineWithItsRowNumber(string column)
    {
        var m = MdiRunManifest.FromJson(run.Manifest, "m");
        var module = m.Modules[run.Rows[EditedRow].Module];
        int levels = m.UserByIndex(column == CoincidenceLogSchema.IntensityA ? module.UserA : module.UserB).Intensities.Length;
        string log = WriteLog(rows =>
        {
            if (column == CoincidenceLogSchema.IntensityA) rows[EditedRow].IntensityA = (sbyte)levels;
            else rows[EditedRow].IntensityB = (sbyte)levels;
        });
        string line = CliAssert.AnalyzeRejects(log, column);
        Assert.StartsWith($"error: {log}: {column}: value {levels} at row {EditedRow} is outside [0, {levels})", line);
    }

    [Theory]
    [InlineData("clockRateHz", "0", "qkdnetsim.manifest.clockRateHz")]
    [InlineData("clockRateHz", "1e13", "qkdnetsim.manifest.clockRateHz")]
    [InlineData("coincidenceWindowPs", "0", "qkdnetsim.manifest.coincidenceWindowPs")]
    [InlineData("simulatedSlots", "-1", "qkdnetsim.manifest.simulatedSlots")]
    [InlineData("epsilon", "1", "qkdnetsim.manifest.epsilon")]
    [InlineData("errorCorrectionEfficiency", "0.9", "qkdnetsim.manifest.errorCorrectionEfficiency")]
    [InlineData("users.1.index", "USER0", "qkdnetsim.manifest.users.1.index")]
    [InlineData("users.0.intensities.0", "11", "qkdnetsim.manifest.users.0.intensities.0")]
    [InlineData("users.0.probabilities.0", "0.99", "qkdnetsim.manifest.users.0.probabilities")]
    [InlineData("users.0.bases", "[]", "qkdnetsim.manifest.users.0.bases")]
    [InlineData("users.0.bases.0", "2", "qkdnetsim.manifest.users.0.bases.0")]
    [InlineData("modules.0.userA", "99", "qkdnetsim.manifest.modules.0.userA")]
    [InlineData("modules.0.lossBDb", "-1", "qkdnetsim.manifest.modules.0.lossBDb")]
    [InlineData("modules", "[]", "qkdnetsim.manifest")]
    public void AManifestValueOutsideTheScenarioRangeIsOneLineNamingTheManifestPath(string path, string json, string field)
    {
        var doc = JsonNode.Parse(run.Manifest)!;
        if (json == "USER0") json = doc["users"]![0]!["index"]!.ToJsonString();
        ManifestEdit.Set(doc, path, json);
        CliAssert.AnalyzeRejects(WriteLog(_ => { }, doc.ToJsonString()), field);
    }

    [Fact]
    public void TheSummaryMarksALogWithoutContentHashAsALabLogAndTheRunsOwnLogAsNot()
    {
        Assert.False(CliFiles.ReadJson(Path.Combine(run.RunDir, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());

        string own = Path.GetDirectoryName(WriteLog(_ => { }))!;
        Assert.True(CliRunner.Invoke("analyze", own, "--format", "json").ExitCode == 0);
        Assert.False(CliFiles.ReadJson(Path.Combine(own, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());

        string lab = run.Sub("lab");
        Directory.CreateDirectory(lab);
        RawParquet.Write(Path.Combine(lab, CoincidenceLogSchema.FileName), SyntheticCoincidences.ToColumns(run.Rows),
            new Dictionary<string, string> { [LogMetadata.ManifestKey] = run.Manifest });
        var r = CliRunner.Invoke("analyze", lab, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(CliFiles.ReadJson(Path.Combine(lab, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());
    }
}

/// <summary>Sets one dotted path (object keys and array indices) of a manifest JSON document to a JSON value.</summary>
internal static class ManifestEdit
{
    public static void Set(JsonNode doc, string path, string json)
    {
        var parts = path.Split('.');
        JsonNode parent = doc;
        foreach (string p in parts[..^1]) parent = int.TryParse(p, out int i) ? parent[i]! : parent[p]!;
        var value = JsonNode.Parse(json);
        if (int.TryParse(parts[^1], out int last)) parent[last] = value;
        else parent[parts[^1]] = value;
    }
}

using System.Text.Json.Nodes;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;
using QkdNetSim.Tests.Data.Log;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>One short simulated access run (seed 7, 5 ms), shared by the cases that rewrite its log.</summary>
public sealed class AccessLogFixture : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public AccessLogFixture()
    {
        RunDir = _tmp.Sub("run");
        CliRunner.RunOk(RunDir, "--seed", "7", "--duration", "0.005");
        using var reader = DetectionLogReader.Open(Path.Combine(RunDir, DetectionLogSchema.FileName));
        Rows = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
        Manifest = reader.Manifest!;
    }

    public string RunDir { get; }
    public DetectionRecord[] Rows { get; }
    public string Manifest { get; }
    public string Sub(string name) => _tmp.Sub(name);

    public void Dispose() => _tmp.Dispose();
}

/// <summary>
/// `analyze` checks every row of detections.parquet against the manifest in its footer (a user, time bin, intensity,
/// detector, basis or bit the manifest does not have is bad input with its row number) and the manifest against the
/// scenario's ranges; summary.json says whether the log was a lab log (no content hash).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class AccessLogRowAndManifestRangeTests(AccessLogFixture run) : IClassFixture<AccessLogFixture>
{
    /// <summary>Writes the run's first rows, with <paramref name="edit"/> applied to row <paramref name="row"/>, under a fresh folder.</summary>
    private string WriteLog(string name, Func<DetectionRecord, bool> pick, Action<DetectionRecord[], int> edit, out int row,
        string? manifest = null)
    {
        var rows = run.Rows.Take(2000).ToArray();
        row = Array.FindIndex(rows, 10, r => pick(r));
        Assert.True(row >= 0, "no row to edit");
        edit(rows, row);
        string dir = run.Sub(name);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, DetectionLogSchema.FileName);
        using var w = new DetectionLogWriter(path, new Dictionary<string, string> { [LogMetadata.ManifestKey] = manifest ?? run.Manifest }, 1024);
        w.AppendRange(rows);
        w.Complete();
        return path;
    }


    public static TheoryData<string, string, string> RowCases => new()
    {
        // case, column, the rule after "value V at row R"
        { "userNotInManifest", DetectionLogSchema.User, "is not a user of the manifest" },
        { "userBelowMinusOne", DetectionLogSchema.User, "is not a user of the manifest" },
        { "timeBinAtTimeBins", DetectionLogSchema.TimeBin, "is outside [0, " },
        { "intensityAtLevels", DetectionLogSchema.Intensity, "is outside [0, 3) (user " },
        { "intensityInEmptyBin", DetectionLogSchema.Intensity, "must be -1 in an empty bin" },
        { "detector2", DetectionLogSchema.Detector, "must be 0 or 1" },
        { "bobBasis2", DetectionLogSchema.BobBasis, "must be 0 or 1" },
        { "aliceBasisMinusOneForAUser", DetectionLogSchema.AliceBasis, "must be 0 or 1 for a user's row" },
        { "aliceBit2ForAUser", DetectionLogSchema.AliceBit, "must be 0 or 1 for a user's row" },
    };

    [Theory]
    [MemberData(nameof(RowCases))]
    public void ARowWithAValueTheManifestDoesNotDeclareIsOneLineWithItsRowNumber(string name, string column, string rule)
    {
        var manifest = RunManifest.FromJson(run.Manifest, "m");
        (Action<DetectionRecord[], int> edit, long value) = name switch
        {
            "userNotInManifest" => Case((rows, i) => rows[i].User = 999, 999),
            "userBelowMinusOne" => Case((rows, i) => rows[i].User = -2, -2),
            "timeBinAtTimeBins" => Case((rows, i) => rows[i].TimeBin = (short)manifest.TimeBins, manifest.TimeBins),
            "intensityAtLevels" => Case((rows, i) => rows[i].Intensity = 3, 3),
            "intensityInEmptyBin" => Case((rows, i) => rows[i].User = -1, 0), // keeps the user's intensity (>= 0): value below
            "detector2" => Case((rows, i) => rows[i].Detector = 2, 2),
            "bobBasis2" => Case((rows, i) => rows[i].BobBasis = 2, 2),
            "aliceBasisMinusOneForAUser" => Case((rows, i) => rows[i].AliceBasis = -1, -1),
            "aliceBit2ForAUser" => Case((rows, i) => rows[i].AliceBit = 2, 2),
            _ => throw new ArgumentException(name),
        };
        Assert.All(manifest.Users, u => Assert.Equal(3, u.Intensities.Length)); // the intensity case's bound
        string log = WriteLog(name, r => r.User >= 0, edit, out int row);
        string line = CliAssert.AnalyzeRejects(log, column);
        if (name == "intensityInEmptyBin") value = run.Rows[row].Intensity;
        Assert.StartsWith($"error: {log}: {column}: value {value} at row {row} {rule}", line);
    }

    private static (Action<DetectionRecord[], int>, long) Case(Action<DetectionRecord[], int> edit, long value) => (edit, value);

    public static TheoryData<string, string, string> ManifestCases => new()
    {
        // JSON path to set, new value (JSON), field in the error
        { "gateRateHz", "0", "qkdnetsim.manifest.gateRateHz" },
        { "gateRateHz", "1e308", "qkdnetsim.manifest.gateRateHz" },
        { "timeBins", "0", "qkdnetsim.manifest.timeBins" },
        { "timeBins", "40000", "qkdnetsim.manifest.timeBins" },
        { "simulatedTimeS", "-1", "qkdnetsim.manifest.simulatedTimeS" },
        { "simulatedGates", "-5", "qkdnetsim.manifest.simulatedGates" },
        { "epsilon", "0.1", "qkdnetsim.manifest.epsilon" },
        { "errorCorrectionEfficiency", "0.5", "qkdnetsim.manifest.errorCorrectionEfficiency" },
        { "bobBasis0Probability", "1.5", "qkdnetsim.manifest.bobBasis0Probability" },
        { "users.0.index", "-1", "qkdnetsim.manifest.users.0.index" },
        { "users.1.index", "0", "qkdnetsim.manifest.users.1.index" },
        { "users.0.slot", "32767", "qkdnetsim.manifest.users.0.slot" },
        { "users.1.slot", "SLOT0", "qkdnetsim.manifest.users.1.slot" },
        { "users.0.intensities.0", "50", "qkdnetsim.manifest.users.0.intensities.0" },
        { "users.0.intensities", "[]", "qkdnetsim.manifest.users.0.intensities" },
        { "users.0.intensities", "[0, 0, 0]", "qkdnetsim.manifest.users.0.intensities" },
        { "users.0.probabilities.0", "0.9", "qkdnetsim.manifest.users.0.probabilities" },
        { "users.0.probabilities.0", "-0.1", "qkdnetsim.manifest.users.0.probabilities.0" },
        { "users.0.basis0Probability", "0", "qkdnetsim.manifest.users.0.basis0Probability" },
        { "users.0.emittedPulses.0", "-1", "qkdnetsim.manifest.users.0.emittedPulses.0" },
    };

    [Theory]
    [MemberData(nameof(ManifestCases))]
    public void AManifestValueOutsideTheScenarioRangeIsOneLineNamingTheManifestPath(string path, string json, string field)
    {
        var doc = JsonNode.Parse(run.Manifest)!;
        var parts = path.Split('.');
        JsonNode parent = doc;
        foreach (string p in parts[..^1]) parent = int.TryParse(p, out int i) ? parent[i]! : parent[p]!;
        if (json == "SLOT0") json = doc["users"]![0]!["slot"]!.ToJsonString();
        var value = JsonNode.Parse(json);
        if (int.TryParse(parts[^1], out int last)) parent[last] = value;
        else parent[parts[^1]] = value;
        string log = WriteLog("manifest-" + Guid.NewGuid().ToString("N"), _ => true, (_, _) => { }, out _, doc.ToJsonString());
        CliAssert.AnalyzeRejects(log, field);
    }

    [Fact]
    public void TheSummaryMarksALogWithoutContentHashAsALabLogAndTheRunsOwnLogAsNot()
    {
        string ownDir = run.Sub("own");
        Directory.CreateDirectory(ownDir);
        File.Copy(Path.Combine(run.RunDir, DetectionLogSchema.FileName), Path.Combine(ownDir, DetectionLogSchema.FileName));
        var own = CliRunner.Invoke("analyze", ownDir, "--format", "json");
        Assert.True(own.ExitCode == 0, own.Stderr);
        Assert.False(CliFiles.ReadJson(Path.Combine(ownDir, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());

        string lab = run.Sub("lab");
        Directory.CreateDirectory(lab);
        LabLogTests.WriteWithDuckDb(Path.Combine(lab, DetectionLogSchema.FileName), run.Rows, run.Manifest);
        var r = CliRunner.Invoke("analyze", lab, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(CliFiles.ReadJson(Path.Combine(lab, "summary.json"))["run"]!["labLog"]!.GetValue<bool>());
    }

    [Fact]
    public void ARunsSummarySaysItsLogIsNoLabLog()
    {
        var summary = CliFiles.ReadJson(Path.Combine(run.RunDir, "summary.json"));
        Assert.Equal("run", summary["source"]!.GetValue<string>());
        Assert.False(summary["run"]!["labLog"]!.GetValue<bool>());
    }
}

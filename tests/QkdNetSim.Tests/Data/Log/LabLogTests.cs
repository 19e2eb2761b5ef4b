using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Parquet;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// A lab's log written by another tool: DuckDB (the same types as pandas) writes every integer column as BIGINT
/// (nullable INT64), no ground-truth columns and no content hash; `analyze` must accept it when every value fits and
/// give the physics of the run the rows came from, and say what to add when the manifest is missing.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class LabLogTests : IDisposable
{
    /// <summary>The checked-in example (README "Analysing a lab's log"), relative to the repository root.</summary>
    public const string ExampleRelativePath = "tests/QkdNetSim.Tests/Data/Log/LabLogs/detections.parquet";

    /// <summary>Seed and session length of the simulated run the example's rows come from.</summary>
    private const string ExampleSeed = "7";

    private const string ExampleDurationS = "0.001";

    /// <summary>Set to 1 to rewrite the checked-in example from a fresh run (then the test checks the new file).</summary>
    private const string RegenerateVariable = "QKDNETSIM_WRITE_LAB_LOG_EXAMPLE";

    /// <summary>The observable columns of detections.parquet, in file order: what a lab can record.</summary>
    private static readonly string[] ObservableColumns =
    [
        DetectionLogSchema.Gate, DetectionLogSchema.TimePs, DetectionLogSchema.Detector, DetectionLogSchema.TimeBin,
        DetectionLogSchema.User, DetectionLogSchema.BobBasis, DetectionLogSchema.AliceBasis, DetectionLogSchema.AliceBit,
        DetectionLogSchema.Intensity,
    ];

    /// <summary>The manifest fields README lists for a lab log (root, then per user).</summary>
    private static readonly string[] MinimalManifestFields =
        ["gateRateHz", "timeBins", "simulatedTimeS", "epsilon", "errorCorrectionEfficiency", "bobBasis0Probability", "users"];

    private static readonly string[] MinimalManifestUserFields =
        ["index", "name", "slot", "active", "intensities", "probabilities", "basis0Probability", "emittedPulses"];

    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    // ---- Writing a lab log with DuckDB --------------------------------------------------------------------------

    /// <summary>SQL string literal.</summary>
    private static string Sql(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Writes <paramref name="rows"/> with DuckDB (in-memory database, COPY ... TO ... (FORMAT PARQUET)) as a table of
    /// BIGINT columns, the observable columns only, with the manifest (if any) as footer key-value metadata. The
    /// columns come out nullable INT64, as DuckDB and pandas write them.
    /// </summary>
    public static void WriteWithDuckDb(string path, IReadOnlyList<DetectionRecord> rows, string? manifestJson)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        Execute("CREATE TABLE detections (" + string.Join(", ", ObservableColumns.Select(c => c + " BIGINT")) + ")");
        using (var appender = connection.CreateAppender("detections"))
        {
            foreach (var r in rows)
                appender.CreateRow()
                    .AppendValue(r.Gate).AppendValue(r.TimePs).AppendValue((long)r.Detector).AppendValue((long)r.TimeBin)
                    .AppendValue((long)r.User).AppendValue((long)r.BobBasis).AppendValue((long)r.AliceBasis)
                    .AppendValue((long)r.AliceBit).AppendValue((long)r.Intensity)
                    .EndRow();
        }
        // KV_METADATA values are cast to BLOB, which reads \xNN escapes: encode() passes the UTF-8 bytes as they are.
        string kv = manifestJson is null ? "" : $", KV_METADATA {{'{LogMetadata.ManifestKey}': encode({Sql(manifestJson)})}}";
        Execute($"COPY (SELECT * FROM detections) TO {Sql(path)} (FORMAT PARQUET{kv})");
    }

    /// <summary>A simulated run's log, its rows and manifest.</summary>
    private static (DetectionRecord[] Rows, string Manifest) ReadLog(string path)
    {
        using var reader = DetectionLogReader.Open(path);
        return (reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray(), reader.Manifest!);
    }

    /// <summary>Only the manifest fields README lists for a lab log.</summary>
    private static string MinimalManifest(string manifestJson)
    {
        var full = JsonNode.Parse(manifestJson)!.AsObject();
        var minimal = new JsonObject();
        foreach (string key in MinimalManifestFields) minimal[key] = full[key]!.DeepClone();
        foreach (var user in minimal["users"]!.AsArray().Select(u => u!.AsObject()))
            foreach (string key in user.Select(kv => kv.Key).Except(MinimalManifestUserFields).ToArray())
                user.Remove(key);
        return minimal.ToJsonString();
    }

    /// <summary>Simulates the built-in network into a fresh folder; returns the folder.</summary>
    private string Simulate(string name, string seed, string durationS)
    {
        string dir = _tmp.Sub(name);
        CliRunner.RunOk(dir, "--seed", seed, "--duration", durationS);
        return dir;
    }

    private static JsonNode AnalyzeOk(string target)
    {
        var r = CliRunner.Invoke("analyze", target, "--format", "json");
        Assert.True(r.ExitCode == 0, $"analyze {target} exited {r.ExitCode}: {r.Stderr}");
        string dir = File.Exists(target) ? Path.GetDirectoryName(target)! : target;
        return CliFiles.ReadJson(Path.Combine(dir, "summary.json"));
    }

    /// <summary>
    /// The physics of an access-network summary: every user's counts, rates and bounds and every bin's counts, and the
    /// session numbers the manifest gives. Provenance (scenario, seed, channel loss), wall time and truth are left out.
    /// </summary>
    private static JsonObject Physics(JsonNode summary)
    {
        var users = summary["users"]!.DeepClone().AsArray();
        foreach (var user in users)
        {
            user!.AsObject().Remove("channelLossDb"); // provenance; not in a lab's manifest
            user.AsObject().Remove("asymptoticKeyRateExpectedBitPerS"); // from the scenario's model, which a lab log has not: null there
        }
        var run = summary["run"]!;
        var physics = new JsonObject { ["users"] = users, ["bins"] = summary["bins"]!.DeepClone() };
        foreach (string key in (string[])["gateRateHz", "timeBins", "simulatedTimeS", "eventsProcessed", "detectionGates",
                     "activeUsers", "epsilon", "errorCorrectionEfficiency"])
            physics[key] = run[key]!.DeepClone();
        return physics;
    }

    /// <summary>The file's columns and footer metadata, read with Parquet.Net directly.</summary>
    private static (Parquet.Schema.DataField[] Fields, Dictionary<string, string> Metadata) Footer(string path)
    {
        using var stream = File.OpenRead(path);
        var parquet = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return (parquet.Schema.DataFields, new Dictionary<string, string>(parquet.CustomMetadata));
        }
        finally
        {
            parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void AssertAllInt64WithoutTruth(string path)
    {
        var (fields, metadata) = Footer(path);
        Assert.Equal(ObservableColumns, fields.Select(f => f.Name));
        Assert.All(fields, f => Assert.Equal(typeof(long), f.ClrType));
        Assert.DoesNotContain(LogMetadata.ContentHashKey, metadata.Keys);
    }

    // ---- Tests --------------------------------------------------------------------------------------------------

    [Fact]
    public void DuckDbLogOfASimulatedRunAnalyzesToTheRunsPhysics()
    {
        string sim = Simulate("sim", "3", "0.02");
        var expected = AnalyzeOk(sim);
        var (rows, manifest) = ReadLog(Path.Combine(sim, DetectionLogSchema.FileName));
        Assert.True(rows.Length > 5_000, $"only {rows.Length} rows");

        string lab = Path.Combine(_tmp.Sub("lab"), DetectionLogSchema.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(lab)!);
        WriteWithDuckDb(lab, rows, manifest);
        AssertAllInt64WithoutTruth(lab);

        var actual = AnalyzeOk(Path.GetDirectoryName(lab)!);
        CliFiles.AssertSameJson(Physics(expected), Physics(actual), "lab log vs the run's own log");
        Assert.True(expected["truth"]!["signalPhoton"]!.GetValue<long>() > 0);
        Assert.All(actual["truth"]!.AsObject(), kv => Assert.Equal(0, kv.Value!.GetValue<long>()));
    }

    [Fact]
    public void DuckDbLogWithoutAManifestGetsOneLineSayingWhatToAdd()
    {
        var rows = new[] { new DetectionRecord { Gate = 1, TimePs = 1000, User = 0 } };
        string dir = _tmp.Sub("lab");
        Directory.CreateDirectory(dir);
        string lab = Path.Combine(dir, DetectionLogSchema.FileName);
        WriteWithDuckDb(lab, rows, manifestJson: null);

        var r = CliRunner.Invoke("analyze", dir);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        string line = Assert.Single(r.StderrLines);
        Assert.StartsWith($"error: {lab}: {LogMetadata.ManifestKey}: ", line);
        Assert.Contains($"add footer key '{LogMetadata.ManifestKey}'", line);
        foreach (string field in MinimalManifestFields.Concat(MinimalManifestUserFields))
            Assert.Contains(field, line);
        Assert.EndsWith("(README: Analysing a lab's log)", line);
        Assert.Contains("### Analysing a lab's log", File.ReadAllText(Path.Combine(CliFiles.RepoRoot, "README.md")));
        Assert.Equal([DetectionLogSchema.FileName], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(DetectionLogSchema.User, 40_000L, "[-32768, 32767]")]
    [InlineData(DetectionLogSchema.Detector, 1L << 40, "[0, 255]")]
    [InlineData(DetectionLogSchema.Intensity, -129L, "[-128, 127]")]
    public void DuckDbLogWithAValueThatDoesNotFitItsColumnIsTheRangeErrorWithTheRow(string column, long value, string range)
    {
        // Bypass the record (whose fields are the narrow types) by writing the bad cell in SQL after the fact.
        string sim = Simulate("sim", ExampleSeed, ExampleDurationS);
        var (rows, manifest) = ReadLog(Path.Combine(sim, DetectionLogSchema.FileName));
        string dir = _tmp.Sub("lab");
        Directory.CreateDirectory(dir);
        string clean = Path.Combine(dir, "clean.parquet");
        WriteWithDuckDb(clean, rows, manifest);
        string lab = Path.Combine(dir, DetectionLogSchema.FileName);
        const int badRow = 300;
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            string columns = string.Join(", ", ObservableColumns.Select(c => c == column
                ? $"CASE WHEN file_row_number = {badRow} THEN {value} ELSE {c} END AS {c}" : c));
            command.CommandText = $"COPY (SELECT {columns} FROM read_parquet({Sql(clean)}, file_row_number = true) ORDER BY file_row_number) "
                                  + $"TO {Sql(lab)} (FORMAT PARQUET, KV_METADATA {{'{LogMetadata.ManifestKey}': encode({Sql(manifest)})}})";
            command.ExecuteNonQuery();
        }
        File.Delete(clean);

        var r = CliRunner.Invoke("analyze", dir);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal($"error: {lab}: {column}: value {value} at row {badRow} outside {range}", Assert.Single(r.StderrLines));
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
    }

    [Fact]
    public void TheExampleLabLogUnderTestsHasTheMinimalShapeAndAnalyzesToItsRunsPhysics()
    {
        string sim = Simulate("sim", ExampleSeed, ExampleDurationS);
        var expected = AnalyzeOk(sim);
        string example = Path.Combine(CliFiles.RepoRoot, ExampleRelativePath);
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            var (rows, manifest) = ReadLog(Path.Combine(sim, DetectionLogSchema.FileName));
            File.Delete(example);
            WriteWithDuckDb(example, rows, MinimalManifest(manifest));
        }
        AssertAllInt64WithoutTruth(example);
        var footer = JsonNode.Parse(Footer(example).Metadata[LogMetadata.ManifestKey])!.AsObject();
        Assert.Equal(MinimalManifestFields.Order(), footer.Select(kv => kv.Key).Order());
        Assert.All(footer["users"]!.AsArray(),
            u => Assert.Equal(MinimalManifestUserFields.Order(), u!.AsObject().Select(kv => kv.Key).Order()));

        // Analyze a copy: `analyze` writes summary.json next to the log.
        string dir = _tmp.Sub("example");
        Directory.CreateDirectory(dir);
        File.Copy(example, Path.Combine(dir, DetectionLogSchema.FileName));
        var actual = AnalyzeOk(dir);
        CliFiles.AssertSameJson(Physics(expected), Physics(actual), "the example lab log vs its run");
        long rowsInExample = actual["run"]!["eventsProcessed"]!.GetValue<long>();
        Assert.InRange(rowsInExample, 200, 1_000);
    }
}

using System.Text.Json.Nodes;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// Pins today's outputs of the three example scenarios (access, MDI, CV) at a short length: the SHA-256 of each log and
/// the normalised summary.json (toolVersion and wall-clock fields removed). A refactor must leave both equal; a summary
/// may gain keys (summary.json is extended, never renamed), so only the pinned keys are compared.
/// Regenerate deliberately (physics change) with QKDNETSIM_WRITE_PINS=1 and say why in the commit.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class OutputPinTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>Keys whose values depend on the machine, the build or the output folder, removed wherever they occur.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "toolVersion", "logFile", "wallTimeS", "eventsPerWallSecond", "coincidencesPerWallSecond", "roundsPerWallSecond",
    };

    public static TheoryData<string, string, string[]> Examples => new()
    {
        // access: the built-in seed-004 default (no scenario argument), 0.05 s of network time
        { "access", "detections.parquet", new[] { "--duration", "0.05" } },
        { "mdi", "coincidences.parquet", new[] { Model("networks/seed002-four-user-mdi.yaml"), "--duration", "0.05" } },
        { "cv", "cv_samples.parquet", new[] { Model("networks/seed000-three-node-cv.yaml"), "--set", "samples=200000" } },
    };

    private static string Model(string relative) => Path.Combine(CliFiles.RepoRoot, "models", relative);

    private static string PinDir => Path.Combine(CliFiles.RepoRoot, "tests", "QkdNetSim.Tests", "Runs", "Pins");

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleRunWritesThePinnedLogBytesAndSummary(string kind, string logName, string[] args)
    {
        string outDir = _tmp.Sub(kind);
        var r = CliRunner.Invoke(["run", .. args, "--out", outDir, "--quiet"]);
        Assert.True(r.ExitCode == 0, $"run exited {r.ExitCode}: {r.Stderr}");
        string logSha = CliFiles.Sha256(Path.Combine(outDir, logName));
        var summary = Normalise(CliFiles.ReadJson(Path.Combine(outDir, "summary.json")));
        string shaPath = Path.Combine(PinDir, kind + ".log.sha256");
        string summaryPath = Path.Combine(PinDir, kind + ".summary.json");
        if (System.Environment.GetEnvironmentVariable("QKDNETSIM_WRITE_PINS") == "1")
        {
            File.WriteAllText(shaPath, logSha + "\n");
            File.WriteAllText(summaryPath, summary.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            return;
        }
        Assert.Equal(File.ReadAllText(shaPath).Trim(), logSha);
        var pinned = JsonNode.Parse(File.ReadAllText(summaryPath))!;
        var diffs = PinnedDiff(pinned, summary, "$");
        Assert.True(diffs.Count == 0, $"{kind} summary.json differs from the pin in {diffs.Count} places:\n" + string.Join("\n", diffs.Take(30)));
    }

    private static JsonNode Normalise(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).Where(Volatile.Contains).ToList()) o.Remove(key);
                foreach (var kv in o) Strip(kv.Value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
    }

    /// <summary>Every pinned value that is missing or different in <paramref name="actual"/>; keys only in actual are allowed.</summary>
    private static List<string> PinnedDiff(JsonNode? pinned, JsonNode? actual, string path)
    {
        var diffs = new List<string>();
        switch (pinned, actual)
        {
            case (JsonObject p, JsonObject a):
                foreach (var (key, value) in p)
                {
                    if (!a.ContainsKey(key)) diffs.Add($"{path}.{key}: missing");
                    else diffs.AddRange(PinnedDiff(value, a[key], $"{path}.{key}"));
                }
                break;
            case (JsonArray p, JsonArray a):
                if (p.Count != a.Count) { diffs.Add($"{path}: {p.Count} vs {a.Count} items"); break; }
                for (int i = 0; i < p.Count; i++) diffs.AddRange(PinnedDiff(p[i], a[i], $"{path}[{i}]"));
                break;
            default:
                if (!JsonNode.DeepEquals(pinned, actual)) diffs.Add($"{path}: pinned {pinned?.ToJsonString() ?? "null"}, now {actual?.ToJsonString() ?? "null"}");
                break;
        }
        return diffs;
    }
}

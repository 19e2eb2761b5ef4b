using System.Security.Cryptography;
using System.Text.Json.Nodes;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using Spectre.Console;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// Every test class that calls <see cref="QkdNetSim.Cli.Cli.Main"/> (which writes to the process-wide Console and
/// AnsiConsole) joins this collection: its tests run one at a time and never alongside other collections, so the
/// redirected console output never interleaves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliConsoleCollection
{
    public const string Name = "CliConsole";
}

/// <summary>Exit code and captured output of one in-process CLI call.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Non-empty lines of stderr.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>Runs the CLI in-process with Console.Out/Error and Spectre's AnsiConsole redirected to strings.</summary>
internal static class CliRunner
{
    private static readonly object Gate = new();

    public static CliResult Invoke(params string[] args)
    {
        lock (Gate)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var oldAnsi = AnsiConsole.Console;
            Console.SetOut(stdout);
            Console.SetError(stderr);
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            try
            {
                int code = QkdNetSim.Cli.Cli.Main(args);
                return new CliResult(code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                AnsiConsole.Console = oldAnsi;
            }
        }
    }

    /// <summary>`run` with the built-in scenario, quiet, into <paramref name="outDir"/>; asserts exit code 0.</summary>
    public static CliResult RunOk(string outDir, params string[] extra)
    {
        var args = new List<string> { "run", "--out", outDir, "--quiet" };
        args.AddRange(extra);
        var r = Invoke(args.ToArray());
        Assert.True(r.ExitCode == 0, $"run {string.Join(' ', extra)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }
}

/// <summary>A fresh scratch directory under the system temp folder, deleted afterwards.</summary>
internal sealed class CliTempDir : IDisposable
{
    public CliTempDir()
    {
        Root = Path.Combine(Path.GetTempPath(), "qkdnetsim-clitests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>A path inside the scratch directory (not created).</summary>
    public string Sub(string name) => Path.Combine(Root, name);

    /// <summary>Writes a file inside the scratch directory and returns its full path.</summary>
    public string Write(string name, string text)
    {
        string path = Sub(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

internal static class CliAssert
{
    /// <summary>
    /// Bad input: exit code 2, stderr exactly one line "error: FILE: FIELD: rule" naming the file and the field,
    /// and no output (ideally not even the directory) under <paramref name="outDir"/>.
    /// </summary>
    public static string BadInput(CliResult r, string file, string field, string outDir)
    {
        Assert.True(r.ExitCode == 2, $"expected exit code 2, got {r.ExitCode}; stderr: {r.Stderr}");
        var lines = r.StderrLines;
        Assert.True(lines.Length == 1, $"expected exactly one stderr line, got {lines.Length}: {r.Stderr}");
        string line = lines[0];
        Assert.StartsWith("error: ", line);
        Assert.StartsWith($"error: {file}: {field}: ", line);
        Assert.True(line.Length > $"error: {file}: {field}: ".Length, "the error names no rule");
        NoOutputs(outDir);
        Assert.False(Directory.Exists(outDir), $"bad input created the output directory {outDir}");
        return line;
    }

    /// <summary>
    /// `analyze` of the log's folder is bad input: exit 2, one stderr line "error: LOG: FIELD: ...", and no summary.json
    /// written; returns that line.
    /// </summary>
    public static string AnalyzeRejects(string log, string field)
    {
        var r = CliRunner.Invoke("analyze", Path.GetDirectoryName(log)!, "--format", "json");
        Assert.True(r.ExitCode == 2, $"expected exit 2, got {r.ExitCode}: {r.Stderr}");
        Assert.True(r.StderrLines.Length == 1, $"expected one stderr line: {r.Stderr}");
        Assert.StartsWith($"error: {log}: {field}: ", r.StderrLines[0]);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(log)!, "summary.json")), "bad input wrote a summary");
        return r.StderrLines[0];
    }

    /// <summary>No detections.parquet, no summary.json and no temporary file in the directory (if it exists).</summary>
    public static void NoOutputs(string dir)
    {
        if (!Directory.Exists(dir)) return;
        var names = Directory.GetFiles(dir).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain(DetectionLogSchema.FileName, names);
        Assert.DoesNotContain(RunPipeline.SummaryFileName, names);
        NoTempFiles(dir);
    }

    public static void NoTempFiles(string dir)
    {
        var temps = Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => n!.Contains(".tmp", StringComparison.Ordinal)).ToArray();
        Assert.True(temps.Length == 0, $"temporary files left in {dir}: {string.Join(", ", temps)}");
    }
}

internal static class CliFiles
{
    /// <summary>The repository root (the directory holding QkdNetSim.sln), found from the test binaries upwards.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>Removes the dotted paths (e.g. "run.wallTimeS") from a JSON object; each must exist.</summary>
    public static JsonNode Without(JsonNode doc, params string[] paths)
    {
        var copy = doc.DeepClone();
        foreach (string p in paths)
        {
            var segs = p.Split('.');
            JsonNode node = copy;
            foreach (string s in segs[..^1]) node = node[s] ?? throw new InvalidOperationException($"no '{p}' in the document");
            var obj = node.AsObject();
            Assert.True(obj.ContainsKey(segs[^1]), $"summary.json has no field '{p}'");
            obj.Remove(segs[^1]);
        }
        return copy;
    }

    /// <summary>Every path where the two documents differ (empty when equal), for readable failures.</summary>
    public static List<string> Diff(JsonNode? a, JsonNode? b, string path = "$")
    {
        var diffs = new List<string>();
        DiffInto(a, b, path, diffs);
        return diffs;
    }

    private static void DiffInto(JsonNode? a, JsonNode? b, string path, List<string> diffs)
    {
        switch (a, b)
        {
            case (null, null):
                return;
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
                {
                    if (!oa.ContainsKey(key)) diffs.Add($"{path}.{key}: missing on the left");
                    else if (!ob.ContainsKey(key)) diffs.Add($"{path}.{key}: missing on the right");
                    else DiffInto(oa[key], ob[key], $"{path}.{key}", diffs);
                }
                return;
            case (JsonArray xa, JsonArray xb):
                if (xa.Count != xb.Count) { diffs.Add($"{path}: {xa.Count} vs {xb.Count} items"); return; }
                for (int i = 0; i < xa.Count; i++) DiffInto(xa[i], xb[i], $"{path}[{i}]", diffs);
                return;
            default:
                if (!JsonNode.DeepEquals(a, b)) diffs.Add($"{path}: {a?.ToJsonString() ?? "null"} vs {b?.ToJsonString() ?? "null"}");
                return;
        }
    }

    public static void AssertSameJson(JsonNode expected, JsonNode actual, string what)
    {
        var diffs = Diff(expected, actual);
        Assert.True(diffs.Count == 0, $"{what}: {diffs.Count} differences:\n" + string.Join("\n", diffs.Take(30)));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QkdNetSim.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (QkdNetSim.sln) not found above " + AppContext.BaseDirectory);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNetSim.Core;

namespace QkdNetSim.Studies;

/// <summary>Status of a point in point.json and points.parquet.</summary>
public static class PointStatus
{
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";

    /// <summary>Only in points.parquet and `sweep status`: the point has no point.json (not run yet), or one of another content.</summary>
    public const string Pending = "pending";
}

/// <summary>
/// DIR/points/.../point.json: what a point is (id, index, parameters, repeat, seed, engine), how it ended (status, one-line
/// error, wall time) and what it computed (content hash, scenario hash, tool version). Written atomically after the point's
/// run directory is published; deleted before the point starts again.
/// </summary>
public sealed class PointRecord
{
    public const string FileName = "point.json";

    public string Point { get; set; } = "";
    public int Index { get; set; }
    public JsonObject Parameters { get; set; } = new();
    public int Repeat { get; set; }
    public ulong Seed { get; set; }
    public string Engine { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Error { get; set; }
    public double WallTimeS { get; set; }
    public string ContentHash { get; set; } = "";
    public string ScenarioHash { get; set; } = "";
    public string ToolVersion { get; set; } = ToolInfo.Version;

    public static PointRecord For(Study study, PlannedPoint p, string status, string? error, double wallTimeS)
    {
        var parameters = new JsonObject();
        for (int i = 0; i < study.Parameters.Count; i++) parameters[study.Parameters[i].Name] = JsonValue(p.Point.Values[i]);
        return new PointRecord
        {
            Point = p.Point.Id, Index = p.Point.Index, Parameters = parameters, Repeat = p.Point.Repeat, Seed = p.Point.Seed, Engine = p.Point.Engine,
            Status = status, Error = error, WallTimeS = wallTimeS, ContentHash = p.ContentHash, ScenarioHash = p.ScenarioHash,
        };
    }

    private static JsonNode JsonValue(StudyValue v) => v.Value switch
    {
        long l => System.Text.Json.Nodes.JsonValue.Create(l),
        double d => System.Text.Json.Nodes.JsonValue.Create(d),
        bool b => System.Text.Json.Nodes.JsonValue.Create(b),
        var s => System.Text.Json.Nodes.JsonValue.Create((string)s)!,
    };

    public void Write(string pointDir) => AtomicFile.WriteAllText(Path.Combine(pointDir, FileName), JsonSerializer.Serialize(this, JsonContract.Indented) + "\n");

    /// <summary>The record in <paramref name="pointDir"/>, or null when there is none or it does not read (a point to redo).</summary>
    public static PointRecord? TryRead(string pointDir)
    {
        string path = Path.Combine(pointDir, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<PointRecord>(File.ReadAllText(path), JsonContract.Indented) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// A study output folder: DIR/study.json (the resolved study and every point's content hash), DIR/points/&lt;Hive path&gt;/
/// (a run directory plus point.json per point), DIR/points.parquet. Which folders a study may write into
/// (<see cref="CheckTarget"/>) and how study.json is written and read back.
/// </summary>
public static class StudyOutput
{
    public const string StudyFileName = "study.json";
    public const string DatasetFileName = "points.parquet";

    /// <summary>The point's run directory.</summary>
    public static string PointDir(string outDir, StudyPoint point) => Path.Combine(outDir, StudyPoint.PointsFolder, point.RelativeDir);

    /// <summary>
    /// The point's point.json when it records the point study.json planned (same seed and engine, and the planned content
    /// hash when study.json has one for it); null when there is none or it is of other content: the point is pending.
    /// One rule for `sweep status` and points.parquet.
    /// </summary>
    public static PointRecord? CurrentRecord(string outDir, StudyPoint point, IReadOnlyList<string> plannedHashes)
    {
        var record = PointRecord.TryRead(PointDir(outDir, point));
        string planned = point.Index < plannedHashes.Count ? plannedHashes[point.Index] : "";
        return record is null || record.Seed != point.Seed || record.Engine != point.Engine || (planned.Length > 0 && record.ContentHash != planned)
            ? null : record;
    }

    /// <summary>
    /// Whether <paramref name="study"/> may write into <paramref name="outDir"/>, checked before anything is created: a missing
    /// or empty folder, or one holding the same study (same <see cref="Study.Identity"/>), always; one holding another study
    /// only with <paramref name="resume"/> (its done points of equal content are kept); a non-empty folder without study.json
    /// never. Returns whether the folder already holds this very study (its study.json then stays valid).
    /// </summary>
    public static bool CheckTarget(string outDir, Study study, bool resume)
    {
        if (string.IsNullOrWhiteSpace(outDir)) throw new InputError("command line", StagedDirectory.Field, "must name a directory, got an empty path");
        if (File.Exists(outDir)) throw new InputError(outDir, StagedDirectory.Field, "is a file, not a directory; choose a directory (it is created if missing)");
        if (!Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any()) return false;
        string studyJson = Path.Combine(outDir, StudyFileName);
        if (!File.Exists(studyJson))
            throw new InputError(outDir, StagedDirectory.Field, $"holds files but no {StudyFileName}, so it is not a study's folder; choose an empty or new folder with --out");
        var (found, _) = Read(outDir);
        if (found.Identity == study.Identity) return true;
        if (!resume)
            throw new InputError(outDir, StagedDirectory.Field,
                $"holds another study ('{found.Name}' from {found.File}, or this one before an edit); add --resume to continue it with this study file (done points of equal content are kept), or choose another --out");
        return false;
    }

    /// <summary>Writes DIR/study.json atomically: the resolved study and the content hash of every point (index order; empty for points not planned).</summary>
    public static void Write(string outDir, Study study, IReadOnlyList<string> contentHashes)
    {
        var doc = new JsonObject
        {
            ["tool"] = "qkdnetsim",
            ["toolVersion"] = ToolInfo.Version,
            ["name"] = study.Name,
            ["description"] = study.Description,
            ["studyFile"] = Path.GetFullPath(study.File),
            ["base"] = study.BasePath ?? Study.BuiltInBase,
            ["seed"] = study.Seed,
            ["engines"] = new JsonArray(study.Engines.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["set"] = new JsonArray(study.Sets.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["repeats"] = study.Repeats,
            ["pointCount"] = study.PointCount,
            ["identity"] = study.Identity,
            ["parameters"] = new JsonArray(study.Parameters.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["group"] = Camel(p.Group.ToString()),
                ["knob"] = p.IsKnob,
                ["type"] = Camel(p.Type.ToString()),
                ["hiveKey"] = p.HiveKey,
                ["values"] = new JsonArray(p.Values.Select(v => (JsonNode?)JsonValue.Create(v.Text)).ToArray()),
            }).ToArray()),
            ["contentHashes"] = new JsonArray(contentHashes.Select(h => (JsonNode?)JsonValue.Create(h)).ToArray()),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, StudyFileName), doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    /// <summary>The study a folder's study.json describes, and its points' content hashes; a missing or damaged file is an input error.</summary>
    public static (Study Study, IReadOnlyList<string> ContentHashes) Read(string outDir)
    {
        string path = Path.Combine(outDir, StudyFileName);
        if (!File.Exists(path)) throw new InputError(outDir, StudyFileName, "not found: not a study's output folder (run `qkdnetsim sweep STUDY.yaml --out DIR` first)");
        try
        {
            var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var parameters = doc["parameters"]!.AsArray().Select(n =>
            {
                var p = n!.AsObject();
                var type = Enum.Parse<ParameterType>(p["type"]!.GetValue<string>(), ignoreCase: true);
                var values = p["values"]!.AsArray().Select(v => new StudyValue(type, v!.GetValue<string>())).ToArray();
                return new StudyParameter(p["name"]!.GetValue<string>(), Enum.Parse<ParameterGroup>(p["group"]!.GetValue<string>(), ignoreCase: true),
                    p["knob"]!.GetValue<bool>(), type, values, p["hiveKey"]!.GetValue<string>());
            }).ToArray();
            string baseText = doc["base"]!.GetValue<string>();
            var study = new Study(doc["name"]!.GetValue<string>(), doc["description"]?.GetValue<string>(), doc["studyFile"]!.GetValue<string>(),
                baseText == Study.BuiltInBase ? null : baseText, doc["seed"]!.GetValue<ulong>(),
                doc["engines"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray(), doc["set"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray(),
                parameters, doc["repeats"]!.GetValue<int>());
            if (study.PointCount > Study.MaxPoints) throw new FormatException($"{study.PointCount} points");
            var hashes = doc["contentHashes"]!.AsArray().Select(h => h!.GetValue<string>()).ToArray();
            return (study, hashes);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or ArgumentException or KeyNotFoundException or IOException)
        {
            throw new InputError(path, "(file)", $"not a study.json this tool wrote ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Data.Frames;

namespace QkdNetSim.Studies;

/// <summary>
/// DIR/points.parquet, the study as one table: a row per point and unit of its kind (access: user; MDI: user pair; CV:
/// Bob; the summary's <see cref="INetworkKind.UnitsKey"/> array), network-level metrics repeated on each row. Columns, in
/// order: every swept parameter (named as in the study, typed), `point`, `repeat`, `seed`, `engine`, `status`, `error`,
/// `wallTimeS`, `unit`, `unitName`, then the unit object's metrics and the root's, each flattened to scalars by
/// <see cref="Flatten"/> (README "Studies (sweep)" states the naming and typing rules). Built from the point folders alone
/// (`sweep collect`), in two passes so memory stays bounded by one row group: the first finds the columns and their types,
/// the second writes.
/// </summary>
public static class StudyDataset
{
    /// <summary>Rows per Parquet row group.</summary>
    public const int RowGroupRows = 4096;

    /// <summary>Envelope keys left out of the metrics because they equal a fixed column (`seed`, `engine`).</summary>
    private static readonly string[] SameAsFixed = ["seed", "engine"];

    /// <summary>
    /// Footer key of the file's key-value metadata: a JSON object from each knob parameter with a unit to its unit (e.g.
    /// {"distance": "km", "capacity": "users"}); dotted-path parameters carry their unit in their name's suffix.
    /// </summary>
    public const string ParameterUnitsKey = "qkdnetsim.parameterUnits";

    private static readonly string[] FixedColumns = ["point", "repeat", "seed", "engine", "status", "error", "wallTimeS", "unit", "unitName"];

    /// <summary>What <see cref="Collect"/> wrote.</summary>
    public sealed record Dataset(string Path, long Rows, IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyDictionary<string, int> Statuses);

    /// <summary>points.parquet as a DataFrame (<see cref="ParquetFrame.Load"/>); <paramref name="columns"/> selects columns.</summary>
    public static DataFrame Load(string outDir, IReadOnlyList<string>? columns = null) =>
        ParquetFrame.Load(Path.Combine(outDir, StudyOutput.DatasetFileName), columns);

    /// <summary>Builds DIR/points.parquet (atomically) from study.json and the point folders; points without a finished point.json of the planned content are pending.</summary>
    public static Dataset Collect(string outDir)
    {
        var (study, hashes) = StudyOutput.Read(outDir);
        var points = study.Points();

        // Pass 1: columns and their types.
        var unitCols = new ColumnSet();
        var rootCols = new ColumnSet();
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var parameterUnits = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var src in Sources(outDir, points, hashes))
        {
            using var s = src;
            statuses[s.Status] = statuses.GetValueOrDefault(s.Status) + 1;
            if (s.Summary is null) continue;
            if (rootCols.Declared is null && Kind(s.Summary) is { } kind)
            {
                rootCols.Declared = new DeclaredNumbers(kind.SummaryType);
                unitCols.Declared = rootCols.Declared.Items(kind.UnitsKey);
                foreach (var p in study.Parameters.Where(p => p.IsKnob))
                    if (kind.Knobs.FirstOrDefault(k => k.Name == p.Name) is { Unit.Length: > 0 } knob) parameterUnits[p.Name] = knob.Unit;
            }
            foreach (var (name, value) in s.Root) rootCols.See(name, value);
            foreach (var unit in s.Units) foreach (var (name, value) in Flatten(unit!.Value)) unitCols.See(name, value);
        }

        // Names: fixed and parameter columns first; a unit metric named like one of them gets "unit.", a root metric named
        // like any earlier column gets "network.".
        var columns = new List<OutColumn>();
        foreach (var p in study.Parameters)
            columns.Add(new OutColumn(p.Name, p.Type switch
            {
                ParameterType.Integer => ColumnType.Int64,
                ParameterType.Real => ColumnType.Double,
                ParameterType.Boolean => ColumnType.Boolean,
                _ => ColumnType.String,
            }, Nullable: false));
        columns.Add(new("point", ColumnType.String, false));
        columns.Add(new("repeat", ColumnType.Int32, false));
        columns.Add(new("seed", ColumnType.Int64, false));
        columns.Add(new("engine", ColumnType.String, false));
        columns.Add(new("status", ColumnType.String, false));
        columns.Add(new("error", ColumnType.String, true));
        columns.Add(new("wallTimeS", ColumnType.Double, true));
        columns.Add(new("unit", ColumnType.Int32, false));
        columns.Add(new("unitName", ColumnType.String, true));
        var taken = new HashSet<string>(columns.Select(c => c.Name), StringComparer.Ordinal);
        var unitIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, type) in unitCols.Resolved())
        {
            string final = taken.Contains(name) ? "unit." + name : name;
            taken.Add(final);
            unitIndex[name] = columns.Count;
            columns.Add(new(final, type, true));
        }
        var rootIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, type) in rootCols.Resolved())
        {
            string final = taken.Contains(name) ? "network." + name : name;
            taken.Add(final);
            rootIndex[name] = columns.Count;
            columns.Add(new(final, type, true));
        }
        int fixedStart = study.Parameters.Count;

        // Pass 2: rows, a row group at a time.
        string path = Path.Combine(outDir, StudyOutput.DatasetFileName);
        var fields = columns.Select(c => c.Field()).ToArray();
        var schema = new ParquetSchema(fields.Cast<Field>().ToArray());
        var cells = columns.Select(_ => new object?[RowGroupRows]).ToArray();
        int buffered = 0;
        long rows = 0;
        using (var file = AtomicFile.Create(path))
        {
            var writer = Sync(() => ParquetWriter.CreateAsync(schema, file.Stream));
            writer.CustomMetadata = new Dictionary<string, string> { [ParameterUnitsKey] = JsonSerializer.Serialize(parameterUnits) };
            try
            {
                foreach (var src in Sources(outDir, points, hashes))
                {
                    using var s = src;
                    var root = s.Summary is null ? [] : s.Root.ToArray();
                    var units = s.Units.Count > 0 ? s.Units : [default(JsonElement?)];
                    for (int u = 0; u < units.Count; u++)
                    {
                        for (int c = 0; c < columns.Count; c++) cells[c][buffered] = null;
                        for (int k = 0; k < study.Parameters.Count; k++) cells[k][buffered] = s.Point.Values[k].Value;
                        cells[fixedStart][buffered] = s.Point.Id;
                        cells[fixedStart + 1][buffered] = s.Point.Repeat;
                        cells[fixedStart + 2][buffered] = (long)s.Point.Seed;
                        cells[fixedStart + 3][buffered] = s.Point.Engine;
                        cells[fixedStart + 4][buffered] = s.Status;
                        cells[fixedStart + 5][buffered] = s.Error;
                        cells[fixedStart + 6][buffered] = s.WallTimeS;
                        cells[fixedStart + 7][buffered] = units[u] is null ? -1 : u;
                        if (units[u] is JsonElement unit)
                        {
                            if (unit.ValueKind == JsonValueKind.Object && unit.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                                cells[fixedStart + 8][buffered] = n.GetString();
                            foreach (var (name, value) in Flatten(unit)) cells[unitIndex[name]][buffered] = Cell(columns[unitIndex[name]].Type, value);
                        }
                        foreach (var (name, value) in root) cells[rootIndex[name]][buffered] = Cell(columns[rootIndex[name]].Type, value);
                        rows++;
                        if (++buffered == RowGroupRows)
                        {
                            WriteRowGroup(writer, columns, fields, cells, buffered);
                            buffered = 0;
                        }
                    }
                }
                if (buffered > 0 || rows == 0) WriteRowGroup(writer, columns, fields, cells, buffered);
            }
            finally
            {
                Sync(() => writer.DisposeAsync().AsTask());
            }
            file.Commit();
        }
        return new Dataset(path, rows, columns.Select(c => (c.Name, c.Type.ToString().ToLowerInvariant())).ToArray(), statuses);
    }

    /// <summary>
    /// The scalar leaves of a JSON value with their dotted paths: object keys joined by '.', array items by their index
    /// (so `siftedBitsPerBasisIntensity.0.1`, `fourFold.3.count`); an empty array or object has none.
    /// </summary>
    public static IEnumerable<(string Name, JsonElement Value)> Flatten(JsonElement element, string prefix = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                    foreach (var leaf in Flatten(p.Value, prefix.Length == 0 ? p.Name : prefix + "." + p.Name)) yield return leaf;
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                    foreach (var leaf in Flatten(item, (prefix.Length == 0 ? "" : prefix + ".") + (i++).ToString(CultureInfo.InvariantCulture))) yield return leaf;
                break;
            default:
                if (prefix.Length > 0) yield return (prefix, element);
                break;
        }
    }

    // ---- rows ----

    /// <summary>One point's row source: its status from point.json and, when done, its parsed summary.</summary>
    private sealed class Source(StudyPoint point, string status, string? error, double? wallTimeS, JsonDocument? summary, string unitsKey) : IDisposable
    {
        public StudyPoint Point { get; } = point;
        public string Status { get; } = status;
        public string? Error { get; } = error;
        public double? WallTimeS { get; } = wallTimeS;
        public JsonDocument? Summary { get; } = summary;

        /// <summary>The root's leaves, the units array and the envelope keys equal to fixed columns left out.</summary>
        public IEnumerable<(string Name, JsonElement Value)> Root => Summary is null ? []
            : Summary.RootElement.EnumerateObject().Where(p => p.Name != unitsKey && !SameAsFixed.Contains(p.Name))
                .SelectMany(p => Flatten(p.Value, p.Name));

        public IReadOnlyList<JsonElement?> Units => Summary is not null && Summary.RootElement.TryGetProperty(unitsKey, out var u) && u.ValueKind == JsonValueKind.Array
            ? u.EnumerateArray().Select(e => (JsonElement?)e).ToArray() : [];

        public void Dispose() => Summary?.Dispose();
    }

    private static IEnumerable<Source> Sources(string outDir, IReadOnlyList<StudyPoint> points, IReadOnlyList<string> hashes)
    {
        foreach (var point in points)
        {
            string dir = StudyOutput.PointDir(outDir, point);
            var record = StudyOutput.CurrentRecord(outDir, point, hashes);
            if (record is null)
            {
                yield return new Source(point, PointStatus.Pending, null, null, null, "");
                continue;
            }
            if (record.Status != PointStatus.Done)
            {
                yield return new Source(point, record.Status, record.Error, record.WallTimeS, null, "");
                continue;
            }
            JsonDocument? summary = null;
            string? error = null;
            try
            {
                summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunPipeline.SummaryFileName)));
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                error = $"{RunPipeline.SummaryFileName} unreadable: {e.Message.ReplaceLineEndings(" ")}";
            }
            if (summary is null)
            {
                yield return new Source(point, PointStatus.Failed, error, record.WallTimeS, null, "");
                continue;
            }
            yield return new Source(point, PointStatus.Done, null, record.WallTimeS, summary, UnitsKey(summary));
        }
    }

    /// <summary>The units key of the summary's kind (its `kind:` name in the registry), "users" for a kind not registered here.</summary>
    private static string UnitsKey(JsonDocument summary) => Kind(summary)?.UnitsKey ?? "users";

    private static INetworkKind? Kind(JsonDocument summary) =>
        summary.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
            ? KindRegistry.Kinds.FirstOrDefault(x => x.Name == k.GetString()) : null;

    // ---- typing ----

    private enum ColumnType
    {
        Int32,
        Int64,
        Double,
        Boolean,
        String,
    }

    [Flags]
    private enum Seen
    {
        None = 0,
        Bool = 1,
        Integer = 2,
        Real = 4,
        NamedReal = 8,
        Text = 16,
    }

    /// <summary>Metric columns in first-seen order, each with the kinds of JSON value seen in it.</summary>
    private sealed class ColumnSet
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);

        /// <summary>The summary type's declared numbers (a column it declares real is double whatever its values).</summary>
        public DeclaredNumbers? Declared { get; set; }

        public void See(string name, JsonElement value)
        {
            if (!_seen.TryGetValue(name, out var s)) _order.Add(name);
            _seen[name] = s | Kind(value);
        }

        /// <summary>
        /// Types: only booleans → boolean; only integral numbers (no fraction or exponent written) → int64, unless the
        /// summary type declares the field real (<see cref="DeclaredNumbers"/>); numbers (and the named literals NaN,
        /// Infinity, -Infinity) → double; nothing but nulls → double; any other mix → string.
        /// </summary>
        public IEnumerable<(string Name, ColumnType Type)> Resolved() => _order.Select(n => (n, _seen[n] switch
        {
            Seen.Bool => ColumnType.Boolean,
            Seen.Integer when Declared?.IsReal(n) == true => ColumnType.Double,
            Seen.Integer => ColumnType.Int64,
            var s when (s & ~(Seen.Integer | Seen.Real | Seen.NamedReal)) == 0 => ColumnType.Double,
            _ => ColumnType.String,
        }));
    }

    private static Seen Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => Seen.Bool,
        JsonValueKind.Number => IsIntegral(v) ? Seen.Integer : Seen.Real,
        JsonValueKind.String => v.GetString() is "NaN" or "Infinity" or "-Infinity" ? Seen.NamedReal : Seen.Text,
        _ => Seen.None,
    };

    private static bool IsIntegral(JsonElement v) => v.GetRawText().AsSpan().IndexOfAny(".eE") < 0 && v.TryGetInt64(out _);

    private static object? Cell(ColumnType type, JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        return type switch
        {
            ColumnType.Boolean => v.GetBoolean(),
            ColumnType.Int64 => v.GetInt64(),
            ColumnType.Double => v.ValueKind == JsonValueKind.Number ? v.GetDouble()
                : v.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity },
            _ => v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => v.GetRawText(),
            },
        };
    }

    // ---- Parquet ----

    private sealed record OutColumn(string Name, ColumnType Type, bool Nullable)
    {
        public DataField Field() => Type switch
        {
            ColumnType.Int32 => new DataField<int>(Name, Nullable),
            ColumnType.Int64 => new DataField<long>(Name, Nullable),
            ColumnType.Double => new DataField<double>(Name, Nullable),
            ColumnType.Boolean => new DataField<bool>(Name, Nullable),
            _ => new DataField<string>(Name, Nullable),
        };
    }

    private static void WriteRowGroup(ParquetWriter writer, List<OutColumn> columns, DataField[] fields, object?[][] cells, int n)
    {
        Sync(async () =>
        {
            using var rg = writer.CreateRowGroup();
            for (int c = 0; c < columns.Count; c++)
            {
                var col = cells[c].AsSpan(0, n).ToArray();
                var f = fields[c];
                switch (columns[c].Type)
                {
                    case ColumnType.Int32 when columns[c].Nullable: await rg.WriteAsync<int>(f, col.Select(x => (int?)x).ToArray().AsMemory()); break;
                    case ColumnType.Int32: await rg.WriteAsync<int>(f, col.Select(x => (int)x!).ToArray().AsMemory()); break;
                    case ColumnType.Int64 when columns[c].Nullable: await rg.WriteAsync<long>(f, col.Select(x => (long?)x).ToArray().AsMemory()); break;
                    case ColumnType.Int64: await rg.WriteAsync<long>(f, col.Select(x => (long)x!).ToArray().AsMemory()); break;
                    case ColumnType.Double when columns[c].Nullable: await rg.WriteAsync<double>(f, col.Select(x => (double?)x).ToArray().AsMemory()); break;
                    case ColumnType.Double: await rg.WriteAsync<double>(f, col.Select(x => (double)x!).ToArray().AsMemory()); break;
                    case ColumnType.Boolean when columns[c].Nullable: await rg.WriteAsync<bool>(f, col.Select(x => (bool?)x).ToArray().AsMemory()); break;
                    case ColumnType.Boolean: await rg.WriteAsync<bool>(f, col.Select(x => (bool)x!).ToArray().AsMemory()); break;
                    default: await rg.WriteAsync(f, col.Select(x => (string?)x).ToArray()!, null); break;
                }
            }
            rg.CompleteValidate();
        });
    }

    private static void Sync(Func<Task> start)
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try { start().GetAwaiter().GetResult(); }
        finally { SynchronizationContext.SetSynchronizationContext(saved); }
    }

    private static T Sync<T>(Func<Task<T>> start)
    {
        T result = default!;
        Sync(async () => { result = await start(); });
        return result;
    }
}

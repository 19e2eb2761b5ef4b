using Microsoft.Data.Analysis;
using Parquet;
using QkdNetSim.Core;
using QkdNetSim.Data.Frames;
using QkdNetSim.Data.Scenarios;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>
/// The columns of a study's <c>points.parquet</c> that one plot needs, checked against the dataset's column contract
/// (README "Studies"): swept parameters first (every column before <c>point</c>), then <c>point</c>, <c>repeat</c>,
/// <c>seed</c>, <c>engine</c>, <c>status</c>, ..., <c>unit</c>, <c>unitName</c>, then the metrics. Only the named
/// columns are loaded. Every problem is one <see cref="InputError"/> naming the file and the option.
/// </summary>
internal sealed class StudyDataset
{
    public const string FileName = "points.parquet";

    private StudyDataset(string path, DataFrame frame, IReadOnlyList<string> parameters, IReadOnlyDictionary<string, string> units)
    {
        Path = path;
        Frame = frame;
        Parameters = parameters;
        Units = units;
    }

    /// <summary>Units the file declares for its knob parameters (footer key qkdnetsim.parameterUnits), e.g. distance → km.</summary>
    public IReadOnlyDictionary<string, string> Units { get; }

    /// <summary>The footer key that holds <see cref="Units"/> (written by QkdNetSim.Studies.StudyDataset).</summary>
    public const string ParameterUnitsKey = "qkdnetsim.parameterUnits";

    public string Path { get; }

    /// <summary>The loaded columns (x, y, by, the parameters, point, engine, status, unit, unitName where present).</summary>
    public DataFrame Frame { get; }

    /// <summary>The swept parameter columns in file order (the columns before <c>point</c>).</summary>
    public IReadOnlyList<string> Parameters { get; }

    public bool Has(string column) => Frame.Columns.IndexOf(column) >= 0;

    /// <summary>A cell as a double (NaN for null), or as text for a string column.</summary>
    public object? Cell(string column, long row)
    {
        var c = Frame.Columns[column];
        object? v = c[row];
        return c is StringDataFrameColumn ? v : v is null ? double.NaN : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);
    }

    public double Number(string column, long row) => (double)Cell(column, row)!;

    public string? Text(string column, long row) => Has(column) ? Frame.Columns[column][row]?.ToString() : null;

    /// <summary>
    /// Loads DIR/points.parquet: the x and y columns (numeric), the by column (any type; unitName and unit are always
    /// loaded) and the bookkeeping columns.
    /// </summary>
    public static StudyDataset Load(string dir, string x, string y, string? by, IEnumerable<string>? filters = null)
    {
        string path = System.IO.Path.Combine(dir, FileName);
        if (!File.Exists(path))
            throw new InputError(dir, FileName, Directory.Exists(dir)
                ? $"not found: build it from the point folders with `qkdnetsim sweep collect {dir}`"
                : $"no such folder: give a study folder written by `qkdnetsim sweep` (it holds {FileName})");
        ParquetFrame.RowGroups(path); // checks framing and footer first (Parquet.Net hangs on some malformed footers)
        var (schema, units) = Schema(path);
        var names = schema.Select(f => f.Name).ToList();
        Require(path, "--x", x, schema, numeric: true);
        Require(path, "--y", y, schema, numeric: true);
        if (by is not null) Require(path, "--by", by, schema, numeric: false);
        var filterColumns = (filters ?? []).ToList();
        foreach (string f in filterColumns) Require(path, "--where", f, schema, numeric: false);
        int point = names.IndexOf("point");
        var parameters = point < 0 ? [] : names.Take(point).ToList();
        var wanted = new List<string> { x, y };
        if (by is not null) wanted.Add(by);
        wanted.AddRange(filterColumns);
        wanted.AddRange(parameters);
        wanted.AddRange(new[] { "point", "engine", "status", "unit", "unitName" }.Where(names.Contains));
        var columns = wanted.Distinct().ToList();
        return new StudyDataset(path, ParquetFrame.Load(path, columns), parameters, units);
    }

    private static (List<(string Name, Type Type)> Fields, IReadOnlyDictionary<string, string> Units) Schema(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
            try
            {
                var fields = reader.Schema.DataFields.Where(f => !f.IsArray && f.MaxRepetitionLevel == 0)
                    .Select(f => (f.Path.ToString(), f.ClrType)).ToList();
                return (fields, DeclaredUnits(reader.CustomMetadata));
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (IOException ex)
        {
            throw new InputError(path, "file", $"cannot read ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    /// <summary>The footer's parameter units; a missing or unreadable entry declares none (units then come from names).</summary>
    private static IReadOnlyDictionary<string, string> DeclaredUnits(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(ParameterUnitsKey, out string? json)) return new Dictionary<string, string>();
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static readonly Type[] NumericTypes = [typeof(int), typeof(long), typeof(float), typeof(double), typeof(short), typeof(byte)];

    /// <summary>The column exists (else: the nearest names and a few of the file's columns) and, if asked, holds numbers.</summary>
    private static void Require(string path, string option, string column, List<(string Name, Type Type)> schema, bool numeric)
    {
        int i = schema.FindIndex(f => f.Name == column);
        if (i < 0)
        {
            var names = schema.Select(f => f.Name).ToList();
            var near = Nearest(column, names, 3);
            string hint = near.Count > 0 ? $"; did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : "";
            var shown = names.Where(n => !Bookkeeping.Contains(n)).Take(6).ToList();
            throw new InputError(path, option, $"no column '{column}'{hint} (the file has {names.Count} columns, e.g. {string.Join(", ", shown)})");
        }
        if (numeric && !NumericTypes.Contains(schema[i].Type))
            throw new InputError(path, option, $"column '{column}' holds {(schema[i].Type == typeof(string) || schema[i].Type == typeof(ReadOnlyMemory<char>) ? "text" : schema[i].Type.Name)}, expected numbers");
    }

    /// <summary>The bookkeeping columns of the contract (not parameters, not metrics).</summary>
    private static readonly HashSet<string> Bookkeeping = ["point", "repeat", "seed", "engine", "status", "error", "wallTimeS", "unit", "unitName"];

    /// <summary>Up to <paramref name="count"/> plausible meanings of a mistyped column name, best first (KeySuggester's order).</summary>
    private static List<string> Nearest(string typed, List<string> names, int count)
    {
        var left = names.ToList();
        var found = new List<string>();
        while (found.Count < count && KeySuggester.Suggest(typed, left) is string s)
        {
            found.Add(s);
            left.Remove(s);
        }
        return found;
    }
}

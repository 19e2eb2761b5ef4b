using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QkdNetSim.Studies;

/// <summary>How a parameter's values combine with the others': crossed (grid), varied together (zip), or drawn (sample).</summary>
public enum ParameterGroup
{
    Grid,
    Zip,
    Sample,
}

/// <summary>The type of a parameter's values, which is the type of its column in points.parquet.</summary>
public enum ParameterType
{
    /// <summary>int64: an integer knob, or every value written as an integer.</summary>
    Integer,

    /// <summary>double.</summary>
    Real,

    /// <summary>boolean.</summary>
    Boolean,

    /// <summary>string (a quoted or non-numeric YAML scalar).</summary>
    Text,
}

/// <summary>
/// One value of a study parameter: <see cref="Text"/> is its canonical invariant text (integers in decimal, reals in
/// shortest round-trip form, e.g. 1E-06, booleans true/false), which names the point's folder, enters its seed and, for a
/// dotted path, is the `--set` value.
/// </summary>
public readonly record struct StudyValue(ParameterType Type, string Text)
{
    public static StudyValue Integer(long v) => new(ParameterType.Integer, v.ToString(CultureInfo.InvariantCulture));

    public static StudyValue Real(double v) => new(ParameterType.Real, v.ToString("R", CultureInfo.InvariantCulture));

    public static StudyValue Boolean(bool v) => new(ParameterType.Boolean, v ? "true" : "false");

    public static StudyValue String(string v) => new(ParameterType.Text, v);

    /// <summary>The number (integers and reals); NaN for other types.</summary>
    public double Number => Type is ParameterType.Integer or ParameterType.Real ? double.Parse(Text, CultureInfo.InvariantCulture) : double.NaN;

    /// <summary>The value as written after `path=` in a `--set` override (YAML): text is single-quoted.</summary>
    public string OverrideText => Type == ParameterType.Text ? "'" + Text.Replace("'", "''", StringComparison.Ordinal) + "'" : Text;

    /// <summary>The typed value: long, double, bool or string.</summary>
    public object Value => Type switch
    {
        ParameterType.Integer => long.Parse(Text, CultureInfo.InvariantCulture),
        ParameterType.Real => double.Parse(Text, CultureInfo.InvariantCulture),
        ParameterType.Boolean => Text == "true",
        _ => Text,
    };
}

/// <summary>
/// A swept parameter: <see cref="Name"/> as written in the study (a dotted `--set` path or a kind's knob name), its
/// values (grid: its own list; zip and sample: one per row, aligned with the group's other parameters), and the key of
/// its level in the Hive-style point folders (<see cref="HiveKey"/>: the name's last segment, longer when two collide).
/// </summary>
public sealed record StudyParameter(string Name, ParameterGroup Group, bool IsKnob, ParameterType Type, IReadOnlyList<StudyValue> Values, string HiveKey);

/// <summary>
/// A study, resolved: the base scenario (a file, or the built-in seed-004 network when <see cref="BasePath"/> is null),
/// the study seed, the engines, the fixed overrides, every parameter with its explicit values (ranges expanded, samples
/// drawn) and the repeats. <see cref="Points"/> expands it; <see cref="Identity"/> tells two studies apart.
/// </summary>
public sealed record Study(string Name, string? Description, string File, string? BasePath, ulong Seed, IReadOnlyList<string> Engines,
    IReadOnlyList<string> Sets, IReadOnlyList<StudyParameter> Parameters, int Repeats)
{
    /// <summary>Most points a study may have (checked before anything is expanded).</summary>
    public const int MaxPoints = 100_000;

    /// <summary>The `base:` value that selects the built-in seed-004 network.</summary>
    public const string BuiltInBase = "builtin";

    public const string Simulate = "simulate";
    public const string Model = "model";

    /// <summary>Grid size × zip rows × sample rows × engines × repeats.</summary>
    public long PointCount
    {
        get
        {
            long n = (long)Engines.Count * Repeats;
            foreach (var p in Parameters.Where(p => p.Group == ParameterGroup.Grid)) n *= p.Values.Count;
            foreach (var group in new[] { ParameterGroup.Zip, ParameterGroup.Sample })
                if (Parameters.FirstOrDefault(p => p.Group == group) is { } first) n *= first.Values.Count;
            return n;
        }
    }

    /// <summary>
    /// SHA-256 of the study's definition (name, base, seed, engines, fixed overrides, parameters and their values, repeats):
    /// a study output folder holds one study, and a second study into it is refused unless resumed.
    /// </summary>
    public string Identity
    {
        get
        {
            var sb = new StringBuilder("qkdnetsim study v1\n");
            sb.Append("name=").Append(Name).Append('\n').Append("base=").Append(BasePath ?? BuiltInBase).Append('\n');
            sb.Append("seed=").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("engines=").AppendJoin(',', Engines).Append('\n');
            foreach (string s in Sets) sb.Append("set=").Append(s).Append('\n');
            foreach (var p in Parameters)
            {
                sb.Append("parameter=").Append(p.Name).Append(';').Append(p.Group).Append(';').Append(p.IsKnob).Append(';').Append(p.Type).Append('\n');
                foreach (var v in p.Values) sb.Append(' ').Append(v.Text.Length).Append(':').Append(v.Text).Append('\n');
            }
            sb.Append("repeats=").Append(Repeats.ToString(CultureInfo.InvariantCulture)).Append('\n');
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        }
    }

    /// <summary>
    /// Every point in index order: the grid's first parameter varies slowest, then the zip rows, the sample rows, the
    /// engines, and the repeat fastest. Bounded by <see cref="MaxPoints"/>, which the study file loader enforces.
    /// </summary>
    public IReadOnlyList<StudyPoint> Points()
    {
        long count = PointCount;
        if (count > MaxPoints) throw new InvalidOperationException($"{count} points exceed {MaxPoints}");
        var grid = Parameters.Select((p, i) => (p, i)).Where(x => x.p.Group == ParameterGroup.Grid).ToArray();
        int zipRows = Parameters.FirstOrDefault(p => p.Group == ParameterGroup.Zip)?.Values.Count ?? 1;
        int sampleRows = Parameters.FirstOrDefault(p => p.Group == ParameterGroup.Sample)?.Values.Count ?? 1;
        var points = new List<StudyPoint>((int)count);
        var gridIndex = new int[grid.Length];
        var values = new StudyValue[Parameters.Count];
        while (true)
        {
            for (int g = 0; g < grid.Length; g++) values[grid[g].i] = grid[g].p.Values[gridIndex[g]];
            for (int z = 0; z < zipRows; z++)
                for (int s = 0; s < sampleRows; s++)
                {
                    for (int k = 0; k < Parameters.Count; k++)
                    {
                        if (Parameters[k].Group == ParameterGroup.Zip) values[k] = Parameters[k].Values[z];
                        else if (Parameters[k].Group == ParameterGroup.Sample) values[k] = Parameters[k].Values[s];
                    }
                    foreach (string engine in Engines)
                        for (int r = 0; r < Repeats; r++)
                            points.Add(StudyPoint.Create(this, points.Count, values.ToArray(), engine, r));
                }
            // Odometer over the grid, last parameter fastest.
            int d = grid.Length - 1;
            while (d >= 0 && ++gridIndex[d] == grid[d].p.Values.Count) gridIndex[d--] = 0;
            if (d < 0) break;
        }
        return points;
    }
}

/// <summary>
/// One point of a study: its parameter values (aligned with <see cref="Study.Parameters"/>), engine and repeat; its id,
/// seed and folder derive from those values, never from <see cref="Index"/>, so adding values to a study leaves the
/// existing points' seeds, folders and results unchanged.
/// </summary>
public sealed record StudyPoint(int Index, string Id, IReadOnlyList<StudyValue> Values, string Engine, int Repeat, ulong Seed, string RelativeDir)
{
    /// <summary>Folder of the points under a study's output directory.</summary>
    public const string PointsFolder = "points";

    internal static StudyPoint Create(Study study, int index, StudyValue[] values, string engine, int repeat)
    {
        var pairs = study.Parameters.Select((p, i) => (p.Name, values[i].Text)).OrderBy(x => x.Name, StringComparer.Ordinal).ToArray();
        ulong seed = DeriveSeed(study.Seed, pairs, repeat);
        string id = DeriveId(pairs, engine, repeat);
        var dir = study.Parameters.Select((p, i) => p.HiveKey + "=" + HiveText(values[i].Text))
            .Append("engine=" + engine).Append("repeat=" + repeat.ToString(CultureInfo.InvariantCulture));
        return new StudyPoint(index, id, values, engine, repeat, seed, string.Join('/', dir));
    }

    /// <summary>
    /// The point's seed: the first 8 bytes (little-endian) of SHA-256 over the study seed, the parameters' canonical
    /// name=value pairs sorted by name, and the repeat, shifted to 63 bits (so it is a non-negative int64 in every tool).
    /// The engine is left out: a cross-check runs both engines on the same seed.
    /// </summary>
    public static ulong DeriveSeed(ulong studySeed, IEnumerable<(string Name, string Text)> sortedPairs, int repeat)
    {
        var sb = new StringBuilder("qkdnetsim study point seed v1\n");
        sb.Append("seed=").Append(studySeed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (name, text) in sortedPairs) sb.Append(name).Append('=').Append(text).Append('\n');
        sb.Append("repeat=").Append(repeat.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 1;
    }

    /// <summary>12 hex digits of SHA-256 over the sorted name=value pairs, engine and repeat: stable as a study grows.</summary>
    private static string DeriveId(IEnumerable<(string Name, string Text)> sortedPairs, string engine, int repeat)
    {
        var sb = new StringBuilder("qkdnetsim study point id v1\n");
        foreach (var (name, text) in sortedPairs) sb.Append(name).Append('=').Append(text).Append('\n');
        sb.Append("engine=").Append(engine).Append("\nrepeat=").Append(repeat.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12];
    }

    /// <summary>
    /// A value as one folder name, Hive-style: letters, digits and <c>. _ + -</c> stay, every other byte of its UTF-8 is
    /// %XX (so <c>/</c>, <c>=</c>, spaces and a leading dot never reach the file system as such).
    /// </summary>
    public static string HiveText(string text)
    {
        var sb = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            bool keep = b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'+' or (byte)'-' || (b == (byte)'.' && i > 0));
            if (keep) sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.Length == 0 ? "%00" : sb.ToString();
    }
}

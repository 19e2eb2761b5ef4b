using System.Globalization;
using System.Text;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>
/// Axis and legend text for a column of a study dataset, from its name alone: column names are camelCase with a unit
/// suffix (README "Outputs"), so "secretKeyRateBitPerS" reads "secret key rate (bit/s)" and "users.1.fibreLengthKm"
/// reads "fibre length of users[1] (km)". Dotted names take their unit and words from the last segment that is not a
/// list index; trailing indices are kept as "[0, 1]".
/// </summary>
public static class AxisLabels
{
    /// <summary>Unit suffixes, longest first (so "BitPerS" wins over "S"). "Bits" is a unit only for rates (below).</summary>
    private static readonly (string Suffix, string Unit)[] Suffixes =
    [
        ("BitPerS", "bit/s"),
        ("RadPerSqrtS", "rad/√s"), // drift noises (drift.phase.noiseRadPerSqrtS)
        ("KPerSqrtS", "K/√s"),
        ("RelativePerSqrtS", "1/√s"),
        ("PerS", "1/s"),            // rates (reversionRatePerS)
        ("DbPerKm", "dB/km"), // before "Km": fibre attenuation (lossDbPerKm, attenuationDbPerKm)
        ("Bits", "bit/symbol"),
        ("Snu", "SNU"),
        ("Hz", "Hz"),
        ("Km", "km"),
        ("Db", "dB"),
        ("Ps", "ps"),
        ("Ns", "ns"),
        ("S", "s"),
    ];

    /// <summary>Leaf names of an estimate object ({value, standardError, lower, upper}): they qualify their parent.</summary>
    private static readonly HashSet<string> EstimateParts = ["value", "standardError", "lower", "upper"];

    /// <summary>Words printed in capitals (acronyms of the physics).</summary>
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
        { "qber", "snu", "cv", "mdi", "bsm", "itu", "gg02", "ec", "qkd" };

    /// <summary>
    /// The unit of a column ("bit/s", "km", ...), or "" for a unitless one (probabilities, QBER, counts); a unit the
    /// dataset declares for a column (<paramref name="units"/>: its knob parameters' units) wins over the name's suffix.
    /// </summary>
    public static string UnitOf(string column, IReadOnlyDictionary<string, string>? units = null) => Parse(column, units).Unit;

    /// <summary>Readable words of a column without its unit: "secret key rate", "fibre length, users [1]".</summary>
    public static string Words(string column) => Parse(column).Words;

    /// <summary>Axis text: words and, when the column has one, its unit in parentheses: "secret key rate (bit/s)".</summary>
    public static string Label(string column, IReadOnlyDictionary<string, string>? units = null)
    {
        var (words, unit) = Parse(column, units);
        return unit.Length == 0 ? words : $"{words} ({unit})";
    }

    /// <summary>Legend text of one series: "afterpulse probability = 0.045", "fibre length = 10 km".</summary>
    public static string Legend(string column, object? value, IReadOnlyDictionary<string, string>? units = null)
    {
        var (words, unit) = Parse(column, units);
        string text = FormatValue(value);
        return unit.Length == 0 ? $"{words} = {text}" : $"{words} = {text} {unit}";
    }

    /// <summary>
    /// Whether a metric is a rate drawn on a log axis: its name (last named segment) ends in BitPerS, RateHz or Hz, or
    /// contains BitPerS or KeyRate (key rates per pulse or per symbol, "keyRateBitPerSRigorous").
    /// </summary>
    public static bool IsRate(string column)
    {
        string name = column.Split('.').LastOrDefault(p => !IsIndex(p) && !EstimateParts.Contains(p)) ?? column;
        return name.EndsWith("Hz", StringComparison.Ordinal) || name.Contains("BitPerS", StringComparison.Ordinal)
            || name.Contains("keyrate", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A number or text as printed in legends and tick labels (invariant culture): up to 4 significant digits, plain
    /// from 1e-4 to below 1e6 ("0.045", "20000"), else "2.5e-07".
    /// </summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "null",
        double d => Number(d),
        float f => Number(f),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Number(double d)
    {
        if (d == 0 || !double.IsFinite(d)) return d.ToString(CultureInfo.InvariantCulture);
        double rounded = double.Parse(d.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        double magnitude = Math.Abs(rounded);
        return magnitude is >= 1e-4 and < 1e6
            ? rounded.ToString("0.#########", CultureInfo.InvariantCulture)
            : rounded.ToString("0.###e+00", CultureInfo.InvariantCulture).Replace("e+", "e", StringComparison.Ordinal);
    }

    /// <summary>
    /// Words and unit of a column. The leaf is the last named (non-index) segment; an estimate part ("value",
    /// "standardError", ...) joins its parent ("excessNoiseSnu.standardError" → "excess noise standard error", SNU).
    /// List indices after the leaf print as "[0, 1]"; the path before it as context after a comma ("decoy finite",
    /// "users [1]"). A leading "network." (the dataset's prefix for a root metric that collides with a unit metric) is
    /// dropped.
    /// </summary>
    private static (string Words, string Unit) Parse(string column, IReadOnlyDictionary<string, string>? units)
    {
        var parsed = Parse(column);
        return units is not null && units.TryGetValue(column, out var declared) && declared.Length > 0 ? (parsed.Words, declared) : parsed;
    }

    private static (string Words, string Unit) Parse(string column)
    {
        var parts = column.Split('.').ToList();
        if (parts.Count > 1 && parts[0] == "network") parts.RemoveAt(0);
        int leaf = parts.FindLastIndex(p => !IsIndex(p));
        if (leaf < 0) return (column, "");
        var (name, unit) = StripUnit(parts[leaf]);
        string words = CamelWords(name);
        int contextEnd = leaf;
        if (EstimateParts.Contains(parts[leaf]) && leaf > 0 && !IsIndex(parts[leaf - 1]))
        {
            var (parent, parentUnit) = StripUnit(parts[leaf - 1]);
            words = parts[leaf] == "value" ? CamelWords(parent) : $"{CamelWords(parent)} {words}";
            if (unit.Length == 0) unit = parentUnit;
            contextEnd = leaf - 1;
        }
        var indices = parts.Skip(leaf + 1).ToList();
        if (indices.Count > 0) words += $" [{string.Join(", ", indices)}]";
        var context = parts.Take(contextEnd).Select(p => IsIndex(p) ? $"[{p}]" : CamelWords(p)).ToList();
        if (context.Count > 0) words += ", " + string.Join(' ', context);
        return (words, unit);
    }

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);

    /// <summary>
    /// The name without its unit and the unit ("" if none). A suffix counts at a camelCase boundary; "BitPerS" also
    /// before a qualifier ("keyRateBitPerSRigorous" → "keyRateRigorous", bit/s). "Bits" is a unit (bit/symbol, the
    /// CV key rates per round) only in a rate or limit; elsewhere it is a count and stays a word ("siftedBits").
    /// </summary>
    private static (string Name, string Unit) StripUnit(string name)
    {
        int infix = name.IndexOf("BitPerS", StringComparison.Ordinal);
        if (infix > 0 && infix + 7 < name.Length && char.IsUpper(name[infix + 7]))
            return (name[..infix] + name[(infix + 7)..], "bit/s");
        foreach (var (suffix, unit) in Suffixes)
        {
            if (name.Length <= suffix.Length || !name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            char before = name[^(suffix.Length + 1)];
            // A unit follows a lowercase letter or digit (durationS, wallTimeS), not the inside of an acronym.
            if (!(char.IsLower(before) || char.IsDigit(before))) continue;
            string stem = name[..^suffix.Length];
            if (suffix == "Bits" && !(stem.Contains("Rate", StringComparison.Ordinal) || stem.Contains("Limit", StringComparison.Ordinal)))
                return (name, "");
            return (stem, unit);
        }
        return (name, "");
    }

    /// <summary>"secretKeyRate" → "secret key rate"; acronyms in capitals ("qberSignal" → "QBER signal").</summary>
    private static string CamelWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool boundary = current.Length > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (boundary || c == '_')
            {
                words.Add(current.ToString());
                current.Clear();
                if (c == '_') continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) words.Add(current.ToString());
        return string.Join(' ', words.Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant()
            : w.All(char.IsUpper) && w.Length > 1 ? w : w.ToLowerInvariant()));
    }
}

using QkdNetSim.Core;

namespace QkdNetSim.Cli;

/// <summary>
/// Minimal, strict command-line parser: positional arguments, `--name value` options, repeatable `--set`, and
/// flags. Unknown options are input errors (exit code 2), never silently ignored.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _options = new();
    private readonly HashSet<string> _flags = new();

    public string Verb { get; }
    public List<string> Positionals { get; } = new();

    private CliArguments(string verb) => Verb = verb;

    /// <param name="valueOptions">Options that take a value (without leading dashes).</param>
    /// <param name="flagOptions">Options without a value.</param>
    public static CliArguments Parse(string verb, IReadOnlyList<string> args, ISet<string> valueOptions, ISet<string> flagOptions)
    {
        var result = new CliArguments(verb);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                result.Positionals.Add(a);
                continue;
            }
            string name = a[2..];
            string? inlineValue = null;
            int eq = name.IndexOf('=');
            if (eq > 0 && valueOptions.Contains(name[..eq])) { inlineValue = name[(eq + 1)..]; name = name[..eq]; }
            if (flagOptions.Contains(name)) { result._flags.Add(name); continue; }
            if (!valueOptions.Contains(name))
                throw new InputError("command line", a, $"unknown option for '{verb}' (expected one of: {string.Join(", ", valueOptions.Concat(flagOptions).Select(o => "--" + o))})");
            string value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new InputError("command line", a, "option needs a value"));
            if (!result._options.TryGetValue(name, out var list)) result._options[name] = list = new List<string>();
            list.Add(value);
        }
        return result;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Option(string name) => _options.TryGetValue(name, out var l) ? l[^1] : null;

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var l) ? l : Array.Empty<string>();

    public ulong? UInt64Option(string name)
    {
        string? v = Option(name);
        if (v == null) return null;
        return ulong.TryParse(v, out ulong r) ? r : throw new InputError("command line", "--" + name, $"expected a non-negative integer, got '{v}'");
    }

    public double? DoubleOption(string name)
    {
        string? v = Option(name);
        if (v == null) return null;
        return double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double r)
            ? r : throw new InputError("command line", "--" + name, $"expected a number, got '{v}'");
    }
}

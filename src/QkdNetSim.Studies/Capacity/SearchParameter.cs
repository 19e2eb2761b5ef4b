using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Studies.Capacity;

/// <summary>
/// A parameter a capacity search varies: a knob of the scenario's kind (<see cref="StudyKnob"/>, e.g. access `capacity`)
/// or a dotted `--set` path (e.g. receiver.detector.efficiency). Setting a value gives ordinary `--set` overrides.
/// </summary>
public sealed record SearchParameter(string Name, string Unit, bool IsInteger, double Minimum, double Maximum,
    Func<IRunScenario, double, IReadOnlyList<string>> Overrides)
{
    /// <summary>
    /// The kind's knob named <paramref name="name"/>, or else the dotted path <paramref name="name"/>, whose range must then
    /// be given (<paramref name="from"/>, <paramref name="to"/>); <paramref name="integer"/> marks a path's values as integers.
    /// A given range narrows a knob's own. Problems are InputErrors on the command line.
    /// </summary>
    public static SearchParameter Resolve(INetworkKind kind, string name, double? from = null, double? to = null, bool integer = false)
    {
        const string Cli = "command line";
        SearchParameter p;
        if (kind.Knobs.FirstOrDefault(k => k.Name == name) is StudyKnob knob)
            p = new SearchParameter(knob.Name, knob.Unit, knob.IsInteger || integer, knob.Minimum, knob.Maximum, knob.Overrides);
        else
        {
            if (from is null || to is null)
                throw new InputError(Cli, "--maximize", $"'{name}' is not a knob of the {kind.Name} kind ({string.Join(", ", kind.Knobs.Select(k => k.Name))}), "
                    + "so it is a dotted --set path and needs its search range: --from and --to");
            p = new SearchParameter(name, UnitOf(name), integer, double.NegativeInfinity, double.PositiveInfinity, (_, v) => [$"{name}={Value(v)}"]);
        }
        double lo = Math.Max(from ?? p.Minimum, p.Minimum), hi = Math.Min(to ?? p.Maximum, p.Maximum);
        if (p.IsInteger) (lo, hi) = (Math.Ceiling(lo), Math.Floor(hi));
        if (!(hi > lo))
            throw new InputError(Cli, "--from", $"the search range of {name} is empty ([{Value(lo)}, {Value(hi)}]; the {(p.Minimum > double.NegativeInfinity ? $"knob allows [{Value(p.Minimum)}, {Value(p.Maximum)}]" : "range must have from < to")})");
        return p with { Minimum = lo, Maximum = hi };
    }

    /// <summary>
    /// A value with its unit, e.g. "20.612 km", "23 users": integers as integers; other values with the decimals that
    /// <paramref name="resolution"/> (the search's tolerance) resolves, or 6 significant digits.
    /// </summary>
    public string Format(double value, double? resolution = null)
    {
        string number = IsInteger ? value.ToString("F0", CultureInfo.InvariantCulture)
            : resolution is double r && r > 0 ? value.ToString("F" + Math.Clamp((int)Math.Ceiling(-Math.Log10(r)), 0, 15), CultureInfo.InvariantCulture)
            : value.ToString("G6", CultureInfo.InvariantCulture);
        return Unit.Length == 0 ? number : $"{number} {Unit}";
    }

    /// <summary>A number as YAML that reads back to the same double.</summary>
    public static string Value(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The unit a dotted path's camelCase suffix names (fibreLengthKm: km), or "" when it names none.</summary>
    public static string UnitOf(string path)
    {
        string last = path[(path.LastIndexOf('.') + 1)..];
        (string Suffix, string Unit)[] units = [("DbPerKm", "dB/km"), ("Km", "km"), ("Db", "dB"), ("Hz", "Hz"), ("Ps", "ps"), ("Ns", "ns"), ("S", "s"), ("Snu", "SNU")];
        return units.Where(u => last.EndsWith(u.Suffix, StringComparison.Ordinal) && last.Length > u.Suffix.Length && char.IsLower(last[^(u.Suffix.Length + 1)]))
            .Select(u => u.Unit).FirstOrDefault() ?? "";
    }

    /// <summary>
    /// The overrides of knob settings applied in turn, each computed from the scenario the ones before it produced (knobs
    /// that replace a scenario's users, like access `capacity`, go first): <paramref name="load"/> loads the base scenario
    /// with extra overrides. Settings are "name=value".
    /// </summary>
    public static IReadOnlyList<string> ApplyKnobs(INetworkKind kind, Func<IReadOnlyList<string>, IRunScenario> load, IEnumerable<string> settings)
    {
        var overrides = new List<string>();
        foreach (string setting in settings)
        {
            int eq = setting.IndexOf('=');
            string name = eq > 0 ? setting[..eq] : setting;
            var knob = kind.Knobs.FirstOrDefault(k => k.Name == name)
                ?? throw new InputError("command line", "--knob", $"'{name}' is not a knob of the {kind.Name} kind (expected one of: {string.Join(", ", kind.Knobs.Select(k => k.Name))})");
            if (eq < 0 || !double.TryParse(setting[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value)
                || (knob.IsInteger && value != Math.Floor(value)) || value < knob.Minimum || value > knob.Maximum)
                throw new InputError("command line", "--knob", $"expected {name}=VALUE with {(knob.IsInteger ? "an integer" : "a number")} in [{Value(knob.Minimum)}, {Value(knob.Maximum)}], got '{setting}'");
            overrides.AddRange(knob.Overrides(load(overrides), value));
        }
        return overrides;
    }
}

using System.Collections;
using System.Globalization;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Turns schema objects back into a YAML tree: the inverse of <see cref="ScenarioBinder"/>. Used to write the
/// canonical YAML and to materialise a default list that an override indexes into. Every property is written
/// (defaults included) so the result states the whole scenario; null nullable properties are omitted because
/// absent and null mean the same. Numbers use the shortest round-trip form, so binding the result gives back
/// exactly the same values.
/// </summary>
public static class ScenarioTreeBuilder
{
    public static YamlTreeNode FromValue(object? value, Type type, string file)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (value)
        {
            case null:
                return new YamlTreeScalar("null", isPlain: true, file, 0);
            case string s:
                return new YamlTreeScalar(s, isPlain: false, file, 0);
            case double d:
                return new YamlTreeScalar(FormatDouble(d), isPlain: true, file, 0);
            case bool b:
                return new YamlTreeScalar(b ? "true" : "false", isPlain: true, file, 0);
            case int or long or ulong or uint:
                return new YamlTreeScalar(Convert.ToString(value, CultureInfo.InvariantCulture)!, isPlain: true, file, 0);
        }
        if (ScenarioSchema.IsList(type))
        {
            var seq = new YamlTreeSequence(file, 0);
            var element = ScenarioSchema.ElementOf(type);
            foreach (var item in (IEnumerable)value) seq.Items.Add(FromValue(item, element, file));
            return seq;
        }
        if (ScenarioSchema.IsObject(type))
        {
            var map = new YamlTreeMapping(file, 0);
            foreach (var p in ScenarioSchema.PropertiesOf(type))
            {
                var v = p.Property.GetValue(value);
                if (v is null && p.IsNullable) continue;
                map.Set(new YamlTreeEntry(p.Key, file, FromValue(v, p.Property.PropertyType, file)));
            }
            return map;
        }
        throw new NotSupportedException($"schema type {type.Name} has no YAML form");
    }

    /// <summary>Shortest text that parses back to the same double; YAML 1.2 spellings for the non-finite values.</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return ".nan";
        if (double.IsPositiveInfinity(d)) return ".inf";
        if (double.IsNegativeInfinity(d)) return "-.inf";
        return d.ToString("R", CultureInfo.InvariantCulture);
    }
}

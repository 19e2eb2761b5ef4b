using System.Collections;
using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Maps a resolved YAML tree onto the schema classes strictly: an unknown key, a value of the wrong kind or an
/// unparsable number is an <see cref="InputError"/> naming the file that wrote it, never a silent default. A typo
/// that quietly falls back to a default would make a simulation answer a different question than the one asked.
/// Absent keys keep the class defaults (a fresh instance per mapping); lists are replaced whole.
/// </summary>
public static class ScenarioBinder
{
    /// <summary>Binds the root mapping onto any schema root class <typeparamref name="T"/> (one per scenario kind).</summary>
    public static T Bind<T>(YamlTreeMapping root, ScenarioOrigins origins) where T : class, new()
        => (T)BindObject(typeof(T), root, "", origins);

    private static object BindObject(Type type, YamlTreeMapping map, string path, ScenarioOrigins origins)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var entry in map.Entries)
        {
            string field = Join(path, entry.Key);
            var prop = ScenarioSchema.Find(type, entry.Key)
                ?? throw new InputError(entry.KeyFile, field,
                    $"unknown key '{entry.Key}' ({KeySuggester.Hint(entry.Key, ScenarioSchema.KeysOf(type))})");
            origins.Record(field, entry.Value.File);
            prop.Property.SetValue(instance, BindValue(prop.Property.PropertyType, prop.IsNullable, entry.Value, field, origins));
        }
        return instance;
    }

    private static object? BindValue(Type declared, bool nullable, YamlTreeNode node, string field, ScenarioOrigins origins)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (node is YamlTreeScalar { IsNull: true })
        {
            if (nullable) return null;
            throw Expected(type, node, field);
        }

        if (ScenarioSchema.IsList(type))
        {
            if (node is not YamlTreeSequence seq) throw Expected(type, node, field);
            var element = ScenarioSchema.ElementOf(type);
            var list = (IList)Activator.CreateInstance(type)!;
            for (int i = 0; i < seq.Items.Count; i++)
            {
                string itemField = Join(field, i.ToString(CultureInfo.InvariantCulture));
                origins.Record(itemField, seq.Items[i].File);
                list.Add(BindValue(element, false, seq.Items[i], itemField, origins));
            }
            return list;
        }
        if (ScenarioSchema.IsObject(type))
        {
            if (node is not YamlTreeMapping map) throw Expected(type, node, field);
            return BindObject(type, map, field, origins);
        }

        if (node is not YamlTreeScalar scalar) throw Expected(type, node, field);
        string text = scalar.Value.Trim();
        if (type == typeof(string)) return scalar.Value;
        if (type == typeof(double))
            return ScalarParsing.TryParseDouble(text, out var d) ? d : throw Expected(type, node, field);
        if (type == typeof(int))
            return ScalarParsing.TryParseInt(text, out var i) ? i : throw Expected(type, node, field);
        if (type == typeof(long))
            return ScalarParsing.TryParseLong(text, out var l) ? l : throw Expected(type, node, field);
        if (type == typeof(ulong))
            return ScalarParsing.TryParseULong(text, out var u) ? u : throw Expected(type, node, field);
        if (type == typeof(bool))
            return ScalarParsing.TryParseBool(text, out var b) ? b : throw Expected(type, node, field);
        throw new NotSupportedException($"schema type {type.Name} cannot be bound from YAML");
    }

    private static InputError Expected(Type type, YamlTreeNode node, string field)
        => new(node.File, field, $"expected {ScenarioSchema.KindOf(type)}, got {YamlTreeReader.Describe(node)}");

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}

using System.Collections.Concurrent;
using System.Reflection;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The scenario schema as the loader sees it: the public read/write properties of a schema root class
/// (one per network kind, in the run layer) and the classes it contains, each under its camelCase
/// YAML key. Deriving the keys by reflection keeps the POCOs the single source of truth: a property added there is at once loadable, overridable
/// with --set, checked for typos and written to the canonical YAML.
/// </summary>
public static class ScenarioSchema
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<SchemaProperty>> Cache = new();

    /// <summary>The properties of a schema class in declaration order (which is also canonical-YAML order).</summary>
    public static IReadOnlyList<SchemaProperty> PropertiesOf(Type type) => Cache.GetOrAdd(type, Build);

    public static SchemaProperty? Find(Type type, string key)
    {
        foreach (var p in PropertiesOf(type))
            if (string.Equals(p.Key, key, StringComparison.Ordinal)) return p;
        return null;
    }

    public static IEnumerable<string> KeysOf(Type type) => PropertiesOf(type).Select(p => p.Key);

    /// <summary>A schema class is a nested mapping (as opposed to a scalar or a list).</summary>
    public static bool IsObject(Type type) => type.IsClass && type != typeof(string) && !IsList(type);

    public static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);

    public static Type ElementOf(Type listType) => listType.GetGenericArguments()[0];

    /// <summary>What a value of this type looks like, for error messages ("a number", "an integer", ...).</summary>
    public static string KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(double)) return "a number";
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(ulong)) return "a non-negative integer";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string)) return "a string";
        if (IsList(type)) return "a list";
        return "a mapping";
    }

    public static string CamelCase(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static IReadOnlyList<SchemaProperty> Build(Type type)
    {
        // NullabilityInfoContext is not thread-safe (its caches are plain dictionaries) and GetOrAdd may build several
        // types at once (a study validates its points on all cores): one context per build.
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .Select(p =>
            {
                bool nullable = Nullable.GetUnderlyingType(p.PropertyType) is not null
                    || (!p.PropertyType.IsValueType && nullability.Create(p).WriteState == NullabilityState.Nullable);
                return new SchemaProperty(CamelCase(p.Name), p, nullable);
            })
            .ToArray();
    }
}

/// <summary>One schema property: its YAML key, the CLR property, and whether null (absent) is a legal value.</summary>
public sealed record SchemaProperty(string Key, PropertyInfo Property, bool IsNullable)
{
    /// <summary>The property type with any Nullable&lt;T&gt; unwrapped.</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QkdNetSim.Studies;

/// <summary>
/// Which flattened summary paths the summary's C# type declares as floating-point numbers, so that a dataset column has
/// the same type in every study: a key rate that is 0 at every point of one study is still a double column, not an
/// int64 one. Paths are the dataset's names (objects joined by '.', list items by their index); a path the type does not
/// describe (a kind's summary read without its type) is unknown and typed from its values.
/// </summary>
public sealed class DeclaredNumbers(Type? root)
{
    private readonly Dictionary<string, bool?> _cache = new(StringComparer.Ordinal);

    /// <summary>True: declared double, float or decimal; false: declared integer; null: unknown.</summary>
    public bool? IsReal(string path)
    {
        if (root is null) return null;
        lock (_cache)
        {
            if (!_cache.TryGetValue(path, out var real)) _cache[path] = real = Walk(root, path.Split('.'));
            return real;
        }
    }

    /// <summary>The element type of a list property <paramref name="key"/> of the root (a summary's units), as a root of its own.</summary>
    public DeclaredNumbers Items(string key) => new(root is null ? null : ElementOf(PropertyType(Unwrap(root), key)));

    private static bool? Walk(Type type, string[] segments)
    {
        Type? t = type;
        foreach (string segment in segments)
        {
            if (t is null) return null;
            t = Unwrap(t);
            t = DictionaryValue(t) ?? (ElementOf(t) is { } element && int.TryParse(segment, out _) ? element : PropertyType(t, segment));
        }
        if (t is null) return null;
        t = Unwrap(t);
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) return true;
        if (t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(ulong) || t == typeof(uint) || t == typeof(byte)) return false;
        return null;
    }

    private static Type? DictionaryValue(Type t) => t.GetInterfaces().Append(t)
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
        ?.GetGenericArguments()[1];

    private static Type Unwrap(Type t) => Nullable.GetUnderlyingType(t) ?? t;

    private static Type? ElementOf(Type? t)
    {
        if (t is null || t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        var list = t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return list?.GetGenericArguments()[0];
    }

    /// <summary>The property serialised under <paramref name="jsonName"/> (camelCase, or its [JsonPropertyName]).</summary>
    private static Type? PropertyType(Type t, string jsonName)
    {
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            if (name == jsonName) return p.PropertyType;
        }
        return null;
    }
}

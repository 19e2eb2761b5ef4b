using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Json;

/// <summary>
/// The one JSON contract of every file QkdNetSim writes or reads back: camelCase names, IEEE specials as named literals
/// ("NaN", "Infinity"), every property written (null included). Summaries are indented for people; manifests stored in
/// a Parquet footer are compact. Both read with the same rules, so a file written by one is read by the other.
/// </summary>
public static class JsonContract
{
    /// <summary>summary.json and other files people read: indented.</summary>
    public static JsonSerializerOptions Indented { get; } = Build(indented: true, generated: null);

    /// <summary>Run manifests in log footers: one line.</summary>
    public static JsonSerializerOptions Compact { get; } = Build(indented: false, generated: null);

    public static string ToIndentedJson<T>(T value) => JsonSerializer.Serialize(value, Indented);

    public static string ToCompactJson<T>(T value) => JsonSerializer.Serialize(value, Compact);

    /// <summary>Deserialises trusted output of this tool (a summary it wrote).</summary>
    public static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Indented)!;

    /// <summary>Deserialises user input (a manifest in a log footer); any failure is an <see cref="InputError"/> on <paramref name="field"/>.</summary>
    public static T FromUserJson<T>(string json, string file, string field) => FromUserJson<T>(json, file, field, Compact);

    /// <summary>
    /// The contract's options served first by <paramref name="generated"/> (a source-generated <see cref="JsonSerializerContext"/>:
    /// no reflection, no code emitted at run time, so a short run starts faster), then by reflection for any type it lacks.
    /// The bytes are those of <see cref="Indented"/> / <see cref="Compact"/>: the rules above apply to both resolvers.
    /// </summary>
    public static JsonSerializerOptions Create(bool indented, IJsonTypeInfoResolver generated) => Build(indented, generated);

    /// <summary>As <see cref="FromJson{T}(string)"/>, with options from <see cref="Create(bool, IJsonTypeInfoResolver)"/>.</summary>
    public static T FromJson<T>(string json, JsonSerializerOptions options) => JsonSerializer.Deserialize<T>(json, options)!;

    /// <summary>As <see cref="FromUserJson{T}(string, string, string)"/>, with options from <see cref="Create(bool, IJsonTypeInfoResolver)"/>.</summary>
    public static T FromUserJson<T>(string json, string file, string field, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, options) ?? throw new InputError(file, field, "manifest is empty");
        }
        catch (JsonException e)
        {
            throw new InputError(file, field, $"manifest is not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    private static JsonSerializerOptions Build(bool indented, IJsonTypeInfoResolver? generated)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        if (generated is not null) options.TypeInfoResolver = JsonTypeInfoResolver.Combine(generated, new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

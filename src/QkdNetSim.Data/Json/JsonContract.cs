using System.Text.Json;
using System.Text.Json.Serialization;
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
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Run manifests in log footers: one line.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static string ToIndentedJson<T>(T value) => JsonSerializer.Serialize(value, Indented);

    public static string ToCompactJson<T>(T value) => JsonSerializer.Serialize(value, Compact);

    /// <summary>Deserialises trusted output of this tool (a summary it wrote).</summary>
    public static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Indented)!;

    /// <summary>Deserialises user input (a manifest in a log footer); any failure is an <see cref="InputError"/> on <paramref name="field"/>.</summary>
    public static T FromUserJson<T>(string json, string file, string field)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Compact) ?? throw new InputError(file, field, "manifest is empty");
        }
        catch (JsonException e)
        {
            throw new InputError(file, field, $"manifest is not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

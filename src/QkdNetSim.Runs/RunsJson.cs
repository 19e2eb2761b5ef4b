using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Runs;

/// <summary>
/// <see cref="JsonContract"/>'s options for the files the run layer writes and reads (summary.json of every kind, the
/// manifests in log footers), served by source-generated metadata (<see cref="RunsJsonContext"/>) instead of reflection:
/// the same bytes, without building serializers at run time (tens of milliseconds of every run). Other types (a kind
/// defined elsewhere) fall back to reflection.
/// </summary>
public static class RunsJson
{
    public static JsonSerializerOptions Indented { get; } = JsonContract.Create(indented: true, RunsJsonContext.Default);

    public static JsonSerializerOptions Compact { get; } = JsonContract.Create(indented: false, RunsJsonContext.Default);

    /// <summary>
    /// Builds the serializer metadata of <paramref name="type"/> and every type its properties reach (source-generated
    /// metadata for value-type properties is JIT-compiled on first use: ~15-20 ms of a short run), so that `run` can pay
    /// it on another core while the scenario loads. Writes nothing.
    /// </summary>
    public static void WarmUp(Type type)
    {
        var seen = new HashSet<Type>();
        void Visit(Type t)
        {
            if (!seen.Add(t)) return;
            var info = Indented.GetTypeInfo(t);
            foreach (var p in info.Properties) Visit(p.PropertyType);
            if (info.ElementType is Type element) Visit(element);
        }
        Visit(type);
    }
}

/// <summary>The run layer's serialised types; options as <see cref="JsonContract"/> (the runtime options rule, these match them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(MdiRunSummary))]
[JsonSerializable(typeof(MdiRunManifest))]
[JsonSerializable(typeof(CvRunSummary))]
[JsonSerializable(typeof(CvRunManifest))]
[JsonSerializable(typeof(CvCovarianceSummary))]
public sealed partial class RunsJsonContext : JsonSerializerContext;

using System.Security.Cryptography;
using System.Text;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The kind-independent half of every scenario loader: read the file, parse the YAML, expand `model:` references, check
/// and drop the `kind:` key, apply `--set` overrides against the kind's schema, bind strictly; and, after the loader has
/// validated, write the canonical YAML and its hash. The order makes the precedence override &gt; explicit key &gt;
/// model file &gt; class default for every kind alike.
/// </summary>
public static class ScenarioDocument
{
    /// <summary>Pseudo file name of tree nodes synthesised for the canonical YAML.</summary>
    private const string CanonicalSource = "(canonical)";

    /// <summary>
    /// The text of a scenario file; a missing, unreadable, non-regular (directory, device, FIFO), oversized or empty file is an
    /// <see cref="InputError"/> (see <see cref="ScenarioLimits"/>).
    /// </summary>
    public static string ReadFile(string path)
        => ScenarioFileText.Read(path, path, "(file)", "scenario file", "scenario file not found",
            ": write the scenario's keys, or run without a file for the built-in scenario");

    /// <summary>Parses scenario text and expands its model references (model paths relative to <paramref name="virtualPath"/>).</summary>
    /// <remarks>The whole scenario, its aliases and model files included, is held within <see cref="ScenarioLimits"/>.</remarks>
    public static YamlTreeMapping ReadResolved(string yaml, string virtualPath)
    {
        var budget = new YamlNodeBudget();
        return ModelReferenceResolver.Resolve(YamlTreeReader.ReadMapping(yaml, virtualPath, budget), virtualPath, budget);
    }

    /// <summary>
    /// Reads, resolves, kind-checks, overrides and binds scenario text onto <typeparamref name="T"/>.
    /// <paramref name="beforeBind"/> lets a kind rewrite the final tree (e.g. per-item defaults) before binding.
    /// Returns the bound scenario and which file wrote each field, for the kind's validator.
    /// </summary>
    public static (T Scenario, ScenarioOrigins Origins) Bind<T>(string yaml, string virtualPath, IReadOnlyList<string> overrides,
        ScenarioKindSpec kind, Action<YamlTreeMapping>? beforeBind = null) where T : class, new()
    {
        // Overrides first: a malformed --set is reported before anything in the files.
        var parsedOverrides = OverrideParser.ParseAll(overrides);
        var tree = ReadResolved(yaml, virtualPath);
        ScenarioKind.Require(tree, virtualPath, kind);
        tree.Remove(ScenarioKind.Key);

        foreach (var o in parsedOverrides)
            if (o.Segments[0] == ScenarioKind.Key)
                throw new InputError(OverrideParser.SourceName, o.Path,
                    "cannot be overridden: the kind selects the schema the file is read with (write 'kind:' in the file)");
        OverrideApplier.Apply(tree, parsedOverrides, typeof(T));
        beforeBind?.Invoke(tree);

        var origins = new ScenarioOrigins(virtualPath);
        return (ScenarioBinder.Bind<T>(tree, origins), origins);
    }

    /// <summary>
    /// Canonical YAML of a bound scenario: every property in schema order, fixed layout. Kinds other than the access
    /// network lead with their `kind:` line so the text alone loads again; the access network writes none, which keeps the
    /// canonical text (and hash) of access scenarios what it was before the kind key existed.
    /// </summary>
    public static string Canonical<T>(T scenario, ScenarioKindSpec kind) where T : class
    {
        var body = (YamlTreeMapping)ScenarioTreeBuilder.FromValue(scenario, typeof(T), CanonicalSource);
        // The kind an absent key means is not written, so its canonical text (and hash) is what it was before kinds.
        if (kind.Name == kind.AbsentMeans) return YamlTreeWriter.Write(body);

        var withKind = new YamlTreeMapping(CanonicalSource, 0);
        withKind.Set(new YamlTreeEntry(ScenarioKind.Key, CanonicalSource,
            new YamlTreeScalar(kind.Name, isPlain: true, CanonicalSource, 0)));
        foreach (var e in body.Entries) withKind.Set(e);
        return YamlTreeWriter.Write(withKind);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Hash(string canonicalYaml)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalYaml)));
}

/// <summary>A scenario kind as a loader sees it: its name, the kind a file without `kind:` is, and every kind name there is.</summary>
public sealed record ScenarioKindSpec(string Name, string AbsentMeans, IReadOnlyList<string> KnownNames);

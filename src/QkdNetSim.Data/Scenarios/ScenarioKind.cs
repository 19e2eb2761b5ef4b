using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The top-level `kind:` key that selects the schema a scenario file is read with. It is read before binding, since it
/// selects the schema rather than being part of one. Which names exist, and which one an absent key means, is the run
/// layer's registry; this class only reads and checks the key.
/// </summary>
public static class ScenarioKind
{
    public const string Key = "kind";

    /// <summary>The kind a scenario file names, or null when it has no `kind:` key.</summary>
    public static string? Detect(string path, IReadOnlyList<string>? known = null) => DetectFromText(ScenarioDocument.ReadFile(path), path, known);

    public static string? DetectFromText(string yaml, string virtualPath, IReadOnlyList<string>? known = null) =>
        Of(ScenarioDocument.ReadResolved(yaml, virtualPath), known);

    /// <summary>The `kind:` value of a resolved tree, or null when absent; <paramref name="known"/> names the kinds in errors.</summary>
    public static string? Of(YamlTreeMapping root, IReadOnlyList<string>? known = null)
    {
        var entry = root.Find(Key);
        if (entry is null) return null;
        if (entry.Value is not YamlTreeScalar { IsNull: false } scalar)
            throw new InputError(entry.Value.File, Key,
                $"expected a scenario kind{(known is null ? "" : $" ({string.Join(" or ", known)})")}, got {YamlTreeReader.Describe(entry.Value)}");
        string name = scalar.Value.Trim();
        if (known is not null && !known.Contains(name))
            throw new InputError(entry.Value.File, Key, $"unknown scenario kind '{name}' ({KeySuggester.Hint(name, known)})");
        return name;
    }

    /// <summary>Throws unless the file is of kind <paramref name="expected"/> (an absent key means <paramref name="absentMeans"/>).</summary>
    internal static void Require(YamlTreeMapping root, string file, ScenarioKindSpec spec)
    {
        string expected = spec.Name, absentMeans = spec.AbsentMeans;
        string actual = Of(root, spec.KnownNames) ?? absentMeans;
        if (actual == expected) return;
        var entry = root.Find(Key);
        if (entry is null)
            throw new InputError(file, Key, $"is absent, which means {absentMeans}; an {expected} scenario must say 'kind: {expected}'");
        throw new InputError(entry.Value.File, Key, $"is '{actual}', but this loader reads '{expected}' scenarios");
    }
}

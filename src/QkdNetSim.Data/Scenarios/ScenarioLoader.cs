using System.Security.Cryptography;
using System.Text;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Loads a scenario: parse the YAML, expand `model:` references, apply `--set` overrides, bind strictly onto
/// <see cref="ScenarioFile"/>, validate, resolve users, and write the canonical YAML and its hash. The order makes the
/// precedence override &gt; explicit key &gt; model file &gt; class default. Every input problem is an
/// <see cref="InputError"/> naming the file, the dotted field and the rule.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads a scenario file from disk; model paths are relative to it.</summary>
    public static LoadedScenario Load(string path, IReadOnlyList<string> overrides)
    {
        if (!File.Exists(path))
            throw new InputError(path, "(file)", "scenario file not found");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputError(path, "(file)", $"cannot be read: {ex.Message}", ex);
        }
        return LoadFromText(text, path, overrides);
    }

    /// <summary>
    /// Loads scenario text (tests, built-in scenarios). <paramref name="virtualPath"/> names the text in errors and
    /// anchors relative model paths (its directory; the current directory if it has none).
    /// </summary>
    public static LoadedScenario LoadFromText(string yaml, string virtualPath, IReadOnlyList<string> overrides)
    {
        var parsedOverrides = OverrideParser.ParseAll(overrides);
        var tree = YamlTreeReader.ReadMapping(yaml, virtualPath);
        tree = ModelReferenceResolver.Resolve(tree, virtualPath);
        OverrideApplier.Apply(tree, parsedOverrides);

        var origins = new ScenarioOrigins(virtualPath);
        var scenario = ScenarioBinder.Bind(tree, origins);
        ScenarioValidator.Validate(scenario, origins);
        var users = ScenarioResolver.ResolveUsers(scenario);

        string canonical = ToCanonicalYaml(scenario);
        return new LoadedScenario
        {
            Scenario = scenario,
            CanonicalYaml = canonical,
            ScenarioHash = Hash(canonical),
            SourcePath = virtualPath,
            Users = users,
        };
    }

    /// <summary>The canonical YAML of a scenario object: every property, schema order, fixed layout.</summary>
    public static string ToCanonicalYaml(ScenarioFile scenario)
        => YamlTreeWriter.Write((YamlTreeMapping)ScenarioTreeBuilder.FromValue(scenario, typeof(ScenarioFile), "(canonical)"));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Hash(string canonicalYaml)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalYaml)));
}

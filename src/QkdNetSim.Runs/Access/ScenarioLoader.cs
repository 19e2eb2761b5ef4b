using QkdNetSim.Core;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Loads an access-network scenario (`kind:` absent or `accessNetwork`): parse the YAML, expand `model:` references,
/// apply `--set` overrides, bind strictly onto <see cref="ScenarioFile"/>, validate, resolve users, and write the
/// canonical YAML and its hash (the shared steps are <see cref="ScenarioDocument"/>'s). The order makes the precedence
/// override &gt; explicit key &gt; model file &gt; class default. Every input problem is an <see cref="InputError"/>
/// naming the file, the dotted field and the rule. MDI networks load with <see cref="Mdi.MdiScenarioLoader"/>;
/// <see cref="ScenarioKind.Detect"/> tells which a file is.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads a scenario file from disk; model paths are relative to it.</summary>
    public static LoadedScenario Load(string path, IReadOnlyList<string> overrides)
        => LoadFromText(ScenarioDocument.ReadFile(path), path, overrides);

    /// <summary>
    /// Loads scenario text (tests, built-in scenarios). <paramref name="virtualPath"/> names the text in errors and
    /// anchors relative model paths (its directory; the current directory if it has none).
    /// </summary>
    public static LoadedScenario LoadFromText(string yaml, string virtualPath, IReadOnlyList<string> overrides)
    {
        var (scenario, origins) = ScenarioDocument.Bind<ScenarioFile>(yaml, virtualPath, overrides, KindNames.Spec(KindNames.Access));
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
    public static string ToCanonicalYaml(ScenarioFile scenario) => ScenarioDocument.Canonical(scenario, KindNames.Spec(KindNames.Access));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Hash(string canonicalYaml) => ScenarioDocument.Hash(canonicalYaml);
}

using QkdNetSim.Core;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Loads an MDI network scenario (`kind: mdiNetwork`) with the same machinery and precedence as the access network
/// (<see cref="ScenarioDocument"/>: model includes, `--set` overrides, strict binding), plus one MDI step: a user's
/// `encoder:` and a module's `detector:` inherit the keys they leave out from the network's `encoder:` and
/// `relay.detector:`. Then validates, writes the canonical YAML and its hash, and builds the engine configuration.
/// Every input problem is an <see cref="InputError"/> naming the file, the dotted field and the rule.
/// </summary>
public static class MdiScenarioLoader
{
    /// <summary>Loads a scenario file from disk; model paths are relative to it.</summary>
    public static LoadedMdiScenario Load(string path, IReadOnlyList<string> overrides)
        => LoadFromText(ScenarioDocument.ReadFile(path), path, overrides);

    /// <summary>
    /// Loads scenario text. <paramref name="virtualPath"/> names the text in errors and anchors relative model paths.
    /// </summary>
    public static LoadedMdiScenario LoadFromText(string yaml, string virtualPath, IReadOnlyList<string> overrides)
    {
        var (scenario, origins) = ScenarioDocument.Bind<MdiScenarioFile>(yaml, virtualPath, overrides,
            KindNames.Spec(KindNames.Mdi), MdiItemInheritance.Apply);
        MdiScenarioValidator.Validate(scenario, origins);

        string canonical = ToCanonicalYaml(scenario);
        return new LoadedMdiScenario
        {
            Scenario = scenario,
            CanonicalYaml = canonical,
            ScenarioHash = ScenarioDocument.Hash(canonical),
            SourcePath = virtualPath,
            Config = MdiNetworkBuilder.Build(scenario),
        };
    }

    /// <summary>The canonical YAML of a scenario object: `kind: mdiNetwork`, then every property in schema order.</summary>
    public static string ToCanonicalYaml(MdiScenarioFile scenario) => ScenarioDocument.Canonical(scenario, KindNames.Spec(KindNames.Mdi));
}

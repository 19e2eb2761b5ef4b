namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Fills the per-item overrides of an MDI tree from the network-wide mapping they refine: a user's `encoder:` from the
/// top-level `encoder:`, a user's `drift:` from the top-level `drift:`, a module's `detector:` from `relay.detector:`. Done on the tree, after model includes and
/// overrides, because only there "not written" can be told from "written with the class default's value": a user who
/// writes `encoder: {extinctionRatioDb: 25}` keeps the network's intensities, whatever file they came from.
/// </summary>
internal static class MdiItemInheritance
{
    private static readonly string UsersKey = ScenarioSchema.CamelCase(nameof(MdiScenarioFile.Users));
    private static readonly string EncoderKey = ScenarioSchema.CamelCase(nameof(MdiScenarioFile.Encoder));
    private static readonly string ModulesKey = ScenarioSchema.CamelCase(nameof(MdiScenarioFile.Modules));
    private static readonly string RelayKey = ScenarioSchema.CamelCase(nameof(MdiScenarioFile.Relay));
    private static readonly string DetectorKey = ScenarioSchema.CamelCase(nameof(RelaySpec.Detector));
    private static readonly string DriftKey = ScenarioSchema.CamelCase(nameof(MdiScenarioFile.Drift));

    public static void Apply(YamlTreeMapping root)
    {
        Inherit(root, UsersKey, EncoderKey, MappingAt(root, EncoderKey));
        Inherit(root, ModulesKey, DetectorKey, MappingAt(MappingAt(root, RelayKey), DetectorKey));
        Inherit(root, UsersKey, DriftKey, MappingAt(root, DriftKey));
    }

    /// <summary>Merges <paramref name="defaults"/> under the <paramref name="itemKey"/> mapping of every item of the list.</summary>
    private static void Inherit(YamlTreeMapping root, string listKey, string itemKey, YamlTreeMapping? defaults)
    {
        // Shapes that are wrong (a scalar where a mapping belongs) are left alone for the binder to report.
        if (defaults is null || root.Find(listKey)?.Value is not YamlTreeSequence items) return;
        foreach (var item in items.Items)
        {
            if (item is not YamlTreeMapping map || map.Find(itemKey) is not { Value: YamlTreeMapping own } entry) continue;
            map.Set(entry with { Value = ModelReferenceResolver.Merge(defaults, own) });
        }
    }

    private static YamlTreeMapping? MappingAt(YamlTreeMapping? map, string key) => map?.Find(key)?.Value as YamlTreeMapping;
}

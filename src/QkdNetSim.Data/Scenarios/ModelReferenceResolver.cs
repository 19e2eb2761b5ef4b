using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Expands `model: path.yaml` references. Any mapping may name a model file; the file's root mapping supplies
/// defaults beneath the mapping's own keys (explicit keys win; mappings present on both sides are merged key by key;
/// lists and scalars are replaced whole). Paths are relative to the file that wrote the `model` key, so a model
/// file can reference further models next to it. Lab-measured component descriptions thus live once in models/
/// and scenarios only state what differs.
/// </summary>
public static class ModelReferenceResolver
{
    /// <summary>The key that names a model file. It is consumed here and never reaches the schema.</summary>
    public const string ModelKey = "model";

    /// <summary>
    /// Returns a new tree with every model reference expanded, recursively. <paramref name="rootFile"/> is the file
    /// the tree was read from (its full path seeds the include-cycle check).
    /// </summary>
    public static YamlTreeMapping Resolve(YamlTreeMapping root, string rootFile)
    {
        var chain = new List<string> { Path.GetFullPath(rootFile) };
        return ResolveMapping(root, "", chain);
    }

    private static YamlTreeMapping ResolveMapping(YamlTreeMapping map, string path, List<string> chain)
    {
        var result = new YamlTreeMapping(map.File, map.Line);
        YamlTreeEntry? modelEntry = null;
        foreach (var entry in map.Entries)
        {
            if (entry.Key == ModelKey) { modelEntry = entry; continue; }
            result.Set(entry with { Value = ResolveNode(entry.Value, Join(path, entry.Key), chain) });
        }
        if (modelEntry is null) return result;

        var model = LoadModel(modelEntry, Join(path, ModelKey), path, chain);
        return Merge(model, result);
    }

    private static YamlTreeNode ResolveNode(YamlTreeNode node, string path, List<string> chain)
    {
        switch (node)
        {
            case YamlTreeMapping m:
                return ResolveMapping(m, path, chain);
            case YamlTreeSequence s:
                var seq = new YamlTreeSequence(s.File, s.Line);
                for (int i = 0; i < s.Items.Count; i++) seq.Items.Add(ResolveNode(s.Items[i], Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), chain));
                return seq;
            default:
                return node.Clone();
        }
    }

    private static YamlTreeMapping LoadModel(YamlTreeEntry modelEntry, string field, string mappingPath, List<string> chain)
    {
        string referencingFile = modelEntry.KeyFile;
        if (modelEntry.Value is not YamlTreeScalar { IsNull: false } scalar || scalar.Value.Trim().Length == 0)
            throw new InputError(referencingFile, field, $"expected a model file path, got {YamlTreeReader.Describe(modelEntry.Value)}");

        string written = scalar.Value.Trim();
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(referencingFile)) ?? Directory.GetCurrentDirectory();
        string full = Path.GetFullPath(Path.IsPathRooted(written) ? written : Path.Combine(baseDir, written));

        if (chain.Contains(full, StringComparer.Ordinal))
        {
            var cycle = chain.SkipWhile(f => f != full).Append(full);
            throw new InputError(referencingFile, field, $"model include cycle: {string.Join(" -> ", cycle)}");
        }
        if (!File.Exists(full))
            throw new InputError(referencingFile, field, $"model file '{written}' not found (looked for {full})");

        string text;
        try { text = File.ReadAllText(full); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputError(referencingFile, field, $"model file '{written}' cannot be read: {ex.Message}", ex);
        }

        var tree = YamlTreeReader.ReadMapping(text, full);
        chain.Add(full);
        try { return ResolveMapping(tree, mappingPath, chain); }
        finally { chain.RemoveAt(chain.Count - 1); }
    }

    /// <summary>Deep merge: <paramref name="explicitKeys"/> over <paramref name="defaults"/>. Neither input is modified.</summary>
    public static YamlTreeMapping Merge(YamlTreeMapping defaults, YamlTreeMapping explicitKeys)
    {
        var result = (YamlTreeMapping)defaults.Clone();
        foreach (var entry in explicitKeys.Entries)
        {
            var under = result.Find(entry.Key);
            if (under?.Value is YamlTreeMapping underMap && entry.Value is YamlTreeMapping overMap)
                result.Set(entry with { Value = Merge(underMap, overMap) });
            else
                result.Set(entry with { Value = entry.Value.Clone() });
        }
        return result;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}

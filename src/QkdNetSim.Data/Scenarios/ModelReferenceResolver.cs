using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Expands `model: path.yaml` references. Any mapping may name a model file; the file's root mapping supplies
/// defaults beneath the mapping's own keys (explicit keys win; mappings present on both sides are merged key by key;
/// lists and scalars are replaced whole). Paths are relative to the file that wrote the `model` key, so a model
/// file can reference further models next to it. Lab-measured component descriptions thus live once in models/
/// and scenarios only state what differs.
/// <para>
/// Includes are confined (<see cref="ModelRoots"/>): a model file must lie, after every symbolic link and `..` is
/// resolved, inside the top-level scenario's folder tree, the repository's models/ folder, or a folder named in
/// <see cref="ModelRoots.PathVariable"/>. Anything else is refused before it is opened, so a scenario cannot make the
/// simulator read (and echo in an error) an arbitrary file.
/// </para>
/// </summary>
public static class ModelReferenceResolver
{
    /// <summary>The key that names a model file. It is consumed here and never reaches the schema.</summary>
    public const string ModelKey = "model";

    /// <summary>
    /// Returns a new tree with every model reference expanded, recursively. <paramref name="rootFile"/> is the file
    /// the tree was read from (its full path seeds the include-cycle check). Includes are limited to
    /// <see cref="ScenarioLimits.MaxIncludeDepth"/> deep and <see cref="ScenarioLimits.MaxIncludes"/> in all.
    /// </summary>
    public static YamlTreeMapping Resolve(YamlTreeMapping root, string rootFile) => Resolve(root, rootFile, new YamlNodeBudget());

    /// <summary>As <see cref="Resolve(YamlTreeMapping, string)"/>; every model file read is charged to <paramref name="budget"/>.</summary>
    internal static YamlTreeMapping Resolve(YamlTreeMapping root, string rootFile, YamlNodeBudget budget)
    {
        var context = new Context(budget, ModelRoots.For(rootFile));
        context.Chain.Add(ModelRoots.RealPath(Path.GetFullPath(rootFile)));
        return ResolveMapping(root, context);
    }

    /// <summary>
    /// State of one resolution: the chain of files being included (for cycles and the depth limit), the count of
    /// inclusions so far, the node budget, and the dotted path of the current mapping as segments (joined only for an
    /// error message, so resolving costs no string per node).
    /// </summary>
    private sealed class Context(YamlNodeBudget budget, ModelRoots roots)
    {
        public ModelRoots Roots { get; } = roots;
        public List<string> Chain { get; } = new();
        public List<string> Path { get; } = new();
        public YamlNodeBudget Budget { get; } = budget;
        public int Includes { get; set; }

        public string FieldOf(string key) => Path.Count == 0 ? key : string.Join('.', Path) + "." + key;
    }

    private static YamlTreeMapping ResolveMapping(YamlTreeMapping map, Context context)
    {
        var result = new YamlTreeMapping(map.File, map.Line);
        YamlTreeEntry? modelEntry = null;
        foreach (var entry in map.Entries)
        {
            if (entry.Key == ModelKey) { modelEntry = entry; continue; }
            context.Path.Add(entry.Key);
            result.Set(entry with { Value = ResolveNode(entry.Value, context) });
            context.Path.RemoveAt(context.Path.Count - 1);
        }
        if (modelEntry is null) return result;

        var model = LoadModel(modelEntry, context);
        return Merge(model, result);
    }

    private static YamlTreeNode ResolveNode(YamlTreeNode node, Context context)
    {
        switch (node)
        {
            case YamlTreeMapping m:
                return ResolveMapping(m, context);
            case YamlTreeSequence s:
                var seq = new YamlTreeSequence(s.File, s.Line);
                for (int i = 0; i < s.Items.Count; i++)
                {
                    context.Path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    seq.Items.Add(ResolveNode(s.Items[i], context));
                    context.Path.RemoveAt(context.Path.Count - 1);
                }
                return seq;
            default:
                return node.Clone();
        }
    }

    private static YamlTreeMapping LoadModel(YamlTreeEntry modelEntry, Context context)
    {
        string referencingFile = modelEntry.KeyFile;
        string field = context.FieldOf(ModelKey);
        if (modelEntry.Value is not YamlTreeScalar { IsNull: false } scalar || scalar.Value.Trim().Length == 0)
            throw new InputError(referencingFile, field, $"expected a model file path, got {YamlTreeReader.Describe(modelEntry.Value)}");

        string written = scalar.Value.Trim();
        if (written.Any(char.IsControl))
            throw new InputError(referencingFile, field, "model file path contains a control character (NUL, tab, line break ...)");
        // The including file's real folder (its links resolved), then the written path component by component, so a
        // `..` after a link climbs from where the link points, as the kernel would.
        string baseDir = System.IO.Path.GetDirectoryName(ModelRoots.RealPath(System.IO.Path.GetFullPath(referencingFile)))
            ?? Directory.GetCurrentDirectory();
        string full = ModelRoots.RealPath(System.IO.Path.IsPathRooted(written) ? written : System.IO.Path.Combine(baseDir, written),
            referencingFile, field);
        if (!context.Roots.Allows(full))
            throw new InputError(referencingFile, field,
                $"model file '{written}' is outside the allowed folders ({context.Roots.Describe()}); " +
                $"set {ModelRoots.PathVariable} to a list of further folders, separated by '{System.IO.Path.PathSeparator}', to allow more");

        var chain = context.Chain;
        if (chain.Contains(full, StringComparer.Ordinal))
        {
            var cycle = chain.SkipWhile(f => f != full).Append(full);
            throw new InputError(referencingFile, field, $"model include cycle: {string.Join(" -> ", cycle)}");
        }
        if (chain.Count > ScenarioLimits.MaxIncludeDepth)
            throw new InputError(referencingFile, field,
                $"model files include model files more than {ScenarioLimits.MaxIncludeDepth} deep: {string.Join(" -> ", chain.Append(full))}");
        if (++context.Includes > ScenarioLimits.MaxIncludes)
            throw new InputError(referencingFile, field,
                $"the scenario includes model files more than {ScenarioLimits.MaxIncludes} times in all (every `model:` counts where it is used)");

        string text = ScenarioFileText.Read(full, referencingFile, field, $"model file '{written}'",
            $"model file '{written}' not found (looked for {full})");

        var tree = YamlTreeReader.ReadMapping(text, full, context.Budget);
        chain.Add(full);
        try { return ResolveMapping(tree, context); }
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
}

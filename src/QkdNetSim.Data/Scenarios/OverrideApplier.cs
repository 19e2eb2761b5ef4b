using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Applies parsed overrides to a model-resolved tree, walking the schema alongside the tree so that a path is
/// checked against the keys that exist (not just those the file happened to write): a mistyped override fails
/// loudly instead of adding a key that is then reported as coming from the scenario. Missing intermediate mappings
/// are created; a list index may equal the list's length to append one item; indexing a list the file did not
/// write starts from the class default list.
/// </summary>
public static class OverrideApplier
{
    private const string Src = OverrideParser.SourceName;

    /// <summary>Applies overrides, checking their paths against the schema rooted at <paramref name="rootType"/>.</summary>
    public static void Apply(YamlTreeMapping root, IEnumerable<ScenarioOverride> overrides, Type rootType)
    {
        foreach (var o in overrides) Apply(root, o, rootType);
    }

    public static void Apply(YamlTreeMapping root, ScenarioOverride o, Type rootType)
    {
        Type type = rootType;
        YamlTreeNode container = root;
        var segs = o.Segments;
        for (int i = 0; i < segs.Count; i++)
        {
            string seg = segs[i];
            string field = string.Join('.', segs.Take(i + 1));
            bool last = i == segs.Count - 1;

            if (ScenarioSchema.IsObject(type))
            {
                var map = (YamlTreeMapping)container;
                var prop = ScenarioSchema.Find(type, seg)
                    ?? throw new InputError(Src, field, $"unknown key '{seg}' (expected one of: {string.Join(", ", ScenarioSchema.KeysOf(type))})");
                if (last)
                {
                    map.Set(new YamlTreeEntry(seg, Src, o.Value));
                    return;
                }
                var childType = prop.ValueType;
                container = Descend(map, prop, childType, type, field, segs[i + 1]);
                type = childType;
            }
            else if (ScenarioSchema.IsList(type))
            {
                var seq = (YamlTreeSequence)container;
                if (!int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    throw new InputError(Src, field, $"expected a list index (0, 1, ...), got {YamlTreeReader.Quoted(seg)}");
                if (index > seq.Items.Count)
                    throw new InputError(Src, field,
                        $"index {index} is out of range (the list has {seq.Items.Count} items; an override may append one at index {seq.Items.Count})");
                var element = ScenarioSchema.ElementOf(type);
                if (last)
                {
                    if (index == seq.Items.Count) seq.Items.Add(o.Value);
                    else seq.Items[index] = o.Value;
                    return;
                }
                if (!ScenarioSchema.IsObject(element))
                    throw NoFields(field, segs[i + 1], element);
                if (index == seq.Items.Count) seq.Items.Add(new YamlTreeMapping(Src, 0));
                else if (seq.Items[index] is YamlTreeScalar { IsNull: true }) seq.Items[index] = new YamlTreeMapping(Src, 0);
                else if (seq.Items[index] is not YamlTreeMapping)
                    throw new InputError(Src, field, $"cannot set a field inside item {index}: the scenario gives it as {YamlTreeReader.Describe(seq.Items[index])}, not a mapping");
                container = seq.Items[index];
                type = element;
            }
            else
            {
                // Unreachable: Descend refuses to step into a scalar property.
                throw NoFields(string.Join('.', segs.Take(i)), seg, type);
            }
        }
    }

    /// <summary>Steps from a mapping into the property's value, creating it if the tree does not have it yet.</summary>
    private static YamlTreeNode Descend(YamlTreeMapping map, SchemaProperty prop, Type childType, Type ownerType, string field, string nextSeg)
    {
        var existing = map.Find(prop.Key)?.Value;
        bool absent = existing is null or YamlTreeScalar { IsNull: true };
        if (ScenarioSchema.IsObject(childType))
        {
            if (absent)
            {
                var created = new YamlTreeMapping(Src, 0);
                map.Set(new YamlTreeEntry(prop.Key, Src, created));
                return created;
            }
            if (existing is YamlTreeMapping m) return m;
            throw new InputError(Src, field, $"cannot set a field inside '{field}': the scenario gives it as {YamlTreeReader.Describe(existing!)}, not a mapping");
        }
        if (ScenarioSchema.IsList(childType))
        {
            if (existing is YamlTreeSequence s) return s;
            if (existing is null)
            {
                // Start from the class default so `receiver.detector.afterpulseTrapWeights.0=...` edits the default list.
                var defaults = prop.Property.GetValue(Activator.CreateInstance(ownerType));
                var created = defaults is null ? new YamlTreeSequence(Src, 0) : (YamlTreeSequence)ScenarioTreeBuilder.FromValue(defaults, childType, Src);
                map.Set(new YamlTreeEntry(prop.Key, Src, created));
                return created;
            }
            if (absent)
            {
                var created = new YamlTreeSequence(Src, 0);
                map.Set(new YamlTreeEntry(prop.Key, Src, created));
                return created;
            }
            throw new InputError(Src, field, $"cannot index into '{field}': the scenario gives it as {YamlTreeReader.Describe(existing)}, not a list");
        }
        throw NoFields(field, nextSeg, childType);
    }

    private static InputError NoFields(string field, string nextSeg, Type type)
        => new(Src, field + "." + nextSeg, $"'{field}' is {ScenarioSchema.KindOf(type)} and has no field '{nextSeg}'");
}

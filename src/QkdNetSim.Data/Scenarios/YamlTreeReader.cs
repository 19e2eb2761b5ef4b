using QkdNetSim.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Parses YAML text into a <see cref="YamlTreeNode"/> tree with YamlDotNet's event parser. The event level is used
/// (rather than YamlDotNet's deserializer) so that every node keeps its file, duplicate keys are reported with their
/// path instead of silently overwritten, and no type is guessed before the schema is known.
/// </summary>
public static class YamlTreeReader
{
    /// <summary>Parses a whole scenario or model file; the root must be a mapping (an empty file is an empty mapping).</summary>
    public static YamlTreeMapping ReadMapping(string text, string file)
    {
        var root = Read(text, file, "(file)");
        if (root is null) return new YamlTreeMapping(file, 1);
        if (root is YamlTreeMapping map) return map;
        throw new InputError(file, "(file)", $"expected a mapping of keys at the top level, got {Describe(root)}");
    }

    /// <summary>
    /// Parses one YAML value (as written after the '=' of an override: a scalar, a flow sequence or a flow mapping).
    /// An empty text is a null scalar.
    /// </summary>
    public static YamlTreeNode ReadValue(string text, string file, string field)
        => Read(text, file, field) ?? new YamlTreeScalar("", isPlain: true, file, 0);

    /// <summary>Short description of a node for error messages ("'abc'", "a list", "a mapping", "nothing (null)").</summary>
    public static string Describe(YamlTreeNode node) => node switch
    {
        YamlTreeScalar { IsNull: true } => "nothing (null)",
        YamlTreeScalar s => $"'{s.Value}'",
        YamlTreeSequence => "a list",
        _ => "a mapping",
    };

    private static YamlTreeNode? Read(string text, string file, string fieldForSyntaxErrors)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var state = new ReaderState(parser, file);
            var root = state.ReadNode("");
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
                throw new InputError(file, "(file)", "contains more than one YAML document (only one is allowed)");
            return root;
        }
        catch (YamlException ex)
        {
            string where = ex.Start.Line > 0 ? $"line {ex.Start.Line}, column {ex.Start.Column}" : fieldForSyntaxErrors;
            throw new InputError(file, where, $"invalid YAML: {OneLine(ex.Message)}", ex);
        }
    }

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ');

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>Recursive-descent reader over the parser's events; also tracks anchors so aliases work.</summary>
    private sealed class ReaderState(IParser parser, string file)
    {
        private readonly Dictionary<string, YamlTreeNode> _anchors = new(StringComparer.Ordinal);

        public YamlTreeNode ReadNode(string path)
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var node = new YamlTreeScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, file, (int)scalar.Start.Line);
                Remember(scalar.Anchor, node);
                return node;
            }
            if (parser.TryConsume<SequenceStart>(out var seqStart))
            {
                var seq = new YamlTreeSequence(file, (int)seqStart.Start.Line);
                while (!parser.TryConsume<SequenceEnd>(out _))
                    seq.Items.Add(ReadNode(Join(path, seq.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                Remember(seqStart.Anchor, seq);
                return seq;
            }
            if (parser.TryConsume<MappingStart>(out var mapStart))
            {
                var map = new YamlTreeMapping(file, (int)mapStart.Start.Line);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (!parser.TryConsume<Scalar>(out var key))
                        throw new InputError(file, path.Length == 0 ? "(file)" : path, "keys must be plain names, not lists or mappings");
                    string field = Join(path, key.Value);
                    if (map.ContainsKey(key.Value))
                        throw new InputError(file, field, $"duplicate key '{key.Value}' (line {key.Start.Line})");
                    var value = ReadNode(field);
                    map.Set(new YamlTreeEntry(key.Value, file, value));
                }
                Remember(mapStart.Anchor, map);
                return map;
            }
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new InputError(file, path, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                return target.Clone();
            }
            var ev = parser.Current;
            throw new InputError(file, path.Length == 0 ? "(file)" : path, $"unexpected YAML element {ev?.GetType().Name ?? "(end of input)"}");
        }

        private void Remember(AnchorName anchor, YamlTreeNode node)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        }
    }
}

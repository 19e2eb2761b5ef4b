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
    /// <summary>Parses a whole scenario or model file; the root must be a mapping (an empty text is an empty mapping).</summary>
    public static YamlTreeMapping ReadMapping(string text, string file) => ReadMapping(text, file, new YamlNodeBudget());

    internal static YamlTreeMapping ReadMapping(string text, string file, YamlNodeBudget budget)
    {
        var root = Read(text, file, "(file)", budget);
        if (root is null) return new YamlTreeMapping(file, 1);
        if (root is YamlTreeMapping map) return map;
        throw new InputError(file, "(file)", $"expected a mapping of keys at the top level, got {DescribeShape(root)}");
    }

    /// <summary>
    /// True if the text holds no YAML document at all (empty, or only blank lines and comments). Text that does not
    /// parse counts as content: its syntax error is reported when it is read.
    /// </summary>
    public static bool IsEmpty(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            return parser.TryConsume<StreamEnd>(out _);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return false; // not parseable: its error is reported when it is read
        }
    }

    /// <summary>
    /// Parses one YAML value (as written after the '=' of an override: a scalar, a flow sequence or a flow mapping).
    /// An empty text is a null scalar.
    /// </summary>
    public static YamlTreeNode ReadValue(string text, string file, string field)
        => Read(text, file, field, new YamlNodeBudget()) ?? new YamlTreeScalar("", isPlain: true, file, 0);

    /// <summary>Short description of a node for error messages ("'abc'", "a list", "a mapping", "nothing (null)").</summary>
    /// <summary>
    /// A value as an error message quotes it: a short one-line scalar as written (what the user typed), anything longer
    /// or with control characters only by its length, so an error never prints a file's contents (e.g. `run /etc/passwd`).
    /// </summary>
    public static string Describe(YamlTreeNode node) => node switch
    {
        YamlTreeScalar { IsNull: true } => "nothing (null)",
        YamlTreeScalar s => Quoted(s.Value),
        YamlTreeSequence => "a list",
        _ => "a mapping",
    };

    /// <summary>A text value as an error message quotes it (see <see cref="Describe"/>).</summary>
    public static string Quoted(string? value) => value is null ? "nothing (null)"
        : value.Length <= MaxQuotedLength && !value.Any(char.IsControl) ? $"'{value}'"
        : $"a text of {value.Length} characters";

    /// <summary>Longest scalar an error message quotes (<see cref="Describe"/>).</summary>
    public const int MaxQuotedLength = 60;

    /// <summary>What a node is, never its text: for a whole file that is not a mapping.</summary>
    public static string DescribeShape(YamlTreeNode node) => node switch
    {
        YamlTreeScalar { IsNull: true } => "nothing (null)",
        YamlTreeScalar => "a single text value",
        YamlTreeSequence => "a list",
        _ => "a mapping",
    };

    private static YamlTreeNode? Read(string text, string file, string fieldForSyntaxErrors, YamlNodeBudget budget)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var state = new ReaderState(parser, file, budget);
            var root = state.ReadNode(depth: 1);
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
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unclosed flow collections, e.g. "a: {" then a comment.
            throw new InputError(file, fieldForSyntaxErrors.Length > 0 ? fieldForSyntaxErrors : "(file)",
                "invalid YAML: the parser stopped inside an unclosed [ ] or { } (check the brackets)", ex);
        }
        catch (InputError e) when (e.Field.Length == 0)
        {
            // An error found at the root of a value (e.g. an undefined alias given to --set) names the value's field.
            throw new InputError(e.File, fieldForSyntaxErrors.Length > 0 ? fieldForSyntaxErrors : "(file)", e.Rule, e);
        }
    }

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>
    /// Recursive-descent reader over the parser's events; also tracks anchors so aliases work. Recursion stops at
    /// <see cref="ScenarioLimits.MaxNestingDepth"/>, and every node made (an alias: every node of its copy) is charged to
    /// the budget before it is made. The dotted path of the current node is kept as a stack of segments and joined
    /// only for an error message, so reading costs no string per node.
    /// </summary>
    private sealed class ReaderState(IParser parser, string file, YamlNodeBudget budget)
    {
        private readonly Dictionary<string, (YamlTreeNode Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private readonly List<string> _path = new();

        private string Path => _path.Count == 0 ? "(file)" : string.Join('.', _path);

        private string PathOr(string whenTop) => _path.Count == 0 ? whenTop : string.Join('.', _path);

        public YamlTreeNode ReadNode(int depth)
        {
            int before = budget.Used;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                budget.Charge(1, file, Path);
                var node = new YamlTreeScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, file, (int)scalar.Start.Line);
                Remember(scalar.Anchor, node, before);
                return node;
            }
            if (parser.TryConsume<SequenceStart>(out var seqStart))
            {
                Enter(depth);
                budget.Charge(1, file, Path);
                var seq = new YamlTreeSequence(file, (int)seqStart.Start.Line);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    _path.Add(seq.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    seq.Items.Add(ReadNode(depth + 1));
                    _path.RemoveAt(_path.Count - 1);
                }
                Remember(seqStart.Anchor, seq, before);
                return seq;
            }
            if (parser.TryConsume<MappingStart>(out var mapStart))
            {
                Enter(depth);
                budget.Charge(1, file, Path);
                var map = new YamlTreeMapping(file, (int)mapStart.Start.Line);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (!parser.TryConsume<Scalar>(out var key))
                        throw new InputError(file, Path, "keys must be plain names, not lists or mappings");
                    if (key.Value.Length > ScenarioLimits.MaxKeyLength)
                        throw new InputError(file, Path, $"a key on line {key.Start.Line} is longer than {ScenarioLimits.MaxKeyLength} characters");
                    _path.Add(key.Value);
                    if (map.ContainsKey(key.Value))
                        throw new InputError(file, Path, $"duplicate key '{key.Value}' (line {key.Start.Line})");
                    var value = ReadNode(depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                    map.Set(new YamlTreeEntry(key.Value, file, value));
                }
                Remember(mapStart.Anchor, map, before);
                return map;
            }
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new InputError(file, PathOr(""), $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                budget.Charge(target.Size, file, Path);
                return target.Node.Clone();
            }
            var ev = parser.Current;
            throw new InputError(file, Path, $"unexpected YAML element {ev?.GetType().Name ?? "(end of input)"}");
        }

        /// <summary>Throws before a list or mapping at <paramref name="depth"/> is read if that is past the limit.</summary>
        private void Enter(int depth)
        {
            if (depth > ScenarioLimits.MaxNestingDepth)
                throw new InputError(file, Path, $"lists and mappings are nested more than {ScenarioLimits.MaxNestingDepth} levels deep");
        }

        /// <summary>Records an anchored node with its size (the nodes charged since it began, aliases expanded).</summary>
        private void Remember(AnchorName anchor, YamlTreeNode node, int usedBefore)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = (node, budget.Used - usedBefore);
        }
    }
}

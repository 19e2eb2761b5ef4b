using System.Text;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Writes a tree as YAML in one fixed layout (two-space block mappings, block lists of mappings, flow lists of
/// scalars, double-quoted strings, LF line ends) so that equal trees give byte-identical text and hence equal hashes.
/// </summary>
public static class YamlTreeWriter
{
    public static string Write(YamlTreeMapping root)
    {
        var sb = new StringBuilder();
        WriteMappingBody(sb, root, 0);
        return sb.ToString();
    }

    private static void WriteMappingBody(StringBuilder sb, YamlTreeMapping map, int indent)
    {
        foreach (var e in map.Entries)
        {
            sb.Append(' ', indent).Append(Key(e.Key)).Append(':');
            WriteValueAfterKey(sb, e.Value, indent);
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, YamlTreeNode value, int indent)
    {
        switch (value)
        {
            case YamlTreeMapping m when m.Entries.Count > 0:
                sb.Append('\n');
                WriteMappingBody(sb, m, indent + 2);
                break;
            case YamlTreeSequence s when s.Items.Count > 0 && !IsFlow(s):
                sb.Append('\n');
                foreach (var item in s.Items) WriteBlockItem(sb, item, indent + 2);
                break;
            default:
                sb.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static void WriteBlockItem(StringBuilder sb, YamlTreeNode item, int indent)
    {
        sb.Append(' ', indent).Append('-');
        if (item is YamlTreeMapping m && m.Entries.Count > 0)
        {
            // First key on the dash line, the rest aligned under it.
            var inner = new StringBuilder();
            WriteMappingBody(inner, m, indent + 2);
            sb.Append(' ').Append(inner.ToString(indent + 2, inner.Length - indent - 2));
        }
        else if (item is YamlTreeSequence s && s.Items.Count > 0 && !IsFlow(s))
        {
            sb.Append('\n');
            foreach (var sub in s.Items) WriteBlockItem(sb, sub, indent + 2);
        }
        else
        {
            sb.Append(' ').Append(Inline(item)).Append('\n');
        }
    }

    private static bool IsFlow(YamlTreeSequence s) => s.Items.All(i => i is YamlTreeScalar);

    private static string Inline(YamlTreeNode node) => node switch
    {
        YamlTreeScalar sc => Scalar(sc),
        YamlTreeSequence s => "[" + string.Join(", ", s.Items.Select(Inline)) + "]",
        YamlTreeMapping m => "{" + string.Join(", ", m.Entries.Select(e => Key(e.Key) + ": " + Inline(e.Value))) + "}",
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static string Scalar(YamlTreeScalar s) => s.IsPlain ? (s.Value.Length == 0 ? "null" : s.Value) : Quote(s.Value);

    private static string Key(string key) => IsPlainKey(key) ? key : Quote(key);

    private static bool IsPlainKey(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>YAML double-quoted style with the escapes YAML defines.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

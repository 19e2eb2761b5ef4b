using System.Globalization;
using QkdNetSim.Core;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Experiments;

/// <summary>
/// An experiments/&lt;paper&gt;/expected.yaml file read by dotted path ("threeNode.keyRates"): the paper's published numbers
/// and the acceptance tolerances. Missing keys and non-numbers are one-line <see cref="InputError"/>s naming file and path.
/// </summary>
public sealed class ExpectedValues
{
    private readonly YamlMappingNode _root;

    public string Path { get; }

    private ExpectedValues(string path, YamlMappingNode root)
    {
        Path = path;
        _root = root;
    }

    public static ExpectedValues Load(string path)
    {
        if (!File.Exists(path)) throw new InputError(path, "file", "expected-values file not found");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputError(path, "file", "expected a YAML mapping at the top level");
        return new ExpectedValues(path, root);
    }

    public double Number(string dottedPath) => Parse(Node(dottedPath) as YamlScalarNode, dottedPath);

    public double[] Numbers(string dottedPath) => Node(dottedPath) is YamlSequenceNode seq
        ? seq.Children.Select(c => Parse(c as YamlScalarNode, dottedPath)).ToArray()
        : throw new InputError(Path, dottedPath, "expected a list of numbers");

    /// <summary>Whether the dotted path exists (for optional values).</summary>
    public bool Has(string dottedPath)
    {
        YamlNode node = _root;
        foreach (string key in dottedPath.Split('.'))
        {
            if (node is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return false;
            node = v;
        }
        return true;
    }

    public string Text(string dottedPath) => (Node(dottedPath) as YamlScalarNode)?.Value
        ?? throw new InputError(Path, dottedPath, "expected a text value");

    private YamlNode Node(string dottedPath)
    {
        YamlNode node = _root;
        foreach (string key in dottedPath.Split('.'))
            node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v)
                ? v : throw new InputError(Path, dottedPath, "missing");
        return node;
    }

    private double Parse(YamlScalarNode? node, string dottedPath) =>
        node?.Value is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            ? d : throw new InputError(Path, dottedPath, $"expected a number, got '{node?.Value}'");
}

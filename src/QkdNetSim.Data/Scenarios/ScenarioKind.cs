using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The `kind:` discriminator of a scenario file. It is read from the model-resolved tree (so a scenario whose root says
/// `model: networks/x.yaml` inherits the kind of x.yaml), checked by each loader and then removed from the tree: it picks
/// the schema rather than being part of one. An absent kind means <see cref="NetworkKind.AccessNetwork"/>, so every
/// access scenario written before MDI networks existed keeps loading, with the same canonical YAML and hash.
/// </summary>
public static class ScenarioKind
{
    /// <summary>The top-level key that names the kind.</summary>
    public const string Key = "kind";

    public const string AccessNetworkName = "accessNetwork";
    public const string MdiNetworkName = "mdiNetwork";
    public const string CvNetworkName = "cvNetwork";
    public const string CvCovarianceName = "cvCovariance";

    private static readonly string[] Names = [AccessNetworkName, MdiNetworkName, CvNetworkName, CvCovarianceName];

    /// <summary>The value written after `kind:` for a kind.</summary>
    public static string NameOf(NetworkKind kind) => kind switch
    {
        NetworkKind.AccessNetwork => AccessNetworkName,
        NetworkKind.MdiNetwork => MdiNetworkName,
        NetworkKind.CvNetwork => CvNetworkName,
        NetworkKind.CvCovariance => CvCovarianceName,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The kind of the scenario file at <paramref name="path"/>, so a command can pick the loader. Reads the file and its
    /// model includes; file, YAML and include problems are the same <see cref="InputError"/>s the loaders give.
    /// </summary>
    public static NetworkKind Detect(string path) => DetectFromText(ScenarioDocument.ReadFile(path), path);

    /// <summary>The kind of scenario text; <paramref name="virtualPath"/> anchors model paths and names errors.</summary>
    public static NetworkKind DetectFromText(string yaml, string virtualPath)
        => Of(ScenarioDocument.ReadResolved(yaml, virtualPath));

    /// <summary>The kind a model-resolved root mapping declares (absent: access network).</summary>
    internal static NetworkKind Of(YamlTreeMapping root)
    {
        var entry = root.Find(Key);
        if (entry is null) return NetworkKind.AccessNetwork;
        if (entry.Value is not YamlTreeScalar { IsNull: false } scalar)
            throw new InputError(entry.Value.File, Key,
                $"expected a scenario kind ({string.Join(" or ", Names)}), got {YamlTreeReader.Describe(entry.Value)}");
        string name = scalar.Value.Trim();
        if (name == AccessNetworkName) return NetworkKind.AccessNetwork;
        if (name == MdiNetworkName) return NetworkKind.MdiNetwork;
        if (name == CvNetworkName) return NetworkKind.CvNetwork;
        if (name == CvCovarianceName) return NetworkKind.CvCovariance;
        throw new InputError(entry.Value.File, Key, $"unknown scenario kind '{name}' ({KeySuggester.Hint(name, Names)})");
    }

    /// <summary>Throws unless the tree declares <paramref name="expected"/>; blames the file that wrote `kind:` (or the scenario).</summary>
    internal static void Require(YamlTreeMapping root, string file, NetworkKind expected)
    {
        var actual = Of(root);
        if (actual == expected) return;
        var entry = root.Find(Key);
        if (entry is null)
            throw new InputError(file, Key,
                $"is absent, which means {AccessNetworkName}; an {NameOf(expected)} scenario must say 'kind: {NameOf(expected)}'");
        throw new InputError(entry.Value.File, Key,
            $"is '{NameOf(actual)}', but this loader reads '{NameOf(expected)}' scenarios");
    }
}

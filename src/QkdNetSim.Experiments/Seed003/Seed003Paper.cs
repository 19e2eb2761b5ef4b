using System.Globalization;
using QkdNetSim.Core;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// The paper's published numbers (seed 003, Wang et al.) and the tolerance, read from experiments/seed003/expected.yaml.
/// PAPER DATA: used only in "paper" columns and for comparisons.
/// </summary>
public sealed class Seed003Paper
{
    /// <summary>Per-protocol statements of Sec. 4.</summary>
    public sealed record Protocol(int[] FigureN, double[] DistancesKm, int[] OptimalN, double? Sigma1Squared, double? Sigma2Squared);

    public required double OptimalNToleranceRelative { get; init; }
    public required Protocol Qpsk { get; init; }
    public required Protocol Qam256 { get; init; }
    public required Protocol Gaussian { get; init; }
    public required double NullKeyRateDistanceKm { get; init; }
    public required int NullKeyRateMaxN { get; init; }

    public static Seed003Paper Load() => Load(RepoPaths.Experiment("seed003/expected.yaml"));

    public static Seed003Paper Load(string path)
    {
        if (!File.Exists(path)) throw new InputError(path, "file", "expected-values file not found");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;

        YamlNode Node(params string[] keys)
        {
            YamlNode node = root;
            foreach (string key in keys)
                node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v)
                    ? v : throw new InputError(path, string.Join('.', keys), "missing");
            return node;
        }
        double Number(string value, string[] keys) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? d : throw new InputError(path, string.Join('.', keys), $"expected a number, got '{value}'");
        double S(params string[] keys) => Number(((YamlScalarNode)Node(keys)).Value!, keys);
        double[] L(params string[] keys) => ((YamlSequenceNode)Node(keys)).Children.Select(c => Number(((YamlScalarNode)c).Value!, keys)).ToArray();
        double? Optional(string protocol, string key) =>
            ((YamlMappingNode)Node(protocol)).Children.ContainsKey(new YamlScalarNode(key)) ? S(protocol, key) : null;
        Protocol P(string name) => new(L(name, "figureN").Select(v => (int)v).ToArray(), L(name, "distancesKm"),
            L(name, "optimalN").Select(v => (int)v).ToArray(), Optional(name, "sigma1Squared"), Optional(name, "sigma2Squared"));

        var result = new Seed003Paper
        {
            OptimalNToleranceRelative = S("optimalNToleranceRelative"),
            Qpsk = P("qpsk"),
            Qam256 = P("qam256"),
            Gaussian = P("gaussian"),
            NullKeyRateDistanceKm = S("qpsk", "nullKeyRateDistanceKm"),
            NullKeyRateMaxN = (int)S("qpsk", "nullKeyRateMaxN"),
        };
        foreach (var (name, p) in new[] { ("qpsk", result.Qpsk), ("qam256", result.Qam256), ("gaussian", result.Gaussian) })
            if (p.DistancesKm.Length != p.OptimalN.Length) throw new InputError(path, name + ".optimalN", "needs one value per distance");
        return result;
    }
}

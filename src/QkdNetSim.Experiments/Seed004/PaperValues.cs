using QkdNetSim.Core;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>The paper's published numbers and the acceptance tolerances, read from experiments/seed004/expected.yaml.</summary>
public sealed record PaperValues(
    double[] Fig3aQber, double[] Fig3aKeyRateBitPerS, double[] Fig3bQber, double[] Fig3bKeyRateBitPerS,
    double QberToleranceAbsolute, double KeyRateToleranceRelative, IReadOnlyDictionary<int, double> SessionLengthS,
    double Fig4bMaxDistanceKmN64)
{
    public static PaperValues Load(string path)
    {
        if (!File.Exists(path)) throw new InputError(path, "file", "expected-values file not found");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        double[] List(string a, string b) => ((YamlSequenceNode)Node(a, b)).Children.Select(c => Number(((YamlScalarNode)c).Value!, $"{a}.{b}")).ToArray();
        double Scalar(string a, string b) => Number(((YamlScalarNode)Node(a, b)).Value!, $"{a}.{b}");
        YamlNode Node(string a, string b) =>
            root.Children.TryGetValue(new YamlScalarNode(a), out var m) && ((YamlMappingNode)m).Children.TryGetValue(new YamlScalarNode(b), out var v)
                ? v : throw new InputError(path, $"{a}.{b}", "missing");
        double Number(string s, string field) =>
            double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d)
                ? d : throw new InputError(path, field, $"expected a number, got '{s}'");
        return new PaperValues(List("fig3a", "qber"), List("fig3a", "keyRateBitPerS"), List("fig3b", "qber"), List("fig3b", "keyRateBitPerS"),
            Scalar("tolerance", "qberAbsolute"), Scalar("tolerance", "keyRateRelative"),
            new Dictionary<int, double> { [8] = Scalar("sessionLengthsS", "n8"), [16] = Scalar("sessionLengthsS", "n16"), [32] = Scalar("sessionLengthsS", "n32"), [64] = Scalar("sessionLengthsS", "n64") },
            Scalar("fig4b", "maxDistanceKmN64AllActive"));
    }
}

using System.Globalization;
using QkdNetSim.Core;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// The paper's published numbers (seed 002) and the tolerances, read from experiments/seed002/expected.yaml and
/// table1.yaml. PAPER DATA: used only in clearly labelled "paper" columns and for comparisons.
/// </summary>
public sealed class Seed002Paper
{
    public required double PairLossDb { get; init; }
    public required double PulsePairs { get; init; }
    public required double SessionS { get; init; }
    public required double AverageKeyRateBitPerS { get; init; }
    public required double KeyRateToleranceRelative { get; init; }
    public required double FourFoldAverageCount { get; init; }
    public required double FourFoldRateHz { get; init; }
    public required double FourFoldToleranceRelative { get; init; }
    public required double[] QberZRange { get; init; }
    public required double[] QberXRange { get; init; }
    public required TableI Table { get; init; }

    /// <summary>Supplementary Table I: 12 columns (four runs of three pairs) at ~30 dB.</summary>
    public sealed record TableI(string[] Pair, double[] LossDb, long[] Zz, long[] ZzErr, long[] Yy, long[] Xx, long[] XxErr,
        long[] YoOy, long[] XoOx, long[] Oo, double[] S11, double[] E11, double[] KeyRatePerPulse,
        double Z, double Y, double X, double Pz, double Py, double Px, double Po, double F, double Eps, double PulsePairs, double ClockHz);

    public static Seed002Paper Load(string expectedPath, string table1Path)
    {
        var e = Root(expectedPath);
        var t = Root(table1Path);
        double S(YamlMappingNode root, string file, params string[] path) => Number(Scalar(root, file, path), file, path);
        double[] L(YamlMappingNode root, string file, params string[] path) =>
            ((YamlSequenceNode)Node(root, file, path)).Children.Select(c => Number(((YamlScalarNode)c).Value!, file, path)).ToArray();
        long[] Ls(params string[] path) => L(t, table1Path, path).Select(v => (long)v).ToArray();
        string[] Names(params string[] path) => ((YamlSequenceNode)Node(t, table1Path, path)).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();

        var table = new TableI(Names("userPair"), L(t, table1Path, "lossDb"), Ls("NzzSzz"), Ls("NzzSzzEzz"), Ls("NyySyy"), Ls("NxxSxx"), Ls("NxxSxxExx"),
            Ls("NyoSyo_plus_NoySoy"), Ls("NxoSxo_plus_NoxSox"), Ls("NooSoo"), L(t, table1Path, "s11"), L(t, table1Path, "e11ph"), L(t, table1Path, "keyRatePerPulse"),
            S(t, table1Path, "settings", "intensities", "z"), S(t, table1Path, "settings", "intensities", "y"), S(t, table1Path, "settings", "intensities", "x"),
            S(t, table1Path, "settings", "probabilities", "pz"), S(t, table1Path, "settings", "probabilities", "py"),
            S(t, table1Path, "settings", "probabilities", "px"), S(t, table1Path, "settings", "probabilities", "po"),
            S(t, table1Path, "settings", "errorCorrectionEfficiency"), S(t, table1Path, "settings", "eps"),
            S(t, table1Path, "settings", "pulsePairsPerUserPair"), S(t, table1Path, "settings", "clockHz"));
        return new Seed002Paper
        {
            PairLossDb = S(e, expectedPath, "operatingPoint", "pairLossDb"),
            PulsePairs = S(e, expectedPath, "operatingPoint", "pulsePairs"),
            SessionS = S(e, expectedPath, "operatingPoint", "sessionS"),
            AverageKeyRateBitPerS = S(e, expectedPath, "operatingPoint", "averageKeyRateBitPerS"),
            KeyRateToleranceRelative = S(e, expectedPath, "operatingPoint", "keyRateToleranceRelative"),
            FourFoldAverageCount = S(e, expectedPath, "fig5", "fourFoldAverageCount"),
            FourFoldRateHz = S(e, expectedPath, "fig5", "fourFoldRateHz"),
            FourFoldToleranceRelative = S(e, expectedPath, "fig5", "toleranceRelative"),
            QberZRange = L(e, expectedPath, "qber", "zRange"),
            QberXRange = L(e, expectedPath, "qber", "xRange"),
            Table = table,
        };
    }

    public static Seed002Paper Load() => Load(RepoPaths.Experiment("seed002/expected.yaml"), RepoPaths.Experiment("seed002/table1.yaml"));

    private static YamlMappingNode Root(string path)
    {
        if (!File.Exists(path)) throw new InputError(path, "file", "expected-values file not found");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode Node(YamlMappingNode root, string file, string[] path)
    {
        YamlNode node = root;
        foreach (string key in path)
            node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v)
                ? v : throw new InputError(file, string.Join('.', path), "missing");
        return node;
    }

    private static string Scalar(YamlMappingNode root, string file, string[] path) => ((YamlScalarNode)Node(root, file, path)).Value!;

    private static double Number(string s, string file, string[] path) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            ? d : throw new InputError(file, string.Join('.', path), $"expected a number, got '{s}'");
}

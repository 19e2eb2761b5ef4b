using System.Globalization;
using QkdNetSim.Core;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// The paper's published interference numbers (seed 002: main text Fig. 3, Supplementary Figs. 9, 10 and 14), read from
/// the fig3, hom and qber sections of experiments/seed002/expected.yaml. They only ever fill the "paper" columns.
/// </summary>
/// <param name="SolitonHom">Fig. 3d: HOM visibility, 4-soliton state.</param>
/// <param name="SolitonBsm">Fig. 3e: BSM visibility, 4-soliton state.</param>
/// <param name="ChaoticHom">Fig. 3b: HOM visibility, chaotic state.</param>
/// <param name="ChaoticBsm">Fig. 3c: BSM visibility, chaotic state.</param>
/// <param name="SolitonLinewidthHz">Supplementary Fig. 14b: measured linewidth of a soliton-state line.</param>
/// <param name="ChaoticLinewidthHz">Supplementary Fig. 14a: measured linewidth of a chaotic-state line.</param>
/// <param name="HomByPair">Supplementary Fig. 9: HOM visibility per user pair.</param>
/// <param name="QberZByPair">Supplementary Fig. 10 text: QBER_Z at zero delay per user pair.</param>
/// <param name="QberXByPair">Supplementary Fig. 10 text: QBER_X at zero delay per user pair.</param>
public sealed record Seed002InterferencePaper(
    double SolitonHom, double SolitonBsm, double ChaoticHom, double ChaoticBsm,
    double SolitonLinewidthHz, double ChaoticLinewidthHz,
    IReadOnlyDictionary<string, double> HomByPair,
    IReadOnlyDictionary<string, double> QberZByPair,
    IReadOnlyDictionary<string, double> QberXByPair)
{
    /// <summary>Path of the expected-values file below experiments/.</summary>
    public const string ExpectedFile = "seed002/expected.yaml";

    /// <summary>Loads experiments/seed002/expected.yaml of the checkout.</summary>
    public static Seed002InterferencePaper Load() => Load(RepoPaths.Experiment(ExpectedFile));

    public static Seed002InterferencePaper Load(string path)
    {
        if (!File.Exists(path)) throw new InputError(path, "file", "expected-values file not found");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;

        YamlNode Node(params string[] keys)
        {
            YamlNode n = root;
            foreach (var k in keys)
                n = n is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(k), out var c)
                    ? c : throw new InputError(path, string.Join('.', keys), "missing");
            return n;
        }
        double Number(YamlNode n, string field) =>
            n is YamlScalarNode s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? d : throw new InputError(path, field, "expected a number");
        double Scalar(params string[] keys) => Number(Node(keys), string.Join('.', keys));
        IReadOnlyDictionary<string, double> ByPair(string section, string values)
        {
            var pairs = ((YamlSequenceNode)Node(section, "pairs")).Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
            var v = ((YamlSequenceNode)Node(section, values)).Children.Select(c => Number(c, $"{section}.{values}")).ToList();
            if (v.Count != pairs.Count) throw new InputError(path, $"{section}.{values}", $"has {v.Count} values for {pairs.Count} pairs");
            return pairs.Zip(v).ToDictionary(p => p.First, p => p.Second);
        }

        return new Seed002InterferencePaper(
            Scalar("fig3", "soliton", "hom"), Scalar("fig3", "soliton", "bsm"),
            Scalar("fig3", "chaotic", "hom"), Scalar("fig3", "chaotic", "bsm"),
            Scalar("fig3", "linewidthHz", "soliton"), Scalar("fig3", "linewidthHz", "chaotic"),
            ByPair("hom", "visibility"), ByPair("qber", "z"), ByPair("qber", "x"));
    }

    /// <summary>Fig. 3 HOM visibility of a comb state ("soliton" or "chaotic").</summary>
    public double Fig3Hom(string combState) => combState == CombState.SolitonName ? SolitonHom : ChaoticHom;

    /// <summary>Fig. 3 BSM visibility of a comb state.</summary>
    public double Fig3Bsm(string combState) => combState == CombState.SolitonName ? SolitonBsm : ChaoticBsm;

    /// <summary>Supplementary Fig. 14 linewidth of a comb state, Hz.</summary>
    public double LinewidthHz(string combState) => combState == CombState.SolitonName ? SolitonLinewidthHz : ChaoticLinewidthHz;

    /// <summary>A per-pair value, NaN when the paper gives none.</summary>
    public static double Of(IReadOnlyDictionary<string, double> byPair, string pair) => byPair.TryGetValue(pair, out double v) ? v : double.NaN;
}

using System.Globalization;
using QkdNetSim.Core;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// A state of the DKS comb as its model file under models/sources describes it (seed 002 Fig. 3a: chaotic state I,
/// 4-soliton state II): the coherent fraction and Lorentzian linewidth every comb line of the network inherits.
/// </summary>
/// <param name="Name">"soliton" or "chaotic".</param>
/// <param name="ModelFile">Model file below models/.</param>
/// <param name="CoherentFraction">comb.coherentFraction of the file.</param>
/// <param name="LinewidthHz">comb.linewidthHz of the file.</param>
public sealed record CombState(string Name, string ModelFile, double CoherentFraction, double LinewidthHz)
{
    public const string SolitonName = "soliton";
    public const string ChaoticName = "chaotic";

    /// <summary>Seed 002 Fig. 3d, e: the 4-soliton state (the network's operating state).</summary>
    public static CombState Soliton() => Load(SolitonName, "sources/seed002-dks-comb-soliton.yaml");

    /// <summary>Seed 002 Fig. 3b, c: the chaotic state before the soliton forms.</summary>
    public static CombState Chaotic() => Load(ChaoticName, "sources/seed002-dks-comb-chaotic.yaml");

    /// <summary>Reads coherentFraction and linewidthHz from a comb model file (keys of CombSpec).</summary>
    public static CombState Load(string name, string modelFile)
    {
        string path = RepoPaths.Model(modelFile);
        if (!File.Exists(path)) throw new InputError(path, "file", "comb model file not found");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        double Number(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s &&
            double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? d : throw new InputError(path, key, "missing or not a number");
        return new CombState(name, modelFile, Number("coherentFraction"), Number("linewidthHz"));
    }

    /// <summary>`--set` overrides that give the network this comb state (the network file includes the soliton file).</summary>
    public string[] Overrides() =>
    [
        "comb.coherentFraction=" + CoherentFraction.ToString("R", CultureInfo.InvariantCulture),
        "comb.linewidthHz=" + LinewidthHz.ToString("R", CultureInfo.InvariantCulture),
    ];
}

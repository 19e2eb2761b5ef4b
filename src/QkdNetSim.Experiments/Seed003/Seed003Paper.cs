using QkdNetSim.Core;

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
        var e = ExpectedValues.Load(path);
        double? Optional(string key) => e.Has(key) ? e.Number(key) : null;
        Protocol P(string name) => new(e.Numbers($"{name}.figureN").Select(v => (int)v).ToArray(), e.Numbers($"{name}.distancesKm"),
            e.Numbers($"{name}.optimalN").Select(v => (int)v).ToArray(), Optional($"{name}.sigma1Squared"), Optional($"{name}.sigma2Squared"));

        var result = new Seed003Paper
        {
            OptimalNToleranceRelative = e.Number("optimalNToleranceRelative"),
            Qpsk = P("qpsk"),
            Qam256 = P("qam256"),
            Gaussian = P("gaussian"),
            NullKeyRateDistanceKm = e.Number("qpsk.nullKeyRateDistanceKm"),
            NullKeyRateMaxN = (int)e.Number("qpsk.nullKeyRateMaxN"),
        };
        foreach (var (name, p) in new[] { ("qpsk", result.Qpsk), ("qam256", result.Qam256), ("gaussian", result.Gaussian) })
            if (p.DistancesKm.Length != p.OptimalN.Length) throw new InputError(path, name + ".optimalN", "needs one value per distance");
        return result;
    }
}

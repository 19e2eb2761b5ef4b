using System.Globalization;
using QkdNetSim.Core.Random;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Builds and runs the configurations of the interference measurements: the seed-002 network file (15 dB per user, i.e.
/// the ~30 dB per pair operating point) with a comb state, an encoder setting and module overrides, simulated in memory
/// by the fast engine. Every run gets its own seed derived from the reproduction seed and its label, so runs that are
/// combined (e.g. interfering and distinguishable) are statistically independent.
/// </summary>
public static class InterferenceSimulation
{
    /// <summary>The user pair of the single-pair measurements (seed 002 Fig. 3 does not name it; AB is module 0).</summary>
    public const string OperatingPair = "AB";

    /// <summary>The network with a comb state, encoder overrides, session length and further `--set` overrides.</summary>
    public static MdiNetworkConfig Network(ExperimentContext ctx, CombState comb, IEnumerable<string> encoder, double durationS,
        params string[] extra)
    {
        var overrides = comb.Overrides().Concat(encoder).Append("durationS=" + R(durationS)).Concat(extra).ToArray();
        return Seed002Setup.Load(ctx, overrides).Config;
    }

    /// <summary>Index of the module named <paramref name="pair"/> (= its index in the file's modules list).</summary>
    public static int ModuleIndex(MdiNetworkConfig config, string pair)
    {
        for (int i = 0; i < config.Modules.Count; i++)
            if (config.Modules[i].Name == pair) return i;
        throw new ArgumentException($"the network has no module '{pair}'");
    }

    /// <summary>`--set` override of one key of the module named <paramref name="pair"/>, e.g. relativeDelayPs.</summary>
    public static string ModuleOverride(MdiNetworkConfig template, string pair, string key, double value) =>
        $"modules.{ModuleIndex(template, pair)}.{key}={R(value)}";

    /// <summary>
    /// The network reduced to one module (re-indexed 0). A module's counts depend only on its two users' settings and its
    /// own detectors, so the other modules change nothing but the run time.
    /// </summary>
    public static MdiNetworkConfig OnlyModule(MdiNetworkConfig config, string pair) =>
        config with { Modules = [config.Modules[ModuleIndex(config, pair)] with { Index = 0 }] };

    /// <summary>Simulates in memory (fast engine, analysed like `run`) with the run's own seed; throws on cancellation.</summary>
    public static MdiRunSummary Run(ExperimentContext ctx, string label, MdiNetworkConfig config) =>
        Seed002Setup.Simulate(ctx, label, Seeded(ctx, label, config));

    /// <summary>
    /// Simulates with the fast engine straight into a <see cref="HomCoincidenceTally"/> (the run summary does not split
    /// same-bin two-folds by the users' states); own seed, progress under <paramref name="label"/>, throws on cancellation.
    /// </summary>
    public static HomCoincidenceTally RunHom(ExperimentContext ctx, string label, MdiNetworkConfig config)
    {
        ctx.Cancel.ThrowIfCancellationRequested();
        var tally = new HomCoincidenceTally(config.Modules.Count);
        var result = new MdiNetworkSession(Seeded(ctx, label, config), perPulse: false, tally)
            .Run(f => ctx.Progress?.Invoke(label, f), ctx.Cancel);
        if (result.Interrupted) throw new OperationCanceledException($"interrupted during {label}");
        ctx.Progress?.Invoke(label, 1.0);
        return tally;
    }

    private static MdiNetworkConfig Seeded(ExperimentContext ctx, string label, MdiNetworkConfig config) =>
        config with { Seed = new RngStreams(ctx.Seed).SeedFor("seed002/interference/" + label) };

    /// <summary>The summary of one pair.</summary>
    public static MdiPairSummary Pair(MdiRunSummary summary, string pair) => summary.Pairs.Single(p => p.Name == pair);

    /// <summary>|Psi-> counts and errors of intensity pair (l, r) of a pair summary.</summary>
    public static MdiYield Yield(MdiRunSummary summary, MdiPairSummary pair, int l, int r) =>
        pair.Yields[summary.IntensityNames[l] + summary.IntensityNames[r]];

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

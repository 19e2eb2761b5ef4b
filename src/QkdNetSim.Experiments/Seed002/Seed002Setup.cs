using QkdNetSim.Runs.Mdi;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// The seed-002 network as the experiments use it: models/networks/seed002-four-user-mdi.yaml loaded with the
/// reproduction's seed and any overrides (scenario validation included), and its resolved config.
/// </summary>
public static class Seed002Setup
{
    public const string NetworkFile = "networks/seed002-four-user-mdi.yaml";

    /// <summary>Loads the network with `--set`-style overrides (e.g. "users.0.channelLossDb=10", "durationS=30").</summary>
    public static LoadedMdiScenario Load(ExperimentContext ctx, params string[] overrides)
    {
        var all = new List<string>(overrides) { $"seed={ctx.Seed}", "log.enabled=false" };
        return MdiScenarioLoader.Load(RepoPaths.Model(NetworkFile), all);
    }

    /// <summary>Overrides that put every user at <paramref name="pairLossDb"/>/2 dB, i.e. each pair at <paramref name="pairLossDb"/>.</summary>
    public static string[] PairLoss(double pairLossDb, int users = 4) =>
        Enumerable.Range(0, users).Select(i => $"users.{i}.channelLossDb={(pairLossDb / 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}").ToArray();

    /// <summary>Runs an MDI config in memory (no log) with progress under <paramref name="label"/>; throws if interrupted.</summary>
    /// <remarks>Long sessions (over 60 s simulated) run as independent shards, one per core (statistically equivalent).</remarks>
    public static QkdNetSim.Runs.Mdi.MdiRunSummary Simulate(ExperimentContext ctx, string label, MdiNetworkConfig config)
    {
        ctx.Cancel.ThrowIfCancellationRequested();
        int shards = config.DurationS > 60 ? Math.Max(1, System.Environment.ProcessorCount) : 1;
        var s = QkdNetSim.Runs.Mdi.MdiSimulation.ExecuteSharded(config, label, shards, progress: f => ctx.Progress?.Invoke(label, f), cancel: ctx.Cancel);
        if (s.Interrupted) throw new OperationCanceledException($"interrupted during {label}");
        ctx.Progress?.Invoke(label, 1.0);
        return s;
    }
}

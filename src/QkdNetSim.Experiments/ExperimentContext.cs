using QkdNetSim.Runs.Access;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments;

/// <summary>
/// Shared services of a reproduction: where to write, quick or full scale, progress and cancellation, and a
/// helper that simulates a scenario file with overrides (no detection log: raw logs stay out of results/).
/// </summary>
public sealed class ExperimentContext
{
    public required string OutDir { get; init; }
    public required bool Full { get; init; }
    public ulong Seed { get; init; } = 1;
    public Action<string, double>? Progress { get; init; }
    public CancellationToken Cancel { get; init; }

    public sealed record Simulated(LoadedScenario Scenario, AccessNetworkConfig Config, RunSummary Summary);

    public Simulated Simulate(string label, string scenarioPath, IEnumerable<string> overrides)
    {
        Cancel.ThrowIfCancellationRequested();
        var all = new List<string>(overrides) { "log.enabled=false", $"seed={Seed}" };
        var loaded = ScenarioLoader.Load(scenarioPath, all);
        var config = AccessNetworkBuilder.Build(loaded);
        var summary = AccessSimulation.Simulate(loaded, logTarget: null, f => Progress?.Invoke(label, f), Cancel);
        if (summary.Run.Interrupted) throw new OperationCanceledException($"interrupted during {label}");
        Progress?.Invoke(label, 1.0);
        return new Simulated(loaded, config, summary);
    }

    /// <summary>As <see cref="Simulate"/>, with the run's time series (one row per active user and block) kept in memory.</summary>
    public (Simulated Run, IReadOnlyList<TimeSeriesRow> Series) SimulateSeries(string label, string scenarioPath, IEnumerable<string> overrides)
    {
        Cancel.ThrowIfCancellationRequested();
        var all = new List<string>(overrides) { "log.enabled=false", $"seed={Seed}", "timeseries.enabled=true" };
        var loaded = ScenarioLoader.Load(scenarioPath, all);
        var outcome = AccessSimulation.SimulateWithSeries(loaded, logTarget: null, f => Progress?.Invoke(label, f), Cancel, withSeries: true);
        if (outcome.Summary.Run.Interrupted) throw new OperationCanceledException($"interrupted during {label}");
        Progress?.Invoke(label, 1.0);
        return (new Simulated(loaded, outcome.Config, outcome.Summary), outcome.Series!);
    }
}

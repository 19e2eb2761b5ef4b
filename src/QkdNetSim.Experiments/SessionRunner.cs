using QkdNetSim.Runs.Access;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments;

/// <summary>Simulates a network built in code (no scenario file) with the experiment's progress and cancellation.</summary>
public static class SessionRunner
{
    public static RunSummary Run(AccessNetworkConfig config, string label, ExperimentContext ctx)
    {
        ctx.Cancel.ThrowIfCancellationRequested();
        var summary = AccessSimulation.ExecuteInMemory(config, label, f => ctx.Progress?.Invoke(label, f), ctx.Cancel);
        if (summary.Run.Interrupted) throw new OperationCanceledException($"interrupted during {label}");
        return summary;
    }
}

using System.Diagnostics;
using QkdNetSim.Core.Units;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// The MDI kind's model engine (`engine: model`): every module's expected counts for the scenario's N = durationS x
/// clockRateHz pulse pairs from the quadrature model (<see cref="MdiModelCounts"/>, seed 002 Fig. 4 "theory"), rounded
/// and fed through the same summary builder and finite-key analysis (seed 002 Supplementary Eqs. (1)-(4)) as a
/// simulated run. The model leaves out dead time reaching across slots (<see cref="MdiExpectedOutcomes"/>): with seed
/// 002's 40 ns dead time at 10 ns slots and 30 dB per pair the simulator counts ~8.5 % fewer two-folds (measured, README),
/// more at lower loss, so a study of dead time uses the simulate engine.
/// </summary>
public static class MdiModel
{
    /// <summary>The model summary of <paramref name="loaded"/>; cancellation throws <see cref="OperationCanceledException"/> (nothing to keep).</summary>
    public static MdiRunSummary Run(LoadedMdiScenario loaded, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var wall = Stopwatch.StartNew();
        var c = loaded.Config;
        var id = loaded.Identity;
        long slots = c.SessionSlots;
        var counts = new MdiModelCounts(c, slots, cancel);
        var session = new MdiSessionResult(slots, Periods.ToSeconds((double)slots * c.Timing.SlotPeriodPs), wall.Elapsed.TotalSeconds, Interrupted: false);
        var manifest = MdiRunManifest.Build(c, id.Name, id.Hash, id.Yaml, id.Mode, id.Epsilon, id.ErrorCorrectionEfficiency, session);
        cancel.ThrowIfCancellationRequested();
        return MdiSummaryBuilder.Build(manifest, counts, "run", wall.Elapsed.TotalSeconds, logFile: "");
    }
}

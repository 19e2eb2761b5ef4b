using System.Diagnostics;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// The CV kind's model engine (`engine: model`): the summary of a session of the scenario's rounds at its true parameters
/// (<see cref="CvSummaryBuilder.BuildModel"/>): every estimate is the true value (V_M, T_i, xi_i, gamma_AB, the network's
/// gamma_{A B_1..B_N}) and every key rate the analytic one (GG02 single-user; seed 000 Eqs. 7, 21-25 network), with
/// standard errors, worst cases and intervals null. No samples are drawn, so the seed does not matter.
/// </summary>
public static class CvModel
{
    public static CvRunSummary Run(LoadedCvScenario loaded, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        cancel.ThrowIfCancellationRequested();
        var wall = Stopwatch.StartNew();
        var s = loaded.Scenario;
        var manifest = CvRunManifest.Of(loaded, loaded.BuildChannels());
        // The session the model describes lasts rounds x symbol period, as the kernel would simulate it (CvSimulation).
        double sessionS = Periods.ToSeconds((double)s.Samples * Periods.PeriodPs(s.EffectiveSymbolRateHz()));
        return CvSummaryBuilder.BuildModel(manifest, loaded.SourcePath, wall.Elapsed.TotalSeconds, sessionS);
    }
}

using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// The counts an MDI summary is built from (<see cref="MdiSummaryBuilder"/>): a tally of coincidences (`run`, `analyze`)
/// or the quadrature model's expected counts (engine model). Null where the source cannot give a count.
/// </summary>
public interface IMdiCounts
{
    /// <summary>True when the counts are expected values (the model engine), false when tallied.</summary>
    bool Expected { get; }
    /// <summary>N_lr S_lr of module m.</summary>
    long PsiMinus(int module, int l, int r);
    /// <summary>N_lr S_lr E_lr of module m.</summary>
    long Errors(int module, int l, int r);
    long TwoFold(int module);
    long SameBin(int module);
    /// <summary>Ground truth: two-folds with a dark count behind a click; null when unknown.</summary>
    long? DarkInvolved(int module);
    /// <summary>Four-folds of modules a and b; null when not counted.</summary>
    long? FourFold(int a, int b);
    /// <summary>The four-intensity decoy input of module m (intensity index 0 = z, 1 = y, 2 = x, 3 = o).</summary>
    MdiDecoyInput DecoyInput(int module, IReadOnlyList<double> intensities, IReadOnlyList<double> probabilities,
        double pulsePairsTotal, double eps, double errorCorrectionEfficiency);
}

/// <summary>A coincidence tally as summary counts.</summary>
public sealed class MdiTallyCounts(MdiCoincidenceTally tally) : IMdiCounts
{
    public bool Expected => false;
    public long PsiMinus(int module, int l, int r) => tally.PsiMinus(module, l, r);
    public long Errors(int module, int l, int r) => tally.Errors(module, l, r);
    public long TwoFold(int module) => tally.TwoFold(module);
    public long SameBin(int module) => tally.SameBin(module);
    public long? DarkInvolved(int module) => tally.DarkInvolved(module);
    public long? FourFold(int a, int b) => tally.FourFold(a, b);
    public MdiDecoyInput DecoyInput(int module, IReadOnlyList<double> intensities, IReadOnlyList<double> probabilities,
        double pulsePairsTotal, double eps, double errorCorrectionEfficiency) =>
        tally.DecoyInput(module, intensities, probabilities, pulsePairsTotal, eps, errorCorrectionEfficiency);
}

/// <summary>
/// The quadrature model's expected counts of every module (<see cref="MdiExpectedCounts"/>) as summary counts, each
/// rounded to a whole count as the finite-key analysis takes it. No ground truth, no four-folds (not modelled: they need
/// the early tags' time distributions for the coincidence-window test and the shared encoders' correlations).
/// </summary>
public sealed class MdiModelCounts : IMdiCounts
{
    private readonly MdiExpectedCounts[] _modules;

    /// <summary>Evaluates every module for <paramref name="pulsePairs"/> pulse pairs; checks <paramref name="cancel"/> between modules.</summary>
    public MdiModelCounts(MdiNetworkConfig config, double pulsePairs, CancellationToken cancel = default)
    {
        _modules = new MdiExpectedCounts[config.Modules.Count];
        for (int i = 0; i < _modules.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            _modules[i] = new MdiExpectedCounts(config, i, pulsePairs);
        }
    }

    /// <summary>The unrounded expected counts of module m.</summary>
    public MdiExpectedCounts Module(int module) => _modules[module];

    public bool Expected => true;
    public long PsiMinus(int module, int l, int r) => MdiExpectedCounts.Round(_modules[module].PsiMinus[l, r]);
    public long Errors(int module, int l, int r) => MdiExpectedCounts.Round(_modules[module].Errors[l, r]);
    public long TwoFold(int module) => MdiExpectedCounts.Round(_modules[module].TwoFold);
    public long SameBin(int module) => MdiExpectedCounts.Round(_modules[module].SameBin);
    public long? DarkInvolved(int module) => null;
    public long? FourFold(int a, int b) => null;
    public MdiDecoyInput DecoyInput(int module, IReadOnlyList<double> intensities, IReadOnlyList<double> probabilities,
        double pulsePairsTotal, double eps, double errorCorrectionEfficiency) =>
        _modules[module].DecoyInput(intensities, probabilities, eps, errorCorrectionEfficiency);
}

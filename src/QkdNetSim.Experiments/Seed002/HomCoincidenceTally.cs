using QkdNetSim.Core.Records;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Counts the HOM coincidences of a run per module (seed 002 Fig. 3b, d; Supplementary Fig. 9): two-folds with both
/// detectors' clicks in the same time bin, in slots where both users sent the same Z state (same intensity, both |e> or both |l>), where
/// the two pulses share a bin and can interfere. Also counts all same-bin two-folds regardless of the states (what
/// <c>MdiRunSummary.Pairs[].SameBin</c> reports), whose opposite-bit share dilutes the dip.
/// </summary>
public sealed class HomCoincidenceTally : ICoincidenceSink
{
    private readonly long[] _sameState, _all;

    public HomCoincidenceTally(int modules)
    {
        _sameState = new long[modules];
        _all = new long[modules];
    }

    public void Accept(ReadOnlySpan<CoincidenceRecord> batch)
    {
        foreach (ref readonly var r in batch)
        {
            if (r.BinD0 != r.BinD1) continue;
            _all[r.Module]++;
            if (r.BasisA == 0 && r.BasisB == 0 && r.IntensityA == r.IntensityB && r.BitA == r.BitB) _sameState[r.Module]++;
        }
    }

    /// <summary>Same-bin two-folds of module m in slots where both users sent the same Z state.</summary>
    public long SameStateSameBin(int module) => _sameState[module];

    /// <summary>All same-bin two-folds of module m.</summary>
    public long AllSameBin(int module) => _all[module];
}

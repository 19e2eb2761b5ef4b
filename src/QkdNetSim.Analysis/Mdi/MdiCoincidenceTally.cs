using QkdNetSim.Core.Records;

namespace QkdNetSim.Analysis.Mdi;

/// <summary>
/// Counts of a BSM coincidence log (simulated or from a lab): per module, successful |Psi-> projections and their errors
/// per intensity pair (l, r), all two-folds and same-bin (HOM-type) two-folds; and four-fold events, i.e. two modules both
/// announcing |Psi-> in one slot with their time tags within the coincidence window (seed 002 Fig. 5). An error is a
/// |Psi-> event whose users sent the same basis and the same bit (|Psi-> means anti-correlated bits in both bases).
/// Records must arrive in slot order (as the engines and the log produce them).
/// </summary>
public sealed class MdiCoincidenceTally
{
    public const int MaxIntensities = 8;

    private readonly long _windowPs;
    private readonly long[] _psi, _err, _twoFold, _sameBin, _fourFold, _darkInvolved;
    private readonly int _modules;

    // Psi- events of the current slot (module, early time tag) for the four-fold search.
    private long _slot = -1;
    private readonly List<(int module, long earlyTag)> _slotPsi = new(8);

    public MdiCoincidenceTally(int modules, long coincidenceWindowPs)
    {
        if (modules < 1) throw new ArgumentOutOfRangeException(nameof(modules));
        _modules = modules;
        _windowPs = coincidenceWindowPs;
        _psi = new long[modules * MaxIntensities * MaxIntensities];
        _err = new long[modules * MaxIntensities * MaxIntensities];
        _twoFold = new long[modules];
        _sameBin = new long[modules];
        _darkInvolved = new long[modules];
        _fourFold = new long[modules * modules];
    }

    public int Modules => _modules;

    public void Add(in CoincidenceRecord r)
    {
        int m = r.Module;
        if ((uint)m >= (uint)_modules) throw new ArgumentOutOfRangeException(nameof(r), $"module {m} outside [0, {_modules})");
        if (r.Slot != _slot)
        {
            _slot = r.Slot;
            _slotPsi.Clear();
        }
        _twoFold[m]++;
        if (r.BinD0 == r.BinD1) _sameBin[m]++;
        if (r.TruthCauseD0 == DetectionCause.DarkCount || r.TruthCauseD1 == DetectionCause.DarkCount) _darkInvolved[m]++;
        if (!r.IsPsiMinus) return;
        int k = (m * MaxIntensities + r.IntensityA) * MaxIntensities + r.IntensityB;
        _psi[k]++;
        if (r.BasisA == r.BasisB && r.BitA == r.BitB) _err[k]++;
        long early = r.BinD0 == 0 ? r.TimeD0Ps : r.TimeD1Ps;
        foreach (var (other, tag) in _slotPsi)
            if (Math.Abs(tag - early) <= _windowPs)
                _fourFold[Math.Min(other, m) * _modules + Math.Max(other, m)]++;
        _slotPsi.Add((m, early));
    }

    /// <summary>
    /// Adds another tally of the same network (e.g. an independent shard of the session). Four-fold events are counted
    /// within each tally's slots, so shards must cover disjoint slots.
    /// </summary>
    public void Merge(MdiCoincidenceTally other)
    {
        if (other._modules != _modules || other._windowPs != _windowPs) throw new ArgumentException("tallies of different networks", nameof(other));
        void Sum(long[] a, long[] b) { for (int i = 0; i < a.Length; i++) a[i] += b[i]; }
        Sum(_psi, other._psi); Sum(_err, other._err); Sum(_twoFold, other._twoFold); Sum(_sameBin, other._sameBin);
        Sum(_fourFold, other._fourFold); Sum(_darkInvolved, other._darkInvolved);
    }

    public void Add(ReadOnlySpan<CoincidenceRecord> batch)
    {
        foreach (ref readonly var r in batch) Add(r);
    }

    /// <summary>N_lr S_lr: |Psi-> events of module m with intensities (l, r).</summary>
    public long PsiMinus(int m, int l, int r) => _psi[(m * MaxIntensities + l) * MaxIntensities + r];
    /// <summary>N_lr S_lr E_lr: of those, errors (same basis, same bit).</summary>
    public long Errors(int m, int l, int r) => _err[(m * MaxIntensities + l) * MaxIntensities + r];
    public long TwoFold(int m) => _twoFold[m];
    public long SameBin(int m) => _sameBin[m];
    /// <summary>Two-folds with a dark count behind at least one click (ground truth; 0 for lab data).</summary>
    public long DarkInvolved(int m) => _darkInvolved[m];
    /// <summary>Four-fold events of modules a and b (a != b; order irrelevant).</summary>
    public long FourFold(int a, int b) => _fourFold[Math.Min(a, b) * _modules + Math.Max(a, b)];

    /// <summary>
    /// The four-intensity decoy input of module m (intensity index 0 = z, 1 = y, 2 = x, 3 = o), seed 002 Table I rows.
    /// </summary>
    public MdiDecoyInput DecoyInput(int m, IReadOnlyList<double> intensities, IReadOnlyList<double> probabilities,
        double pulsePairsTotal, double eps, double errorCorrectionEfficiency) => new()
    {
        SignalZ = intensities[0], DecoyY = intensities[1], DecoyX = intensities[2], VacuumO = intensities[3],
        Pz = probabilities[0], Py = probabilities[1], Px = probabilities[2], Po = probabilities[3],
        PulsePairsTotal = pulsePairsTotal,
        CountZz = PsiMinus(m, 0, 0), ErrorsZz = Errors(m, 0, 0),
        CountYy = PsiMinus(m, 1, 1),
        CountXx = PsiMinus(m, 2, 2), ErrorsXx = Errors(m, 2, 2),
        CountYoPlusOy = PsiMinus(m, 1, 3) + PsiMinus(m, 3, 1),
        CountXoPlusOx = PsiMinus(m, 2, 3) + PsiMinus(m, 3, 2),
        CountOo = PsiMinus(m, 3, 3),
        Eps = eps,
        ErrorCorrectionEfficiency = errorCorrectionEfficiency,
    };
}

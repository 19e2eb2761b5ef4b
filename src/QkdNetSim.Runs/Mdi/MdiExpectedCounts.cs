using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Expected counts of one BSM module for N pulse pairs from the quadrature model (<see cref="MdiExpectedOutcomes"/>:
/// coherent fields, windows, darks; no dead time reaching across slots): |Psi-> counts and their errors per intensity
/// pair, all two-folds and same-bin two-folds; and the finite-key analysis fed with them (rounded to whole counts) — the
/// "theory" of seed 002 Fig. 4 and the MDI kind's model engine (<see cref="MdiModel"/>).
/// </summary>
/// <remarks>
/// With state pair (a, b) sent with probability p_a p_b and P(b0, b1 | a, b) the model's two-fold probabilities (b = 0
/// early, 1 late): E[N_lr S_lr] = N sum_{a in l, b in r} p_a p_b [P(0,1) + P(1,0)]; errors add the same terms where the
/// users sent the same basis and bit (|Psi-> means anti-correlated bits); two-folds sum all four P(b0, b1), same-bin ones
/// P(0,0) + P(1,1).
/// </remarks>
public sealed class MdiExpectedCounts
{
    /// <summary>[l, r]: expected N_lr S_lr.</summary>
    public double[,] PsiMinus { get; }
    /// <summary>[l, r]: expected N_lr S_lr E_lr (same basis and bit).</summary>
    public double[,] Errors { get; }
    /// <summary>Expected two-fold coincidences (both detectors' first events in a window), all bins.</summary>
    public double TwoFold { get; }
    /// <summary>Expected two-folds with both clicks in the same time bin (HOM-type, not |Psi->).</summary>
    public double SameBin { get; }
    public double PulsePairs { get; }

    public MdiExpectedCounts(MdiNetworkConfig config, int module, double pulsePairs)
    {
        var m = config.Modules[module];
        var ta = new UserStateTable(config.Users[m.UserA].Encoder);
        var tb = new UserStateTable(config.Users[m.UserB].Encoder);
        var optics = new BsmOptics(m, ta, tb, config.Timing);
        var model = new MdiExpectedOutcomes(optics, config.Timing);
        int la = config.Users[m.UserA].Encoder.Levels, lb = config.Users[m.UserB].Encoder.Levels;
        PsiMinus = new double[la, lb];
        Errors = new double[la, lb];
        PulsePairs = pulsePairs;
        double twoFold = 0, sameBin = 0;
        for (int a = 0; a < ta.Count; a++)
        for (int b = 0; b < tb.Count; b++)
        {
            double n = pulsePairs * ta.Probability[a] * tb.Probability[b];
            var t = model.TwoFold(optics.PairIndex(a, b)); // [b0 * 2 + b1]
            double p = n * (t[1] + t[2]);
            PsiMinus[ta.Intensity[a], tb.Intensity[b]] += p;
            if (ta.Basis[a] == tb.Basis[b] && ta.Bit[a] == tb.Bit[b]) Errors[ta.Intensity[a], tb.Intensity[b]] += p;
            twoFold += n * (t[0] + t[1] + t[2] + t[3]);
            sameBin += n * (t[0] + t[3]);
        }
        TwoFold = twoFold;
        SameBin = sameBin;
    }

    /// <summary>The four-intensity decoy input with the expected counts rounded (index 0 = z, 1 = y, 2 = x, 3 = o).</summary>
    public MdiDecoyInput DecoyInput(TimeBinEncoder enc, double eps = 1e-10, double f = 1.16) =>
        DecoyInput(enc.MeanPhotonNumbers, enc.Probabilities, eps, f);

    /// <summary>
    /// The same from the announced intensities and probabilities (index 0 = z, 1 = y, 2 = x, 3 = o); mixed vacuum pairs are
    /// rounded as sums over both orders, as Table I prints them.
    /// </summary>
    public MdiDecoyInput DecoyInput(IReadOnlyList<double> intensities, IReadOnlyList<double> probabilities, double eps, double f) => new()
    {
        SignalZ = intensities[0], DecoyY = intensities[1], DecoyX = intensities[2], VacuumO = intensities[3],
        Pz = probabilities[0], Py = probabilities[1], Px = probabilities[2], Po = probabilities[3],
        PulsePairsTotal = PulsePairs,
        CountZz = Round(PsiMinus[0, 0]), ErrorsZz = Round(Errors[0, 0]),
        CountYy = Round(PsiMinus[1, 1]),
        CountXx = Round(PsiMinus[2, 2]), ErrorsXx = Round(Errors[2, 2]),
        CountYoPlusOy = Round(PsiMinus[1, 3] + PsiMinus[3, 1]),
        CountXoPlusOx = Round(PsiMinus[2, 3] + PsiMinus[3, 2]),
        CountOo = Round(PsiMinus[3, 3]),
        Eps = eps, ErrorCorrectionEfficiency = f,
    };

    /// <summary>An expected count as the whole count the analysis takes.</summary>
    public static long Round(double x) => (long)Math.Round(x);
}

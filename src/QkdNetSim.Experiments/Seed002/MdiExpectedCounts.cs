using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Expected |Psi-> counts of one BSM module per intensity pair for N pulse pairs, from the quadrature model
/// (<see cref="MdiExpectedOutcomes"/>: coherent fields, windows, darks; no dead time reaching across slots), and the
/// finite-key analysis fed with them (rounded to whole counts) — the "theory" of seed 002 Fig. 4.
/// </summary>
public sealed class MdiExpectedCounts
{
    /// <summary>[l, r]: expected N_lr S_lr.</summary>
    public double[,] PsiMinus { get; }
    /// <summary>[l, r]: expected N_lr S_lr E_lr (same basis and bit).</summary>
    public double[,] Errors { get; }
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
        for (int a = 0; a < ta.Count; a++)
        for (int b = 0; b < tb.Count; b++)
        {
            double p = pulsePairs * ta.Probability[a] * tb.Probability[b] * model.PsiMinus(optics.PairIndex(a, b));
            PsiMinus[ta.Intensity[a], tb.Intensity[b]] += p;
            if (ta.Basis[a] == tb.Basis[b] && ta.Bit[a] == tb.Bit[b]) Errors[ta.Intensity[a], tb.Intensity[b]] += p;
        }
    }

    /// <summary>The four-intensity decoy input with the expected counts rounded (index 0 = z, 1 = y, 2 = x, 3 = o).</summary>
    public MdiDecoyInput DecoyInput(TimeBinEncoder enc, double eps = 1e-10, double f = 1.16) => new()
    {
        SignalZ = enc.MeanPhotonNumbers[0], DecoyY = enc.MeanPhotonNumbers[1], DecoyX = enc.MeanPhotonNumbers[2], VacuumO = enc.MeanPhotonNumbers[3],
        Pz = enc.Probabilities[0], Py = enc.Probabilities[1], Px = enc.Probabilities[2], Po = enc.Probabilities[3],
        PulsePairsTotal = PulsePairs,
        CountZz = R(PsiMinus[0, 0]), ErrorsZz = R(Errors[0, 0]),
        CountYy = R(PsiMinus[1, 1]),
        CountXx = R(PsiMinus[2, 2]), ErrorsXx = R(Errors[2, 2]),
        CountYoPlusOy = R(PsiMinus[1, 3] + PsiMinus[3, 1]),
        CountXoPlusOx = R(PsiMinus[2, 3] + PsiMinus[3, 2]),
        CountOo = R(PsiMinus[3, 3]),
        Eps = eps, ErrorCorrectionEfficiency = f,
    };

    private static long R(double x) => (long)Math.Round(x);
}

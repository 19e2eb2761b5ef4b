using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Model values of the interference measurements of one BSM module: expectations over the users' encoder states of the
/// exact quadrature model <see cref="MdiExpectedOutcomes"/> (coherent fields, windows, darks, jitter; dead time left out,
/// which cancels in every ratio below to first order).
/// </summary>
public static class InterferenceModel
{
    /// <summary>
    /// HOM visibility (seed 002 Fig. 3b, d; Supplementary Fig. 9): V_HOM = 1 - C / C_dist, C the probability per slot of a
    /// two-fold with both detectors in the same time bin, C_dist the same with polarizationOverlap = 0 (fully
    /// distinguishable fields at the same delay, so window and timing effects divide out). With
    /// <paramref name="sameStateOnly"/> only slots where both users sent the same Z state count (the HOM events);
    /// otherwise every state pair counts, and opposite-bit pairs, whose pulses never share a bin, dilute the dip.
    /// </summary>
    public static double HomVisibility(MdiNetworkConfig config, BsmModule module, bool sameStateOnly = true) =>
        1 - SameBinProbability(config, module, sameStateOnly) / SameBinProbability(config, module with { PolarizationOverlap = 0 }, sameStateOnly);

    /// <summary>Probability per slot of a same-bin two-fold (both detectors' first in-window clicks in one bin), summed over the state pairs.</summary>
    public static double SameBinProbability(MdiNetworkConfig config, BsmModule module, bool sameStateOnly)
    {
        var (a, b, model, optics) = Build(config, module);
        double sum = 0;
        for (int sa = 0; sa < a.Count; sa++)
        for (int sb = 0; sb < b.Count; sb++)
        {
            if (sameStateOnly && !SameZState(a, sa, b, sb)) continue;
            var t = model.TwoFold(optics.PairIndex(sa, sb));
            sum += a.Probability[sa] * b.Probability[sb] * (t[0] + t[3]); // [b0 * 2 + b1]: early-early, late-late
        }
        return sum;
    }

    /// <summary>
    /// QBER of a basis (0 = Z, 1 = X; seed 002 Supplementary Fig. 10): over |Psi-> events of state pairs where both users
    /// chose that basis, the fraction with equal bits (|Psi-> announces anti-correlated bits in both bases).
    /// </summary>
    public static double Qber(MdiNetworkConfig config, BsmModule module, int basis)
    {
        var (a, b, model, optics) = Build(config, module);
        double all = 0, errors = 0;
        for (int sa = 0; sa < a.Count; sa++)
        for (int sb = 0; sb < b.Count; sb++)
        {
            if (a.Basis[sa] != basis || b.Basis[sb] != basis) continue;
            double p = a.Probability[sa] * b.Probability[sb] * model.PsiMinus(optics.PairIndex(sa, sb));
            all += p;
            if (a.Bit[sa] == b.Bit[sb]) errors += p;
        }
        return all > 0 ? errors / all : double.NaN;
    }

    /// <summary>
    /// BSM visibility (seed 002 Fig. 3c, e): V_BSM = (C_opp - C_same) / (C_opp + C_same) over the X-basis |Psi-> events,
    /// C_opp with opposite bits (|+>|-> or |->|+>), C_same with equal bits; i.e. 1 - 2 QBER_X.
    /// </summary>
    public static double BsmVisibility(MdiNetworkConfig config, BsmModule module) => 1 - 2 * Qber(config, module, 1);

    /// <summary>Both users sent the same Z state: Z basis, same intensity level, same bit (both |e> or both |l>).</summary>
    private static bool SameZState(UserStateTable a, int sa, UserStateTable b, int sb) =>
        a.Basis[sa] == 0 && b.Basis[sb] == 0 && a.Intensity[sa] == b.Intensity[sb] && a.Bit[sa] == b.Bit[sb];

    private static (UserStateTable A, UserStateTable B, MdiExpectedOutcomes Model, BsmOptics Optics) Build(MdiNetworkConfig c, BsmModule m)
    {
        var a = new UserStateTable(c.Users[m.UserA].Encoder);
        var b = new UserStateTable(c.Users[m.UserB].Encoder);
        var optics = new BsmOptics(m, a, b, c.Timing);
        return (a, b, new MdiExpectedOutcomes(optics, c.Timing), optics);
    }
}

using QkdNetSim.Core;

namespace QkdNetSim.Protocols.Cv;

/// <summary>One Bob's drop of a broadcast network: drop fibre, excess noise of his path, detector.</summary>
/// <param name="DropFibreKm">Fibre from the splitter tree to Bob (km).</param>
/// <param name="ExcessNoiseSnu">Excess noise of this user's path, SNU referred to Alice's output; independent per user.</param>
/// <param name="DetectorEfficiency">eta in (0, 1].</param>
/// <param name="ElectronicNoiseSnu">v_el &gt;= 0 per homodyne (SNU).</param>
public sealed record CvDropSpec(double DropFibreKm, double ExcessNoiseSnu, double DetectorEfficiency, double ElectronicNoiseSnu);

/// <summary>
/// The 1-to-N broadcast of seed 000 (Bian et al., arXiv:2507.04462, Methods E.1, Eqs. 29-31): feeder fibre, uniform
/// beam-splitter tree (each output carries 1/N of the power), per-user drop fibre, per-user detector. A user's total
/// transmittance is T = T_feeder / N * T_drop with T_fibre = 10^(-alpha_dB L / 10).
/// Noise correlations: the tree's unused ports are vacuum and Alice sends coherent states, so the N outputs are product
/// coherent states (a passive linear network maps a coherent state and vacua to coherent states); each Bob's shot noise
/// is therefore independent of the others'. The excess noise is modelled per user path, independent across users (the
/// BroadcastNetwork "drop" noise with zero feeder noise). Only Alice's displacement is shared, which gives
/// Cov(b_i, b_j) = g_i g_j V_M, the sample-level form of Eq. 30.
/// </summary>
public static class CvBroadcastChannel
{
    /// <summary>Fibre transmittance 10^(-alpha L/10) (alpha in dB/km, 0.2 for SMF-28 as in seed 000).</summary>
    public static double FibreTransmittance(double lengthKm, double attenuationDbPerKm, string source = "fibre")
    {
        if (!(lengthKm >= 0) || !double.IsFinite(lengthKm)) throw new InputError(source, "fibreLengthKm", $"must be finite and >= 0 km (got {lengthKm:G6})");
        if (!(attenuationDbPerKm >= 0) || !double.IsFinite(attenuationDbPerKm)) throw new InputError(source, "attenuationDbPerKm", $"must be finite and >= 0 (got {attenuationDbPerKm:G6})");
        return Math.Pow(10.0, -attenuationDbPerKm * lengthKm / 10.0);
    }

    /// <summary>Per-user channels of a uniform 1-to-N broadcast (N = drops.Count).</summary>
    public static CvUserChannel[] Build(double feederFibreKm, IReadOnlyList<CvDropSpec> drops, double attenuationDbPerKm = 0.2,
        string source = "broadcast")
    {
        if (drops is null || drops.Count < 1) throw new InputError(source, "users", "needs at least one user");
        double feeder = FibreTransmittance(feederFibreKm, attenuationDbPerKm, source);
        int n = drops.Count;
        var users = new CvUserChannel[n];
        for (int i = 0; i < n; i++)
        {
            var d = drops[i];
            string userSource = $"{source}: users[{i}]";
            double t = feeder / n * FibreTransmittance(d.DropFibreKm, attenuationDbPerKm, userSource); // Eqs. 29-31: 1/N per output
            users[i] = CvUserChannel.Create(t, d.ExcessNoiseSnu, d.DetectorEfficiency, d.ElectronicNoiseSnu, userSource);
        }
        return users;
    }
}

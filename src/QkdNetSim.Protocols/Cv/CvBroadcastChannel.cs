using QkdNetSim.Detectors;
using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.Cv;

/// <summary>One Bob's drop of a broadcast network: drop fibre, excess noise of his path, detector.</summary>
/// <param name="DropFibreKm">Fibre from the splitter tree to Bob (km).</param>
/// <param name="ExcessNoiseSnu">Excess noise of this user's path, SNU referred to Alice's output; independent per user.</param>
/// <param name="DetectorEfficiency">eta in (0, 1].</param>
/// <param name="ElectronicNoiseSnu">v_el &gt;= 0 per homodyne (SNU).</param>
public sealed record CvDropSpec(double DropFibreKm, double ExcessNoiseSnu, double DetectorEfficiency, double ElectronicNoiseSnu);

/// <summary>
/// The 1-to-N broadcast of seed 000 (Bian et al., arXiv:2507.04462, Methods E.1, Eqs. 29-31) as per-user channels: the
/// optics (<see cref="BroadcastChannel"/>: feeder fibre, uniform splitter tree, drop fibres) give each user's
/// transmittance, each user's <see cref="HeterodyneDetector"/> his outcome model.
/// Noise correlations: the tree's unused ports are vacuum and Alice sends coherent states, so the N outputs are product
/// coherent states (a passive linear network maps a coherent state and vacua to coherent states); each Bob's shot noise
/// is therefore independent of the others'. The excess noise is modelled per user path, independent across users (the
/// BroadcastNetwork "drop" noise with zero feeder noise). Only Alice's displacement is shared, which gives
/// Cov(b_i, b_j) = g_i g_j V_M, the sample-level form of Eq. 30.
/// </summary>
public static class CvBroadcastChannel
{
    /// <summary>Per-user channels of a uniform 1-to-N broadcast (N = drops.Count); out-of-range values throw argument exceptions.</summary>
    public static CvUserChannel[] Build(double feederFibreKm, IReadOnlyList<CvDropSpec> drops, double attenuationDbPerKm = 0.2)
    {
        ArgumentNullException.ThrowIfNull(drops);
        var optics = new BroadcastChannel(new Fibre(feederFibreKm, attenuationDbPerKm),
            drops.Select(d => new Fibre(d.DropFibreKm, attenuationDbPerKm)).ToArray());
        var users = new CvUserChannel[drops.Count];
        for (int i = 0; i < users.Length; i++)
        {
            var d = drops[i];
            users[i] = CvUserChannel.Create(optics.UserTransmittance(i), d.ExcessNoiseSnu,
                new HeterodyneDetector(efficiencyFraction: d.DetectorEfficiency, electronicNoiseSnu: d.ElectronicNoiseSnu));
        }
        return users;
    }
}

using System.Numerics;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Loss-only Holevo information chi(Z:E) between Bob's quadrant key Z and Eve's pure states |e_k&gt; (generalised beam-splitter
/// attack; Heid &amp; Lütkenhaus, PRA 73, 052316 (2006); Lin et al., PRX 9, 041064 (2019); seed paper Sec. IV):
/// given Alice's k, Bob's and Eve's systems are in a product state, so rho_E^z = sum_k p(k|z) |e_k&gt;&lt;e_k| and
/// chi = S(sum_k p_k |e_k&gt;&lt;e_k|) - sum_z p(z) S(rho_E^z), each entropy from a Gram matrix
/// (<see cref="CoherentStateEnsemble.EntropyBits(IReadOnlyList{double}, Func{int, int, Complex})"/>).
/// </summary>
public static class HolevoOfQuadrantKey
{
    /// <summary>chi(Z:E) in bits from the joint p(k, z) and Eve's overlaps o(k, l) = &lt;e_k|e_l&gt; (any number of modes).</summary>
    public static double Bits(double[,] joint, Func<int, int, Complex> eveOverlap)
    {
        int nk = joint.GetLength(0), nz = joint.GetLength(1);
        var pk = new double[nk];
        for (int k = 0; k < nk; k++) for (int z = 0; z < nz; z++) pk[k] += joint[k, z];
        double chi = CoherentStateEnsemble.EntropyBits(pk, eveOverlap);
        for (int z = 0; z < nz; z++)
        {
            double pz = 0;
            for (int k = 0; k < nk; k++) pz += joint[k, z];
            if (pz <= 0) continue;
            var cond = Enumerable.Range(0, nk).Select(k => joint[k, z] / pz).ToArray();
            chi -= pz * CoherentStateEnsemble.EntropyBits(cond, eveOverlap);
        }
        return Math.Max(0.0, chi);
    }

    /// <summary>chi(Z:E) with Bob at transmittance <paramref name="bobTransmittance"/> and Eve holding |sqrt(eta_E) alpha_k&gt;.</summary>
    public static double Bits(Constellation c, double bobTransmittance, double eveTransmittance)
    {
        var joint = QuadrantStatistics.Joint(c, bobTransmittance, QuadrantStatistics.OutcomeSigma(bobTransmittance));
        double s = Math.Sqrt(eveTransmittance);
        return Bits(joint, (k, l) => CoherentStateEnsemble.Overlap(c.Point(k) * s, c.Point(l) * s));
    }
}

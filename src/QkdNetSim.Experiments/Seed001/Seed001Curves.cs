using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed001;

/// <summary>
/// Key-rate curves of the seed-001 reproduction (Kanitschar &amp; Pacher, multi-user DM CV-QKD, Figs. 3-8a), computed with
/// <see cref="LossOnlyMultiUserKeyRate"/> (loss-only, exact) and <see cref="NoisyMultiUserKeyRate"/> (noisy, analytical
/// bound standing in for the paper's SDP). Each row is optimised over alpha.
/// </summary>
public static class Seed001Curves
{
    /// <summary>beta = 0.95 (our choice; the value was lost in the extracted text).</summary>
    public const double Beta = LossOnlyMultiUserKeyRate.DefaultReconciliationEfficiency;

    /// <summary>Excess noise of Figs. 6/7 (our choice, SNU at the channel input; the paper's value was lost).</summary>
    public const double ExcessNoiseSnu = 0.01;

    /// <summary>Fig. 7 distance: 10 km (urban / campus value named in the paper's conclusion).</summary>
    public const double Fig7DistanceKm = 10.0;

    /// <summary>Fig. 8a distance (our choice).</summary>
    public const double Fig8DistanceKm = 20.0;

    public static double[] Distances(bool full, double max = 100.0) =>
        Enumerable.Range(0, (int)(max / (full ? 0.5 : 2.5)) + 1).Select(i => i * (full ? 0.5 : 2.5)).ToArray(); // both grids hold the tabulated 2.5 km

    private static double T(double km) => Gg02KeyRate.TransmittanceOfFibre(km);

    private static TrustScenario Scenario(int n, int nT) =>
        TrustScenario.Create(n, nT, nT == 1 ? TrustKind.OnlyKeyBob : nT == n ? TrustKind.All : TrustKind.Partial);

    private static ResultTable LossOnlyTable(string name) => new(name, "scenario", "bobs", "trusted", "distanceKm", "alpha", "aliceBobBits", "eveHolevoBits", "otherBobBits", "keyRateBits");

    private static void AddLossOnly(ResultTable t, string label, TrustScenario s, double km)
    {
        var r = LossOnlyMultiUserKeyRate.Optimal(T(km), s, Beta);
        t.Add(label, s.BobCount, s.TrustedCount, km, r.Alpha, r.AliceBobBits, r.EveHolevoBits, r.OtherBobBits, r.KeyRateBits);
    }

    /// <summary>Fig. 3a (scenario a) and 3b (scenario c), N = 1, 2, 4, ..., 64.</summary>
    public static ResultTable Fig3(ExperimentContext ctx)
    {
        var t = LossOnlyTable("fig3");
        foreach (int n in new[] { 1, 2, 4, 8, 16, 32, 64 })
            foreach (double km in Distances(ctx.Full))
            {
                ctx.Cancel.ThrowIfCancellationRequested();
                AddLossOnly(t, "a", TrustScenario.OnlyKeyBob(n), km);
                AddLossOnly(t, "c", TrustScenario.All(n), km);
            }
        return t;
    }

    /// <summary>Fig. 4: N = 8, N_T = 1..8.</summary>
    public static ResultTable Fig4(ExperimentContext ctx)
    {
        var t = LossOnlyTable("fig4");
        for (int nT = 1; nT <= 8; nT++)
            foreach (double km in Distances(ctx.Full))
                AddLossOnly(t, "b", Scenario(8, nT), km);
        return t;
    }

    /// <summary>Fig. 5: scenario d vs c per Bob, N = 2, 4, 8.</summary>
    public static ResultTable Fig5(ExperimentContext ctx)
    {
        var t = LossOnlyTable("fig5");
        foreach (int n in new[] { 2, 4, 8 })
            foreach (double km in Distances(ctx.Full, 50))
            {
                AddLossOnly(t, "c", TrustScenario.All(n), km);
                AddLossOnly(t, "d", TrustScenario.AllCurious(n), km);
            }
        return t;
    }

    private static ResultTable NoisyTable(string name) => new(name, "bobs", "distanceKm", "excessNoiseSnu", "alpha", "aliceBobBits", "holevoBoundBits", "nonGaussianity", "keyRateBits", "lossOnlyAlpha", "lossOnlyKeyRateBits");

    private static void AddNoisy(ResultTable t, int n, double km, double xi)
    {
        var s = TrustScenario.OnlyKeyBob(n);
        var (alpha, r) = NoisyMultiUserKeyRate.Optimal(T(km), s, xi, Beta);
        var lo = LossOnlyMultiUserKeyRate.Optimal(T(km), s, Beta);
        t.Add(n, km, xi, alpha, r.AliceBobBits, r.HolevoBoundBits, r.NonGaussianity, r.KeyRateBits, lo.Alpha, lo.KeyRateBits);
    }

    /// <summary>Fig. 6: noisy (xi = 0.01, continuous-outcome key) vs loss-only, N_T = 1, N = 2 and 8.</summary>
    public static ResultTable Fig6(ExperimentContext ctx)
    {
        var t = NoisyTable("fig6");
        foreach (int n in new[] { 2, 8 })
            foreach (double km in Distances(ctx.Full, 60))
            {
                ctx.Cancel.ThrowIfCancellationRequested();
                AddNoisy(t, n, km, ExcessNoiseSnu);
            }
        return t;
    }

    /// <summary>Fig. 7: key rate vs N = 1..64 at 10 km, loss-only and xi = 0.01, N_T = 1.</summary>
    public static ResultTable Fig7(ExperimentContext ctx)
    {
        var t = NoisyTable("fig7");
        for (int n = 1; n <= 64; n++) AddNoisy(t, n, Fig7DistanceKm, ExcessNoiseSnu);
        return t;
    }

    /// <summary>Fig. 8a: noisy bound as xi -&gt; 0 at 20 km, N = 1: quadrant key (alpha fixed at the loss-only optimum, and re-optimised) and continuous-outcome key (optimised).</summary>
    public static ResultTable Fig8a(ExperimentContext ctx)
    {
        var t = new ResultTable("fig8a", "excessNoiseSnu", "alphaFixed", "boundAtFixedAlphaBits", "alphaOptimised", "boundOptimisedBits",
            "alphaSoftOptimised", "boundSoftOptimisedBits", "lossOnlyOptimisedBits");
        const MutualInformationModel quadrant = MutualInformationModel.QuadrantKeyMap;
        var s = TrustScenario.OnlyKeyBob(1);
        double tr = T(Fig8DistanceKm);
        var lo = LossOnlyMultiUserKeyRate.Optimal(tr, s, Beta);
        foreach (double xi in new[] { 1e-1, 5e-2, 2e-2, 1e-2, 5e-3, 2e-3, 1e-3, 1e-4, 1e-5, 1e-6, 0.0 })
        {
            var fixedA = NoisyMultiUserKeyRate.Compute(lo.Alpha, tr, s, xi, Beta, quadrant);
            var (a, opt) = NoisyMultiUserKeyRate.Optimal(tr, s, xi, Beta, quadrant);
            var (aSoft, soft) = NoisyMultiUserKeyRate.Optimal(tr, s, xi, Beta);
            t.Add(xi, lo.Alpha, fixedA.KeyRateBits, a, opt.KeyRateBits, aSoft, soft.KeyRateBits, lo.KeyRateBits);
        }
        return t;
    }

    /// <summary>
    /// Fig. 8a, xi = 0: where the explicit bound loses against the exact loss-only rate, at 20 km, N = 1, for the loss-only
    /// optimum alpha, the quadrant-form bound's optimum and the continuous-form bound's optimum. The quadrant-form gap
    /// chi_G - chi(Z:E) splits into Gaussian extremality chi_G - chi(Y:E) and the key map chi(Y:E) - chi(Z:E), all computed exactly
    /// (<see cref="HolevoOfContinuousOutcome"/>, <see cref="HolevoOfQuadrantKey"/>).
    /// </summary>
    public static ResultTable Fig8aGap(ResultTable fig8a)
    {
        var t = new ResultTable("fig8a_gap", "alphaChoice", "alpha", "chiGaussianBits", "chiContinuousBits", "chiQuadrantBits",
            "iContinuousBits", "iQuadrantBits", "boundContinuousBits", "boundQuadrantBits", "exactContinuousBits", "exactQuadrantBits");
        double tr = T(Fig8DistanceKm);
        int last = fig8a.RowCount - 1;
        double A(string col) => Convert.ToDouble(fig8a.Column(col)[last]);
        foreach (var (choice, alpha) in new[] { ("loss-only optimum", A("alphaFixed")), ("quadrant-form bound optimum", A("alphaOptimised")), ("continuous-form bound optimum", A("alphaSoftOptimised")) })
        {
            var q = Constellation.Qpsk(alpha);
            var bound = DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(q, tr, 0.0, Beta));
            double chiY = HolevoOfContinuousOutcome.Bits(q, tr, 1 - tr), chiZ = HolevoOfQuadrantKey.Bits(q, tr, 1 - tr);
            double iy = bound.AliceBobBits, iz = QuadrantStatistics.AliceBobBits(q, tr);
            t.Add(choice, alpha, bound.HolevoBoundBits, chiY, chiZ, iy, iz, Beta * iy - bound.HolevoBoundBits, Beta * iz - bound.HolevoBoundBits,
                Beta * iy - chiY, Beta * iz - chiZ);
        }
        return t;
    }
}

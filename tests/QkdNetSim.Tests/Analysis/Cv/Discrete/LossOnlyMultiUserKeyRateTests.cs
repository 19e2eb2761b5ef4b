using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using Xunit;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete;

public class LossOnlyMultiUserKeyRateTests
{
    private static double T(double km) => Gg02KeyRate.TransmittanceOfFibre(km);

    /// <summary>
    /// Gram-matrix Holevo equals the Holevo from explicit Fock-space density matrices (dimension 40 for |alpha|^2 &lt;= 0.36:
    /// the Poisson tail beyond n = 40 is below 1e-40, so agreement to 1e-10 is round-off only).
    /// </summary>
    [Fact]
    public void GramHolevoEqualsFockDensityMatrixHolevo()
    {
        var c = Constellation.Qpsk(0.6);
        double tB = 0.3, tE = 0.7;
        var joint = QuadrantStatistics.Joint(c, tB, QuadrantStatistics.OutcomeSigma(tB));
        const int dim = 40;
        var kets = Enumerable.Range(0, 4).Select(k => Vector<Complex>.Build.DenseOfArray(
            CoherentStateEnsemble.FockAmplitudes(c.Point(k) * Math.Sqrt(tE), dim))).ToArray();
        double Entropy(double[] w)
        {
            var rho = Matrix<Complex>.Build.Dense(dim, dim);
            for (int k = 0; k < 4; k++) rho += w[k] * kets[k].OuterProduct(kets[k].Conjugate());
            return CoherentStateEnsemble.ShannonOfEigenvalues(rho.Evd(Symmetricity.Hermitian).EigenValues.Select(e => e.Real));
        }
        double chi = Entropy(new[] { 0.25, 0.25, 0.25, 0.25 });
        for (int z = 0; z < 4; z++)
        {
            double pz = Enumerable.Range(0, 4).Sum(k => joint[k, z]);
            chi -= pz * Entropy(Enumerable.Range(0, 4).Select(k => joint[k, z] / pz).ToArray());
        }
        Assert.Equal(chi, HolevoOfQuadrantKey.Bits(c, tB, tE), 10);
    }

    /// <summary>Single-user QPSK (N = 1): the quadrant I(A:Z) is 2 (1 - h(e)), e = P(sign error); key rate positive and decreasing in distance.</summary>
    [Fact]
    public void SingleUserBehaviour()
    {
        double alpha = 0.8, t = T(20);
        var r = LossOnlyMultiUserKeyRate.Compute(alpha, t, TrustScenario.OnlyKeyBob(1));
        double e = 1 - QuadrantStatistics.PositiveProbability(Math.Sqrt(t / 2) * alpha, Math.Sqrt(0.5));
        double h = -e * Math.Log2(e) - (1 - e) * Math.Log2(1 - e);
        Assert.Equal(2 * (1 - h), r.AliceBobBits, 12);
        double previous = double.PositiveInfinity;
        foreach (double km in new[] { 5.0, 10, 20, 40, 60, 80, 100 })
        {
            double k = LossOnlyMultiUserKeyRate.Optimal(T(km), TrustScenario.OnlyKeyBob(1)).KeyRateBits;
            Assert.True(k > 0 && k < previous, $"{km} km: {k}");
            previous = k;
        }
    }

    /// <summary>
    /// The Sec. IV.2 reduction (Eve's modes combined into one coherent state of transmittance 1 - N_T T/N) equals Eve's explicit
    /// multi-mode state for N &lt;= 3: each untrusted Bob's output and fibre loss, each trusted Bob's fibre loss, as separate modes
    /// (overlaps from truncated Fock vectors, dimension 30 for |amplitude|^2 &lt;= 1.21, tail below 1e-25).
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    public void ReductionEqualsExplicitMultiModeEve(int n, int nT)
    {
        double alpha = 1.1, t = T(15);
        var c = Constellation.Qpsk(alpha);
        var eveModeTransmittances = new List<double>();
        for (int j = 0; j < n; j++)
        {
            eveModeTransmittances.Add((1 - t) / n);                 // fibre loss of Bob j
            if (j >= nT) eveModeTransmittances.Add(t / n);          // untrusted Bob j's output
        }
        const int dim = 30;
        var modes = Enumerable.Range(0, 4).Select(k => eveModeTransmittances
            .Select(tm => CoherentStateEnsemble.FockAmplitudes(c.Point(k) * Math.Sqrt(tm), dim)).ToArray()).ToArray();
        Complex Overlap(int k, int l)
        {
            Complex o = Complex.One;
            for (int m = 0; m < eveModeTransmittances.Count; m++)
            {
                Complex s = Complex.Zero;
                for (int q = 0; q < dim; q++) s += Complex.Conjugate(modes[k][m][q]) * modes[l][m][q];
                o *= s;
            }
            return o;
        }
        var scenario = TrustScenario.Create(n, nT, nT == 1 ? TrustKind.OnlyKeyBob : nT == n ? TrustKind.All : TrustKind.Partial);
        double tB = scenario.KeyBobTransmittance(t);
        var joint = QuadrantStatistics.Joint(c, tB, QuadrantStatistics.OutcomeSigma(tB));
        double explicitChi = HolevoOfQuadrantKey.Bits(joint, Overlap);
        double reduced = LossOnlyMultiUserKeyRate.Compute(alpha, t, scenario).EveHolevoBits;
        Assert.Equal(explicitChi, reduced, 9);
        Assert.Equal(1 - nT * t / n, scenario.EveTransmittance(t), 14);
    }

    /// <summary>Trusting more Bobs never lowers the (optimised) key rate (N = 8, N_T = 1..8).</summary>
    [Fact]
    public void TrustingMoreBobsNeverLowersKeyRate()
    {
        foreach (double km in new[] { 0.0, 5, 15, 30 })
        {
            double previous = double.NegativeInfinity;
            for (int nT = 1; nT <= 8; nT++)
            {
                var s = TrustScenario.Create(8, nT, nT == 1 ? TrustKind.OnlyKeyBob : nT == 8 ? TrustKind.All : TrustKind.Partial);
                double k = LossOnlyMultiUserKeyRate.Optimal(T(km), s).KeyRateBits;
                Assert.True(k >= previous - 1e-12, $"{km} km N_T = {nT}: {k} < {previous}"); // 1e-12: optimiser round-off
                previous = k;
            }
        }
    }

    /// <summary>Scenario d (private from the other Bobs) never beats scenario c at the same alpha or optimised.</summary>
    [Fact]
    public void ScenarioDNeverExceedsScenarioC()
    {
        foreach (int n in new[] { 2, 4, 8 })
            foreach (double km in new[] { 0.0, 2, 10, 25 })
            {
                var c = LossOnlyMultiUserKeyRate.Optimal(T(km), TrustScenario.All(n));
                var d = LossOnlyMultiUserKeyRate.Optimal(T(km), TrustScenario.AllCurious(n));
                Assert.True(d.KeyRateBits <= c.KeyRateBits + 1e-12);
                Assert.True(LossOnlyMultiUserKeyRate.Compute(0.9, T(km), TrustScenario.AllCurious(n)).KeyRateBits
                            <= LossOnlyMultiUserKeyRate.Compute(0.9, T(km), TrustScenario.All(n)).KeyRateBits + 1e-15);
            }
    }

    /// <summary>Bob-Bob information: zero-signal limit 0, and never above I(A:Z_i) (data processing through Alice's symbol).</summary>
    [Fact]
    public void BobBobInformationBounded()
    {
        double s = Math.Sqrt(0.5);
        foreach (double t in new[] { 0.05, 0.3, 1.0 })
        {
            double ib = QuadrantStatistics.QpskBobBobBits(1.0, t, t, s, s);
            double iab = QuadrantStatistics.AliceBobBits(Constellation.Qpsk(1.0), t);
            Assert.InRange(ib, 0, iab + 1e-9); // 1e-9: Simpson quadrature error
        }
        Assert.True(QuadrantStatistics.QpskBobBobBits(1e-4, 0.5, 0.5, s, s) < 1e-8);
    }
}

using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Core;
using static QkdNetSim.Tests.Analysis.Cv.CvTestAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

public class Gg02KeyRateTests
{
    private static Gg02Result Run(double vm, double t, double xi, double eta, double vel, double beta)
        => Gg02KeyRate.Compute(new Gg02Input(vm, t, xi, TrustedDetector.Heterodyne(eta, vel), beta));

    /// <summary>
    /// Published closed form of the heterodyne trusted-noise Holevo bound (Lodewyck et al. PRA 76, 042305 (2007) for the
    /// structure, heterodyne version Fossier et al. J. Phys. B 42, 114014 (2009); also Laudenbach et al. 2018):
    /// A = V^2(1-2T) + 2T + T^2(V+chi_line)^2, B = T^2(V chi_line + 1)^2, lambda_1,2^2 = (A +- sqrt(A^2-4B))/2;
    /// C = [A chi_het^2 + B + 1 + 2 chi_het(V sqrt(B) + T(V + chi_line)) + 2T(V^2-1)] / (T(V+chi_tot))^2,
    /// D = [(V + sqrt(B) chi_het)/(T(V+chi_tot))]^2, lambda_3,4^2 = (C +- sqrt(C^2-4D))/2, lambda_5 = 1.
    /// Written out here from the papers' algebra, not from the library's matrices.
    /// </summary>
    private static double LiteratureHolevo(double vm, double t, double xi, double eta, double vel)
    {
        double v = vm + 1, chiLine = 1 / t - 1 + xi, chiHet = (2 - eta + 2 * vel) / eta, chiTot = chiLine + chiHet / t;
        double a = v * v * (1 - 2 * t) + 2 * t + t * t * (v + chiLine) * (v + chiLine);
        double b = t * t * (v * chiLine + 1) * (v * chiLine + 1);
        double den = t * (v + chiTot);
        double c = (a * chiHet * chiHet + b + 1 + 2 * chiHet * (v * Math.Sqrt(b) + t * (v + chiLine)) + 2 * t * (v * v - 1)) / (den * den);
        double d = Math.Pow((v + Math.Sqrt(b) * chiHet) / den, 2);
        double Lam(double s, double p, int sign) => Math.Sqrt(0.5 * (s + sign * Math.Sqrt(Math.Max(0, s * s - 4 * p))));
        return G(Lam(a, b, 1)) + G(Lam(a, b, -1)) - G(Lam(c, d, 1)) - G(Lam(c, d, -1));
    }

    /// <summary>
    /// Independent route through Eve's own modes (entangling cloner, Grosshans et al. QIC 3, 535 (2003); Laudenbach 2018):
    /// A-B0 EPR(V) and Eve's E1-E2 EPR(W), W = 1 + T xi/(1-T); B0 and E1 meet on a beam splitter T -> Bob's B and Eve's E3.
    /// chi_BE = S(E2 E3) - S(E2 E3 | b), where b is Bob's heterodyne outcome including the trusted noise, treated as
    /// classical Gaussian noise of input-referred covariance chi_het I: gamma_E|b = gamma_E - C (gamma_B + chi_het I)^-1 C^T.
    /// Independent of the library path because it (i) never uses the purification identity S(E) = S(AB), (ii) models the
    /// detector as additive noise instead of a beam splitter with an EPR ancilla, (iii) uses the test-side two-mode
    /// closed-form spectrum. It needs T &lt; 1.
    /// </summary>
    private static double EntanglingClonerHolevo(double vm, double t, double xi, double eta, double vel)
    {
        double v = vm + 1, w = 1 + t * xi / (1 - t), chiHet = (2 - eta + 2 * vel) / eta;
        var gamma = Matrix<double>.Build.Dense(8, 8);
        void Epr(int i, int j, double var)
        {
            double c = Math.Sqrt(var * var - 1);
            gamma[2 * i, 2 * i] = gamma[2 * i + 1, 2 * i + 1] = gamma[2 * j, 2 * j] = gamma[2 * j + 1, 2 * j + 1] = var;
            gamma[2 * i, 2 * j] = gamma[2 * j, 2 * i] = c;
            gamma[2 * i + 1, 2 * j + 1] = gamma[2 * j + 1, 2 * i + 1] = -c;
        }
        Epr(0, 1, v);  // A, B0
        Epr(2, 3, w);  // E1, E2
        var s = Mix(4, 1, 2, t);            // B0, E1 -> B, E3
        var g = s * gamma * s.Transpose();   // modes A, B, E3, E2
        int[] e = { 4, 5, 6, 7 }, b = { 2, 3 };
        var gE = Matrix<double>.Build.Dense(4, 4, (i, j) => g[e[i], e[j]]);
        var gB = Matrix<double>.Build.Dense(2, 2, (i, j) => g[b[i], b[j]]);
        var cEb = Matrix<double>.Build.Dense(4, 2, (i, j) => g[e[i], b[j]]);
        var gEgivenB = gE - cEb * (gB + chiHet * Identity(2)).Inverse() * cEb.Transpose();
        var (e1, e2) = TwoModeNu(gE);
        var (c1, c2) = TwoModeNu(gEgivenB);
        return G(e1) + G(e2) - G(c1) - G(c2);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]
    [InlineData(1000.0)]
    public void PerfectLinkLeavesEveNothing(double vm)
    {
        var r = Run(vm, 1, 0, 1, 0, 1);
        Assert.Equal(0.0, r.HolevoBoundBits, 6);
        Assert.Equal(Math.Log2((vm + 2) / 2), r.MutualInformationBits, 12);
        Assert.True(r.KeyRateBits > 0);
        Assert.Equal(r.MutualInformationBits, r.KeyRateBits, 5);
    }

    [Theory]
    [InlineData(10.0, 0.5, 0.01, 0.6, 0.05)]
    [InlineData(18.5, 0.302, 0.005, 0.606, 0.041)]   // Lodewyck et al. 2007 settings (25 km), heterodyne variant
    [InlineData(4.0, 0.1, 0.02, 0.7, 0.01)]
    [InlineData(2.5, 0.01, 0.0, 1.0, 0.0)]
    [InlineData(50.0, 0.9, 0.1, 1.0, 0.2)]            // eta = 1 with v_el > 0 (equivalent-loss model)
    public void HolevoBoundMatchesPublishedClosedForm(double vm, double t, double xi, double eta, double vel)
    {
        var r = Run(vm, t, xi, eta, vel, 1);
        Assert.Equal(LiteratureHolevo(vm, t, xi, eta, vel), r.HolevoBoundBits, 8);
        Assert.Equal(1.0, r.ConditionalSymplecticEigenvalues[0], 6); // lambda_5 = 1
    }

    [Theory]
    [InlineData(10.0, 0.5, 0.01, 0.6, 0.05)]
    [InlineData(18.5, 0.302, 0.005, 0.606, 0.041)]
    [InlineData(4.0, 0.1, 0.05, 0.7, 0.01)]
    [InlineData(50.0, 0.9, 0.1, 1.0, 0.2)]
    public void HolevoBoundMatchesEntanglingClonerFromEvesSide(double vm, double t, double xi, double eta, double vel)
    {
        Assert.Equal(EntanglingClonerHolevo(vm, t, xi, eta, vel), Run(vm, t, xi, eta, vel, 1).HolevoBoundBits, 7);
    }

    [Fact]
    public void HolevoBoundDependsOnDetectorOnlyThroughChiHet()
    {
        // eta = 0.5, v_el = 0.25 and eta = 0.6, v_el = 0.5 both give chi_het = 4.
        var a = Run(10, 0.3, 0.02, 0.5, 0.25, 1);
        var b = Run(10, 0.3, 0.02, 0.6, 0.5, 1);
        Assert.Equal(4.0, TrustedDetector.Heterodyne(0.6, 0.5).InputReferredNoiseSnu, 12);
        Assert.Equal(a.HolevoBoundBits, b.HolevoBoundBits, 9);
        Assert.Equal(a.MutualInformationBits, b.MutualInformationBits, 12);
        // Continuity at eta -> 1 for the equivalent-loss branch.
        Assert.Equal(Run(10, 0.3, 0.02, 1.0, 0.1, 1).HolevoBoundBits, Run(10, 0.3, 0.02, 1 - 1e-7, 0.1, 1).HolevoBoundBits, 5);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    public void PureLossLargeModulationApproachesKnownLimit(double t)
    {
        // Pure loss, ideal heterodyne, beta = 1, V -> infinity: K -> log2(T/(e(1-T))) + g((2-T)/T) (derived from the
        // entangling-cloner expressions; cf. Pirandola et al., Adv. Opt. Photon. 12, 1012 (2020), coherent-state
        // heterodyne RR rate over the pure-loss channel).
        double limit = Math.Log2(t / (Math.E * (1 - t))) + G((2 - t) / t);
        Assert.Equal(limit, Run(1e5, t, 0, 1, 0, 1).KeyRateBits, 3);
    }

    [Fact]
    public void KeyRateDecreasesMonotonicallyWithDistance()
    {
        double previous = double.PositiveInfinity;
        for (int km = 0; km <= 100; km += 5)
        {
            double k = Run(10, Gg02KeyRate.TransmittanceOfFibre(km), 0.01, 0.6, 0.05, 0.95).KeyRateBits;
            Assert.True(k < previous, $"K({km} km) = {k} not below {previous}");
            previous = k;
        }
        Assert.True(Run(10, Gg02KeyRate.TransmittanceOfFibre(20), 0.01, 0.6, 0.05, 0.95).KeyRateBits > 0);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    [InlineData(20.0)]
    [InlineData(100.0)]
    public void LargeExcessNoiseAtFiftyKilometresGivesNoKey(double vm)
    {
        var r = Run(vm, Gg02KeyRate.TransmittanceOfFibre(50), 0.2, 0.6, 0.05, 0.95);
        Assert.True(r.KeyRateBits < 0, $"K = {r.KeyRateBits}");
        Assert.Equal(0.0, r.SecretKeyRateBits);
    }

    [Fact]
    public void EntropiesAreConsistent()
    {
        var r = Run(10, 0.5, 0.01, 0.6, 0.05, 0.9);
        Assert.Equal(r.EveEntropyBits - r.EveConditionalEntropyBits, r.HolevoBoundBits, 12);
        Assert.Equal(0.9 * r.MutualInformationBits - r.HolevoBoundBits, r.KeyRateBits, 12);
        Assert.Equal(2, r.AbSymplecticEigenvalues.Count);
        Assert.Equal(3, r.ConditionalSymplecticEigenvalues.Count);
    }

    [Theory]
    [InlineData(0.0, 0.5, 0.0, 1.0, "modulation_variance", "modulation variance must be > 0")]
    [InlineData(-1.0, 0.5, 0.0, 1.0, "modulation_variance", "modulation variance must be > 0")]
    [InlineData(5.0, 0.0, 0.0, 1.0, "transmittance", "(0, 1]")]
    [InlineData(5.0, 1.5, 0.0, 1.0, "transmittance", "(0, 1]")]
    [InlineData(5.0, 0.5, -0.1, 1.0, "excess_noise", ">= 0")]
    [InlineData(5.0, 0.5, 0.0, 0.0, "reconciliation_efficiency", "(0, 1]")]
    [InlineData(5.0, 0.5, 0.0, 1.1, "reconciliation_efficiency", "(0, 1]")]
    public void Bad_inputs_are_rejected_naming_field_and_rule(double vm, double t, double xi, double beta, string field, string rule)
    {
        var e = Assert.Throws<AnalysisInputException>(() =>
            Gg02KeyRate.Compute(new Gg02Input(vm, t, xi, TrustedDetector.Heterodyne(0.6, 0.05), beta)));
        Assert.Equal(field, e.Field);
        Assert.Contains(rule, e.Rule);
    }

    [Fact]
    public void HomodyneDetectorIsRejected()
    {
        Assert.Equal("detector", Assert.Throws<AnalysisInputException>(() =>
            Gg02KeyRate.Compute(new Gg02Input(5, 0.5, 0, TrustedDetector.Homodyne(0.6, 0.05), 0.9))).Field);
    }
}

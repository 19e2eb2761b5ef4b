using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis;

/// <summary>
/// Independent check of the finite-key decoy BB84 analysis: every expected number below was computed once, outside this code
/// base, by a separate 40-digit (mpmath) implementation written from the equations of Lim, Curty, Walenta, Xu, Zbinden,
/// PRA 89, 022307 (2014): Eqs. (2)-(4) for s_0, s_1, v_1 with per-count Chernoff bounds (Mitzenmacher-Upfal exact inversion,
/// b = ln(1/eps); or Yan et al. Eq. (2), b = ln(2/eps)), the signal-state bound on v_1 with the Hoeffding vacuum-error bound,
/// Eq. (5) for phi, and Eq. (1) for the block length, with the documented security budget:
/// <code>
///   per key block eps_sec' = eps_sec / 2, eps_cor' = eps_cor / 2   (two blocks, union bound)
///   each of the 23 count bounds gets eps_sec' / 23                 (= 1e-10 / 46 = 2.1739130434782609e-12)
///   overhead = 6 log2(23 / eps_sec') + log2(2 / eps_cor')          (= 267.67633837845744 bits at 1e-10, 1e-10)
///   gamma(a, b, c, d) = sqrt((c+d)(1-b) b / (c d ln 2) log2((c+d) / (c d (1-b) b) 23^2 / a^2)),  a = eps_sec'
///   l = floor(s_0 + s_1 (1 - h(phi)) - f_EC n h(E) - overhead)
/// </code>
/// The script (about 80 lines of python3 + mpmath) is summarised in the comments of each case. A wrong eps split (e.g.
/// eps_sec instead of eps_sec/2 per block, 21 instead of 23 terms) moves the overhead by >= 1 bit and the bounds by ~1e-7
/// relative, far beyond the 1e-9 relative tolerance, which only absorbs double rounding (~1e-13 here).
/// </summary>
public class DecoyBb84HandComputedTests
{
    private const double Rel = 1e-9; // deterministic double arithmetic vs a 40-digit reference: rounding is ~1e-13 relative

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Rel * Math.Abs(expected), $"{what}: {actual:R} vs hand-computed {expected:R}");

    /// <summary>Hand case: explicit counts, the two bases differ, 20-minute session, f_EC = 1.1, eps_sec = eps_cor = 1e-10.</summary>
    private static DecoyBb84Input HandCase(ChernoffForm form) => new()
    {
        MeanPhotons = [0.5, 0.1, 0.0002],
        IntensityProbabilities = [0.9883, 0.0078, 0.0039],
        SiftedCounts = [[46_000_000, 65_000, 2_400], [45_500_000, 64_000, 2_350]],
        ErrorCounts = [[690_000, 1_700, 1_150], [700_000, 1_750, 1_160]],
        SessionTimeS = 1200,
        Chernoff = form,
    };

    // Per block b: s_{b,0}, s_{b,1}, v_{b',1}, phi_b, lambda_EC, overhead, l_b (floored). Python: analyze(mu, p, n, m, 1200, form=...).
    public static TheoryData<ChernoffForm, double[], double[], double> Cases => new()
    {
        {
            ChernoffForm.ExactInversion,
            [310610.35459655124, 19499940.926216413, 176198.25983211498, 0.0094892312485476709, 5705990.8429269896, 267.67633837845744, 12595236],
            [303532.68606941548, 19150046.22619432, 159886.98843497924, 0.0084720187588750514, 5760343.4574536994, 267.67633837845744, 12343192],
            20782.023333333333
        },
        {
            ChernoffForm.YanEq2,
            [313662.67641179592, 19443007.517600796, 188377.17979951297, 0.010164908212999543, 5705990.8429269896, 267.67633837845744, 12458332],
            [306587.0134408853, 19093069.091211107, 172191.4218947285, 0.009139664604581602, 5760343.4574536994, 267.67633837845744, 12206413],
            20553.954166666667
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FiniteKeyBlocksMatchAnIndependentComputationOfLimEqs1To5(ChernoffForm form, double[] block0, double[] block1, double rateBitPerS)
    {
        var r = DecoyBb84Analysis.Analyze(HandCase(form));
        Close(2.1739130434782609e-12, r.ChernoffFailurePerBound, "eps per bound"); // eps_sec / 2 blocks / 23 bounds
        foreach (var (blk, expected) in new[] { (r.Finite[0], block0), (r.Finite[1], block1) })
        {
            string b = $"{form} block {blk.Basis}";
            Close(expected[0], blk.S0LowerBits, b + " s0");
            Close(expected[1], blk.S1LowerBits, b + " s1");
            Close(expected[2], blk.V1UpperOtherBasisBits, b + " v1 (other basis)");
            Close(expected[3], blk.PhaseErrorUpper, b + " phi");
            Close(expected[4], blk.LeakEcBits, b + " leak");
            Close(expected[5], blk.SecurityOverheadBits, b + " overhead");
            Assert.Equal(expected[6], blk.BlockLengthBits); // fractional parts 0.08-0.66: far from a floor boundary
        }
        Close(rateBitPerS, r.FiniteKeyRateBitPerS, $"{form} finite key rate");
    }

    [Theory]
    // Python: sqrt((c+d)*(1-b)*b/(c*d*ln 2) * log2((c+d)/(c*d*(1-b)*b) * terms^2/a^2)), 40 digits.
    [InlineData(5e-11, 0.02, 1e6, 2e6, 23, 0.0016451761044617241)]
    [InlineData(1e-10, 0.011, 3.2e7, 3.1e7, 21, 0.00024010386897698963)]
    [InlineData(1e-3, 0.3, 50, 80, 21, 0.50620722587170169)]
    public void Phase_error_gamma_matches_Lim_Eq_5_computed_by_hand(double a, double b, double c, double d, int terms, double expected)
    {
        Close(expected, PhaseErrorBound.Gamma(a, b, c, d, terms), $"gamma({a}, {b}, {c}, {d}; {terms})");
    }

    [Fact]
    public void PhaseErrorUpperBoundIsTheObservedRatePlusGamma()
    {
        // phi = v/s + gamma(eps, v/s, s, s_key): 2e4 / 1e6 + 0.0016451761044617241 (first gamma case above).
        Close(0.021645176104461724, PhaseErrorBound.Upper(5e-11, 2e4, 1e6, 2e6, 23), "phi");
        // No observed errors: gamma at the floored rate 1/s_test = 1e-6 (python: gamma(5e-11, 1e-6, 1e6, 2e6, 23)).
        Close(1.2998001381321729e-5, PhaseErrorBound.Upper(5e-11, 0, 1e6, 2e6, 23), "phi at zero errors");
        Assert.Equal(0.5, PhaseErrorBound.Upper(5e-11, 10, 0.5, 2e6, 23)); // fewer than one single-photon event: no bound
    }
}

using QkdNetSim.Analysis;
using QkdNetSim.Core;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Analysis;

public class DecoyBb84AnalysisTests(ITestOutputHelper output)
{
    [Fact]
    public void FroehlichLikeSessionGivesPlausibleKeyRate()
    {
        var r = DecoyBb84Analysis.Analyze(FroehlichLikeCounts.Build());
        output.WriteLine($"finite {r.FiniteKeyRateBitPerS:F0} bit/s, asymptotic {r.AsymptoticKeyRateBitPerS:F0} bit/s");
        foreach (var blk in r.Finite.Concat(r.Asymptotic)) output.WriteLine(blk.ToString());
        output.WriteLine($"e1 finite {r.SinglePhotonErrorRateFinite[0]:G6}, asymptotic {r.SinglePhotonErrorRateAsymptotic[0]:G6}");
        output.WriteLine($"Y0L {r.Y0Lower![0]:G6}, Y1L {r.Y1Lower![0]:G6}, Q {string.Join(", ", r.GainsPerBasisIntensity![0].Select(q => q.ToString("G6")))}");

        // Deterministic (no sampling): the independent 40-digit implementation of Lim et al. Eqs. (1)-(5) described in
        // DecoyBb84HandComputedTests, fed with these counts (python: counts rounded like FroehlichLikeCounts, Yan Eq. (2) form),
        // gives blocks of 27,268,473 bits each, 54,536,946 bits in 1200 s = 45,447.455 bit/s. 1e-9 relative: double rounding only.
        Assert.Equal([74682361L, 128271L, 6550L], FroehlichLikeCounts.Build().SiftedCounts[0]); // the counts the reference was computed for
        Assert.Equal([1180606L, 7012L, 3218L], FroehlichLikeCounts.Build().ErrorCounts[0]);
        Assert.True(Math.Abs(r.FiniteKeyRateBitPerS / 45447.455 - 1) < 1e-9, $"finite rate {r.FiniteKeyRateBitPerS:R} vs 45447.455 bit/s");
        Assert.Equal(27268473.0, r.Finite[0].BlockLengthBits);
        // Asymptotic a bit higher (within 25 %).
        Assert.True(r.AsymptoticKeyRateBitPerS > r.FiniteKeyRateBitPerS);
        Assert.True(r.AsymptoticKeyRateBitPerS < 1.25 * r.FiniteKeyRateBitPerS);
        // symmetric input: both blocks equal
        Assert.Equal(r.Finite[0].BlockLengthBits, r.Finite[1].BlockLengthBits);
        // QBER ~ 1.5 % on the signal, e1 ~ 1 % asymptotically, Y1 ~ eta + Y0
        Assert.InRange(r.QberPerBasisIntensity[0][0], 0.014, 0.017);
        Assert.InRange(r.SinglePhotonErrorRateAsymptotic[0], 0.009, 0.013);
        Assert.InRange(r.Y1Lower[0], 0.9 * FroehlichLikeCounts.EtaSystem, 1.05 * (FroehlichLikeCounts.EtaSystem + FroehlichLikeCounts.Y0));
        Assert.InRange(r.Y0Lower[0], 0.8 * FroehlichLikeCounts.Y0, 1.0 * FroehlichLikeCounts.Y0);
        // finite bounds are on the safe side of the asymptotic ones
        Assert.True(r.Finite[0].S1LowerBits < r.Asymptotic[0].S1LowerBits);
        Assert.True(r.Finite[0].S0LowerBits < r.Asymptotic[0].S0LowerBits);
        Assert.True(r.Finite[0].V1UpperOtherBasisBits > r.Asymptotic[0].V1UpperOtherBasisBits);
        Assert.True(r.Finite[0].PhaseErrorUpper > r.Asymptotic[0].PhaseErrorUpper);
        // eps_sec = 1e-10 split over 2 key blocks and 23 bounds per block (Lim's 21 plus the two of the signal-state e1 bound),
        // written as the number itself so that a change of the split in the code under test fails here.
        Assert.True(Math.Abs(r.ChernoffFailurePerBound / 2.1739130434782609e-12 - 1) < 1e-12, $"eps per bound {r.ChernoffFailurePerBound:R}");
    }

    [Fact]
    public void ExactChernoffInversionChangesTheKeyByLessThanTwoPercent()
    {
        var yan = DecoyBb84Analysis.Analyze(FroehlichLikeCounts.Build());
        var exact = DecoyBb84Analysis.Analyze(FroehlichLikeCounts.Build(form: ChernoffForm.ExactInversion));
        output.WriteLine($"Yan {yan.FiniteKeyRateBitPerS:F0} bit/s, exact inversion {exact.FiniteKeyRateBitPerS:F0} bit/s");
        Assert.InRange(exact.FiniteKeyRateBitPerS / yan.FiniteKeyRateBitPerS, 0.98, 1.02);
        // Independent reference (DecoyBb84HandComputedTests' python implementation, exact inversion): 54,631,302 bits in
        // 1200 s = 45,526.085 bit/s; deterministic, so 1e-9 relative (double rounding only).
        Assert.True(Math.Abs(exact.FiniteKeyRateBitPerS / 45526.085 - 1) < 1e-9, $"exact-inversion rate {exact.FiniteKeyRateBitPerS:R} vs 45526.085 bit/s");
        Assert.Equal(yan.AsymptoticKeyRateBitPerS, exact.AsymptoticKeyRateBitPerS);
    }

    [Fact]
    public void FiniteKeyConvergesToAsymptoticWhenCountsScaleUp()
    {
        double previousRatio = 0;
        foreach (double scale in new[] { 1.0, 10.0, 100.0, 1000.0 })
        {
            var r = DecoyBb84Analysis.Analyze(FroehlichLikeCounts.Build(scale: scale));
            double ratio = r.FiniteKeyLengthBits / r.AsymptoticKeyLengthBits;
            output.WriteLine($"scale {scale}: finite/asymptotic = {ratio:F5}");
            Assert.True(ratio > previousRatio && ratio < 1.0);
            previousRatio = ratio;
        }
        Assert.True(previousRatio > 0.98, $"ratio at scale 1e3 = {previousRatio}");
    }

    [Theory]
    [InlineData(0.11)]
    [InlineData(0.15)]
    public void NoKeyAtElevenPercentQberOrMore(double opticalError)
    {
        var input = FroehlichLikeCounts.Build(opticalError);
        var r = DecoyBb84Analysis.Analyze(input);
        Assert.True(r.QberPerBasisIntensity[0][0] >= 0.11);
        Assert.Equal(0.0, r.FiniteKeyRateBitPerS);
        Assert.Equal(0.0, r.AsymptoticKeyRateBitPerS);
    }

    [Fact]
    public void SwappingBasesSwapsBlocks()
    {
        var a = FroehlichLikeCounts.Build();
        a.SiftedCounts[1][0] -= 1_000_000; // make the bases differ
        a.ErrorCounts[1][1] += 500;
        var swapped = new DecoyBb84Input
        {
            MeanPhotons = a.MeanPhotons, IntensityProbabilities = a.IntensityProbabilities,
            SiftedCounts = [a.SiftedCounts[1], a.SiftedCounts[0]], ErrorCounts = [a.ErrorCounts[1], a.ErrorCounts[0]],
            SessionTimeS = a.SessionTimeS, Chernoff = a.Chernoff,
        };
        var r1 = DecoyBb84Analysis.Analyze(a);
        var r2 = DecoyBb84Analysis.Analyze(swapped);
        Assert.Equal(r1.Finite[0].BlockLengthBits, r2.Finite[1].BlockLengthBits);
        Assert.Equal(r1.Finite[1].BlockLengthBits, r2.Finite[0].BlockLengthBits);
        Assert.NotEqual(r1.Finite[0].BlockLengthBits, r1.Finite[1].BlockLengthBits);
        Assert.Null(r2.Y1Lower);
    }

    [Fact]
    public void NoDetectionsGivesZeroKeyNotNaN()
    {
        var input = new DecoyBb84Input
        {
            MeanPhotons = [0.5, 0.1, 0.0002], IntensityProbabilities = [0.9883, 0.0078, 0.0039],
            SiftedCounts = [[0, 0, 0], [0, 0, 0]], ErrorCounts = [[0, 0, 0], [0, 0, 0]], SessionTimeS = 1,
        };
        var r = DecoyBb84Analysis.Analyze(input);
        Assert.Equal(0.0, r.FiniteKeyRateBitPerS);
        Assert.Equal(0.0, r.AsymptoticKeyRateBitPerS);
        Assert.Equal(0.5, r.Finite[0].PhaseErrorUpper);
        Assert.False(double.IsNaN(r.Finite[0].BlockLengthBits));
    }

    public static TheoryData<string, Func<DecoyBb84Input, DecoyBb84Input>> InvalidInputs => new()
    {
        { "meanPhotons: requires mu1 > mu2 + mu3", i => With(i, mu: [0.1, 0.1, 0.0002]) },
        { "meanPhotons: requires mu2 > mu3", i => With(i, mu: [0.5, 0.1, 0.1]) },
        { "meanPhotons[2]: must be finite and >= 0", i => With(i, mu: [0.5, 0.1, -0.01]) },
        { "meanPhotons: must have exactly 3 entries", i => With(i, mu: [0.5, 0.1]) },
        { "intensityProbabilities: must sum to 1 within 1e-9", i => With(i, p: [0.9883, 0.0078, 0.0040]) },
        { "intensityProbabilities[1]: must be in (0, 1]", i => With(i, p: [1.0, 0.0, 0.0]) },
        { "siftedCounts[0][1]: must be >= 0", i => With(i, n: [[1000, -1, 10], [1000, 100, 10]]) },
        { "errorCounts[1][2]: must be <= siftedCounts", i => With(i, m: [[10, 1, 1], [10, 1, 11]]) },
        { "sessionTimeS: must be finite and > 0", i => With(i, t: 0) },
        { "errorCorrectionEfficiency: must be finite and >= 1", i => With(i, fEc: 0.9) },
        { "epsSec: must be in (0, 1)", i => With(i, epsSec: 0) },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void InvalidInputThrowsAnAnalysisInputExceptionNamingFieldAndRule(string expected, Func<DecoyBb84Input, DecoyBb84Input> mutate)
    {
        var bad = mutate(new DecoyBb84Input
        {
            MeanPhotons = [0.5, 0.1, 0.0002], IntensityProbabilities = [0.9883, 0.0078, 0.0039],
            SiftedCounts = [[1000, 100, 10], [1000, 100, 10]], ErrorCounts = [[10, 1, 1], [10, 1, 1]], SessionTimeS = 1,
        });
        var e = Assert.Throws<AnalysisInputException>(() => DecoyBb84Analysis.Analyze(bad));
        Assert.StartsWith(expected, e.Message);
        Assert.Equal($"{e.Field}: {e.Rule}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Disclosed_bits_count_in_the_estimates_and_leave_the_key_at_the_worst_case_cost()
    {
        // d bits of each basis disclosed: the estimates are those of the whole sample; the block loses them from its vacuum
        // events first (s0 of this sample, ~6e4 bits, exceeds d), so it loses d key bits and saves the leak on them:
        // l' = l - d + f d h(E) when the disclosed bits have the block's error rate (E exact, the leak is linear in n).
        var full = FroehlichLikeCounts.Build();
        var r = DecoyBb84Analysis.Analyze(full);
        long n0 = full.SiftedCounts[0].Sum(), m0 = full.ErrorCounts[0].Sum(), d = 10_000, de = (long)Math.Round(d * (double)m0 / n0);
        var input = new DecoyBb84Input
        {
            MeanPhotons = full.MeanPhotons, IntensityProbabilities = full.IntensityProbabilities, SiftedCounts = full.SiftedCounts,
            ErrorCounts = full.ErrorCounts, SessionTimeS = full.SessionTimeS, Chernoff = full.Chernoff,
            DisclosedBits = [d, 0], DisclosedErrors = [de, 0],
        };
        var rd = DecoyBb84Analysis.Analyze(input);
        Assert.True(r.Finite[0].S0LowerBits > d, "this sample's vacuum bound must exceed d for the exact formula below");
        Assert.Equal(r.Finite[0].S0LowerBits - d, rd.Finite[0].S0LowerBits, 6);
        Assert.Equal(r.Finite[0].S1LowerBits, rd.Finite[0].S1LowerBits, 6);
        Assert.Equal(r.Finite[1].BlockLengthBits, rd.Finite[1].BlockLengthBits); // the other block is untouched
        double expectedLeakSaved = full.ErrorCorrectionEfficiency * (n0 * BinaryEntropy.Bits((double)m0 / n0) - (n0 - d) * BinaryEntropy.Bits((double)(m0 - de) / (n0 - d)));
        Assert.Equal(r.Finite[0].LeakEcBits - expectedLeakSaved, rd.Finite[0].LeakEcBits, 3);
        // Each disclosed bit costs 1 - f h(E) key bits (0.87 here); lengths are floored, hence the 1-bit tolerance.
        Assert.InRange(rd.Finite[0].BlockLengthBits - (r.Finite[0].BlockLengthBits - d + expectedLeakSaved), -1.0, 1.0);
        Assert.True(rd.FiniteKeyRateBitPerS < r.FiniteKeyRateBitPerS);
        // More bits than the vacuum bound: the rest comes out of the single-photon events.
        long many = (long)r.Finite[0].S0LowerBits + 5_000;
        var rm = DecoyBb84Analysis.Analyze(new DecoyBb84Input
        {
            MeanPhotons = full.MeanPhotons, IntensityProbabilities = full.IntensityProbabilities, SiftedCounts = full.SiftedCounts,
            ErrorCounts = full.ErrorCounts, SessionTimeS = full.SessionTimeS, Chernoff = full.Chernoff, DisclosedBits = [many, 0], DisclosedErrors = [0, 0],
        });
        Assert.Equal(0, rm.Finite[0].S0LowerBits);
        Assert.Equal(r.Finite[0].S1LowerBits - (many - r.Finite[0].S0LowerBits), rm.Finite[0].S1LowerBits, 3);
    }

    private static DecoyBb84Input With(DecoyBb84Input i, double[]? mu = null, double[]? p = null, long[][]? n = null,
        long[][]? m = null, double? t = null, double? fEc = null, double? epsSec = null) => new()
    {
        MeanPhotons = mu ?? i.MeanPhotons,
        IntensityProbabilities = p ?? i.IntensityProbabilities,
        SiftedCounts = n ?? i.SiftedCounts,
        ErrorCounts = m ?? i.ErrorCounts,
        SessionTimeS = t ?? i.SessionTimeS,
        ErrorCorrectionEfficiency = fEc ?? i.ErrorCorrectionEfficiency,
        EpsSec = epsSec ?? i.EpsSec,
    };
}

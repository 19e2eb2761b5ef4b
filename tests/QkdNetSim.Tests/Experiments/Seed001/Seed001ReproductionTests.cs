using QkdNetSim.Analysis.Cv;
using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed001;
using QkdNetSim.Experiments.Tables;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Experiments.Seed001;

/// <summary>
/// Quick-scale regression of `qkdnetsim reproduce seed001` (Kanitschar &amp; Pacher, multi-user DM CV-QKD): the reproduction's
/// own curve tables (quick 2.5 km grid) against the statements of the paper in experiments/seed001/expected.yaml, plus one
/// closed form. Every model here is deterministic (no sampling), so the comparisons are exact up to rounding.
/// </summary>
public class Seed001ReproductionTests(ITestOutputHelper output)
{
    private static readonly ExpectedValues Paper = ExpectedValues.Load(RepoPaths.Experiment("seed001/expected.yaml"));
    private static readonly ExperimentContext Quick = new() { OutDir = Path.GetTempPath(), Full = false };
    private static readonly Lazy<ResultTable> Fig3 = new(() => Seed001Curves.Fig3(Quick));

    private static IEnumerable<int> Rows(ResultTable t, Func<int, bool> where) => Enumerable.Range(0, t.RowCount).Where(where);

    private static double Key(ResultTable t, string scenario, int bobs, double km)
    {
        var sc = t.Column("scenario");
        var n = t.Doubles("bobs");
        var d = t.Doubles("distanceKm");
        return t.Doubles("keyRateBits")[Rows(t, i => (string)sc[i] == scenario && n[i] == bobs && Math.Abs(d[i] - km) < 1e-9).Single()];
    }

    [Fact]
    public void FibreTransmittanceUsesTheExpectedAttenuation()
    {
        double db = Paper.Number("fibre.attenuationDbPerKm");
        foreach (double km in new[] { 2.5, 10.0, 50.0 })
            Assert.Equal(Math.Pow(10, -db * km / 10), Gg02KeyRate.TransmittanceOfFibre(km), 15);
    }

    [Fact]
    public void SingleBobCurvesCoincideAndEqualTheClosedFormAtZeroDistance()
    {
        var t = Fig3.Value;
        double tol = Paper.Number("fig3.singleUserIdentityToleranceRelative");
        foreach (double km in t.Doubles("distanceKm").Distinct())
        {
            double a = Key(t, "a", 1, km), c = Key(t, "c", 1, km);
            Assert.True(Math.Abs(a - c) <= tol * Math.Abs(a), $"N = 1 at {km} km: a {a:R} vs c {c:R}");
        }
        // Closed form at 0 km, N = 1: T = 1 leaves Eve nothing (chi(Z:E) = 0), so K = beta I(A:Z) with the quadrant key of
        // heterodyne QPSK: each quadrature of y = alpha e^{i pi/4} + noise (variance 1/2) has mean alpha/sqrt2 and sd 1/sqrt2,
        // so each key bit is wrong with Q(alpha) and I(A:Z) = 2 (1 - h(Q(alpha))). beta = 0.95 (Seed001Curves.Beta).
        var sc = t.Column("scenario");
        int row = Rows(t, i => (string)sc[i] == "a" && t.Doubles("bobs")[i] == 1 && t.Doubles("distanceKm")[i] == 0).Single();
        double alpha = t.Doubles("alpha")[row];
        double q = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(alpha / Math.Sqrt(2));
        double h = -q * Math.Log2(q) - (1 - q) * Math.Log2(1 - q);
        double expected = 0.95 * 2 * (1 - h);
        output.WriteLine($"N = 1, 0 km: alpha {alpha}, K {t.Doubles("keyRateBits")[row]:R}, closed form {expected:R}");
        Assert.True(Math.Abs(t.Doubles("keyRateBits")[row] / expected - 1) < 1e-9, $"K {t.Doubles("keyRateBits")[row]:R} vs closed form {expected:R}");
    }

    [Fact]
    public void TrustingTheOtherBobsHelpsMostAtLowDistance()
    {
        var t = Fig3.Value;
        double low = Paper.Number("fig3.lowDistanceKm"), high = Paper.Number("fig3.highDistanceKm");
        foreach (int n in new[] { 2, 4, 8, 16, 32, 64 })
        {
            foreach (double km in t.Doubles("distanceKm").Distinct())
                Assert.True(Key(t, "c", n, km) >= Key(t, "a", n, km) * (1 - 1e-12), $"N = {n}, {km} km: scenario c below a");
            double gainLow = Key(t, "c", n, low) / Key(t, "a", n, low), gainHigh = Key(t, "c", n, high) / Key(t, "a", n, high);
            output.WriteLine($"N = {n}: K_c/K_a = {gainLow:F3} at {low} km, {gainHigh:F3} at {high} km");
            Assert.True(gainLow > gainHigh && gainHigh >= 1, $"N = {n}: gain {gainLow} at {low} km, {gainHigh} at {high} km");
        }
    }

    [Fact]
    public void CuriousBobsCostKeyOnlyAtVeryLowDistance()
    {
        var t = Seed001Curves.Fig5(Quick);
        double from = Paper.Number("fig5.gapVanishesFromKm"), tol = Paper.Number("fig5.gapToleranceRelative");
        foreach (int n in new[] { 2, 4, 8 })
        {
            Assert.True(Key(t, "d", n, 0) < Key(t, "c", n, 0) * (1 - 0.01), $"N = {n}: no gap at 0 km");
            foreach (double km in t.Doubles("distanceKm").Distinct().Where(k => k >= from))
                Assert.True(1 - Key(t, "d", n, km) / Key(t, "c", n, km) <= tol, $"N = {n}, {km} km: gap {1 - Key(t, "d", n, km) / Key(t, "c", n, km):G3}");
        }
    }

    [Fact]
    public void UrbanNetworkGivesEveryBobAKeyUpToSeveralDozensOfUsers()
    {
        var t = Seed001Curves.Fig7(Quick);
        Assert.Equal(Paper.Number("urbanNetwork.distanceKm"), Seed001Curves.Fig7DistanceKm);
        int dozens = (int)Paper.Number("urbanNetwork.severalDozensUsers");
        Assert.True(dozens >= Paper.Number("urbanNetwork.doubleDigitUsers"));
        var n = t.Doubles("bobs");
        var k = t.Doubles("lossOnlyKeyRateBits");
        for (int i = 0; i < t.RowCount; i++)
            if (n[i] <= dozens) Assert.True(k[i] > 0, $"N = {n[i]}: loss-only key {k[i]:G3} at {Seed001Curves.Fig7DistanceKm} km");
        Assert.Contains(dozens, n.Select(x => (int)x));
    }

    /// <summary>
    /// The paper's noisy-channel statement with its own method: at the urban distance and xi = 0.01 SNU, a double-digit
    /// number of Bobs (N = 10) and N = 64 still get a positive certified rate (quick scale: N_c = 6, alpha at the loss-only optimum, N = 10 and 64 only).
    /// </summary>
    [Fact]
    public void UrbanNetworkKeepsACertifiedKeyForDoubleDigitUsersUnderNoise()
    {
        var t = Seed001Numerical.Fig7(Quick);
        var n = t.Doubles("bobs");
        var k = t.Doubles("keyRateBits");
        Assert.Contains(Paper.Number("urbanNetwork.doubleDigitUsers"), n);
        for (int i = 0; i < t.RowCount; i++) Assert.True(k[i] > 0, $"N = {n[i]}: certified key {k[i]:G3} at {Seed001Curves.Fig7DistanceKm} km");
    }
}

using QkdNetSim.Analysis.Cv.Ofdm;

namespace QkdNetSim.Tests.Analysis.Cv.Ofdm;

public class OfdmIntermodulationCountsTests
{
    /// <summary>
    /// Brute force over ORDERED index triples (m, n, l) in 1..N, pairwise distinct and ≠ k, with the paper's conditions
    /// (Eq. (8)); W1 is divided by 3! and W2, W3 by 2! because the Jacobi-Anger expansion Eq. (7) holds one term per unordered
    /// set of like-signed indices. M1, M2 use ordered pairs (m ≠ n) as the two indices have different Bessel orders.
    /// </summary>
    private static (long M1, long M2, long W1, long W2, long W3) OrderedTriples(int n, int k)
    {
        long m1 = 0, m2 = 0, w1 = 0, w2 = 0, w3 = 0;
        for (int a = 1; a <= n; a++)
        for (int b = 1; b <= n; b++)
        {
            if (a == b) continue;
            if (2 * a + b == k) m1++;
            if (2 * a - b == k) m2++;
            if (a == k || b == k) continue;
            for (int c = 1; c <= n; c++)
            {
                if (c == a || c == b || c == k) continue;
                if (a + b + c == k) w1++;
                if (a + b - c == k) w2++;
                if (a - b - c == k) w3++;
            }
        }
        Assert.Equal(0, w1 % 6);
        Assert.Equal(0, w2 % 2);
        Assert.Equal(0, w3 % 2);
        return (m1, m2, w1 / 6, w2 / 2, w3 / 2);
    }

    [Fact]
    public void LibraryCountsEqualOrderedTripleEnumerationDividedBySymmetry()
    {
        foreach (int n in new[] { 1, 2, 3, 5, 8, 13, 24 })
        {
            var all = IntermodulationCounts.ForAllSubcarriers(n);
            for (int k = 1; k <= n; k++)
            {
                var (m1, m2, w1, w2, w3) = OrderedTriples(n, k);
                var c = all[k - 1];
                Assert.Equal((m1, m2, w1, w2, w3), (c.M1, c.M2, c.W1, c.W2, c.W3));
                Assert.Equal(c, IntermodulationCounts.For(n, k));
            }
        }
    }

    /// <summary>
    /// Independent route: enumerate the Jacobi-Anger order vectors (p_1..p_N) of Eq. (7) with Σ|p_i| = 3 and p_k = 0,
    /// identify p with −p (Eq. (8) pairs them), and classify the ones landing on f_k (Σ p_i i = ±k) by the shape of the
    /// representative whose frequency is +k.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void CountsEqualDistinctJacobiAngerTerms(int n)
    {
        for (int k = 1; k <= n; k++)
        {
            long m1 = 0, m2 = 0, m2r = 0, w1 = 0, w2 = 0, w3 = 0;
            var p = new int[n + 1];
            void Recurse(int index, int budget)
            {
                if (index > n)
                {
                    if (budget != 0) return;
                    int freq = 0;
                    for (int i = 1; i <= n; i++) freq += p[i] * i;
                    if (freq != k) return; // the −p partner (frequency −k) is the same Eq. (8) term; count the +k one only
                    var nonzero = Enumerable.Range(1, n).Where(i => p[i] != 0).Select(i => p[i]).ToArray();
                    if (nonzero.Length == 2)
                    {
                        int two = nonzero.Single(v => Math.Abs(v) == 2), one = nonzero.Single(v => Math.Abs(v) == 1);
                        if (two == 2 && one == 1) m1++;
                        else if (two == 2 && one == -1) m2++;
                        else if (two == -2 && one == 1) m2r++;
                    }
                    else if (nonzero.Length == 3)
                    {
                        int plus = nonzero.Count(v => v == 1);
                        if (plus == 3) w1++;
                        else if (plus == 2) w2++;
                        else if (plus == 1) w3++;
                    }
                    return;
                }
                for (int v = -2; v <= 2; v++)
                {
                    if (index == k && v != 0) continue;
                    if (Math.Abs(v) > budget) continue;
                    p[index] = v;
                    Recurse(index + 1, budget - Math.Abs(v));
                }
                p[index] = 0;
            }
            Recurse(1, 3);
            var c = IntermodulationCounts.For(n, k);
            Assert.Equal((m1, m2, w1, w2, w3, m2r), (c.M1, c.M2, c.W1, c.W2, c.W3, c.M2Reversed));
        }
    }

    /// <summary>
    /// Closed forms derived here (the paper gives none): M1 = ⌊(k−1)/2⌋ − [3 | k] (m from 1 to ⌊(k−1)/2⌋, minus m = n = k/3);
    /// M2 = ⌊(N+k)/2⌋ − ⌊k/2⌋ − 1 (m from ⌊k/2⌋+1 to ⌊(N+k)/2⌋, minus m = k); W1 = round((k−3)²/12) = number of
    /// partitions of k into three distinct parts (all parts &lt; k ≤ N).
    /// </summary>
    [Fact]
    public void TwoToneCountsAndW1MatchClosedForms()
    {
        for (int n = 1; n <= 60; n++)
        {
            var all = IntermodulationCounts.ForAllSubcarriers(n);
            for (int k = 1; k <= n; k++)
            {
                var c = all[k - 1];
                Assert.Equal((k - 1) / 2 - (k % 3 == 0 ? 1 : 0), c.M1);
                Assert.Equal((n + k) / 2 - k / 2 - 1, c.M2);
                Assert.Equal(k < 3 ? 0 : (long)Math.Round((k - 3) * (k - 3) / 12.0), c.W1);
            }
        }
    }

    [Fact]
    public void W2IsMirrorSymmetricAndEdgesVanish()
    {
        // i -> N+1-i maps m + n − l = k onto m' + n' − l' = N+1−k, so W2(N, k) = W2(N, N+1−k).
        foreach (int n in new[] { 7, 20, 41 })
        {
            var all = IntermodulationCounts.ForAllSubcarriers(n);
            for (int k = 1; k <= n; k++) Assert.Equal(all[k - 1].W2, all[n - k].W2);
            for (int k = 1; k <= Math.Min(5, n); k++) Assert.Equal(0, all[k - 1].W1);          // smallest is 1+2+3 = 6
            for (int k = Math.Max(1, n - 2); k <= n; k++) Assert.Equal(0, all[k - 1].W3);      // m = k+n+l ≥ k+3
            Assert.Equal(0, all[0].M1);
            Assert.Equal(0, all[1].M1);
        }
        var single = IntermodulationCounts.For(1, 1);
        Assert.Equal(default, single);
        Assert.Throws<ArgumentOutOfRangeException>(() => IntermodulationCounts.For(5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => IntermodulationCounts.ForAllSubcarriers(0));
    }
}

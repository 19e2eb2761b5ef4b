using QkdNetSim.Analysis.Cv.Discrete.Numerical;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete.Numerical;

public class DimensionReductionTests
{
    /// <summary>
    /// Brute-force linear programme: max P(n &gt; N_c) over distributions on {0..nMax} with E[1] = 1, E[n] = a, E[n^2] = b.
    /// Three equality constraints, so the optimum is at a basic solution with at most three support points: enumerate all
    /// triples, solve the 3 x 3 moment system (Cramer), keep the feasible ones.
    /// </summary>
    private static double BruteForceTail(double a, double b, int cutoff, int nMax)
    {
        double best = 0;
        for (int i = 0; i < nMax; i++)
            for (int j = i + 1; j < nMax; j++)
                for (int k = j + 1; k <= nMax; k++)
                {
                    // Vandermonde system on nodes i, j, k: q_i = (a(j+k) - b - jk)/((i-j)(i-k))... via Lagrange basis.
                    double qi = (b - a * (j + k) + (double)j * k) / ((double)(i - j) * (i - k));
                    double qj = (b - a * (i + k) + (double)i * k) / ((double)(j - i) * (j - k));
                    double qk = (b - a * (i + j) + (double)i * j) / ((double)(k - i) * (k - j));
                    if (qi < -1e-14 || qj < -1e-14 || qk < -1e-14) continue;
                    double tail = (i > cutoff ? qi : 0) + (j > cutoff ? qj : 0) + (k > cutoff ? qk : 0);
                    best = Math.Max(best, tail);
                }
        return best;
    }

    /// <summary>
    /// W = min(a/K, (b-a)/(N_c(N_c+1))) equals the LP optimum where it is attained on {0, 1, K} (b &lt;= aK, honest-like
    /// moments) and is never below it (the b &gt; aK row: the optimum a/K is approached only as mass moves to n = infinity,
    /// so the enumeration to 150 stays below: by hand, support {0, 7, 150} gives 0.02515 against W = 0.2/7 = 0.02857,
    /// hence the 0.85 floor). 1e-12: the enumeration's round-off.
    /// </summary>
    [Theory]
    [InlineData(0.01, 0.0102, 10, true)]      // honest nbar = 0.01: b = 2 nbar^2 + nbar
    [InlineData(0.3, 0.48, 5, true)]
    [InlineData(1.0, 3.0, 6, true)]
    [InlineData(0.2, 5.0, 6, false)]
    public void Weight_bound_is_the_linear_programme_optimum(double a, double b, int cutoff, bool attained)
    {
        double w = DimensionReduction.TailWeightBound(a, b, cutoff);
        double brute = BruteForceTail(a, b, cutoff, 150);
        Assert.True(brute <= w + 1e-12, $"brute {brute} > W {w}");
        if (attained) Assert.Equal(brute, w, 12);
        else Assert.True(brute > 0.85 * w, $"brute {brute} far below W {w}");
    }

    /// <summary>The first-moment tail bound min(a, (b-a)/N_c) is at least E[n 1(n &gt; N_c)] of sample distributions.</summary>
    [Fact]
    public void First_moment_tail_bound_covers_a_thermal_tail()
    {
        const double nbar = 0.4;
        const int cutoff = 4;
        double r = nbar / (1 + nbar), tail = 0;
        for (int n = cutoff + 1; n < 400; n++) tail += n * (1 - r) * Math.Pow(r, n);
        Assert.True(tail <= DimensionReduction.FirstMomentTailBound(nbar, 2 * nbar * nbar + nbar, cutoff));
    }

    /// <summary>Delta(0) = 0 and hand values from sqrt(W) log2 4 + (1 + sqrt W) h(sqrt W/(1 + sqrt W)) (computed separately, 1e-12).</summary>
    [Fact]
    public void Correction_term_matches_hand_values()
    {
        Assert.Equal(0.0, DimensionReduction.CorrectionBits(0.0), 15);
        Assert.Equal(0.100937407804588, DimensionReduction.CorrectionBits(1e-4), 12);
        Assert.Equal(0.013409200432742427, DimensionReduction.CorrectionBits(1e-6), 12);
    }
}

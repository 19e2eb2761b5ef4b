using QkdNetSim.Core.Random;

namespace QkdNetSim.Tests.Core.Random;

/// <summary>
/// <see cref="ZigguratExponential"/> against the Exp(1) law written out here (F(x) = 1 - e^-x): equiprobable-cell chi-square,
/// the tail beyond the ziggurat's base (x > r = 7.697, the branch that handles probability 4.5e-4), a Kolmogorov-Smirnov
/// distance and the first two moments. Tolerances: chi-square at p = 1e-6, 5-sigma z-tests (<see cref="Stat"/>).
/// </summary>
[Trait("Category", "Statistical")]
public class ZigguratExponentialTests
{
    private const int Draws = 2_000_000;

    private static double[] Sample(ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var xs = new double[Draws];
        for (int i = 0; i < Draws; i++) xs[i] = ZigguratExponential.Next(ref rng);
        return xs;
    }

    [Fact]
    public void ZigguratExponentialMatchesTheExponentialCdfInEquiprobableCells()
    {
        // 200 cells of probability 1/200 each: edges x_j = -ln(1 - j/200). Each cell has 1e4 expected draws; a ziggurat with a
        // wrong layer table (one layer too wide by 1 %) shifts ~1e-4 of the mass and is caught by the chi-square.
        const int cells = 200;
        var xs = Sample(31);
        var edges = Enumerable.Range(1, cells - 1).Select(j => -Math.Log(1.0 - (double)j / cells)).ToArray();
        var h = new long[cells];
        foreach (double x in xs)
        {
            Assert.True(x >= 0, $"negative draw {x}");
            int c = Array.BinarySearch(edges, x);
            h[c >= 0 ? c + 1 : ~c]++;
        }
        Stat.ChiSquare(h, Enumerable.Repeat(1.0 / cells, cells).ToArray(), Draws, "Ziggurat Exp(1)");
    }

    [Fact]
    public void ZigguratExponentialHasTheExactTailBeyondItsBaseLayer()
    {
        // P(X > x) = e^-x. Counts above x in 2e6 draws are Binomial(N, e^-x) ~ Poisson: 5 sqrt(expected) (+1 for the tiny ones).
        var xs = Sample(32);
        foreach (double x in new[] { 5.0, 7.0, 7.69711747013104972, 9.0, 11.0 })
        {
            double expected = Draws * Math.Exp(-x);
            long count = xs.LongCount(v => v > x);
            Assert.True(Math.Abs(count - expected) < 5 * Math.Sqrt(expected) + 1, $"P(X > {x}): {count} draws, expected {expected:F1}");
        }
    }

    [Fact]
    public void ZigguratExponentialHasUnitMeanAndVarianceAndASmallKsDistance()
    {
        // Exp(1): mean 1, variance 1, fourth central moment 9. KS: sqrt(N) D_N exceeds 1.95 with probability 1e-3 and
        // 2.6 with ~1e-6 (Kolmogorov distribution), so sqrt(N) D_N < 2.6.
        var xs = Sample(33);
        Stat.MeanAndVariance(xs, 1.0, 1.0, 9.0, "Ziggurat Exp(1)");
        Array.Sort(xs);
        double d = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double f = 1 - Math.Exp(-xs[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / xs.Length - f, f - (double)i / xs.Length));
        }
        Assert.True(Math.Sqrt(xs.Length) * d < 2.6, $"KS: sqrt(N) D = {Math.Sqrt(xs.Length) * d:F3}");
    }
}

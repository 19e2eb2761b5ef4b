using MathNet.Numerics;
using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis;

public class ChernoffBoundTests
{
    private const double Eps = 1e-10;

    [Theory]
    // b = -ln(eps/2) = 23.7189981105004; delta = (b + sqrt(b^2 + 8 b x)) / (2x)  (seed 002 Eq. (2))
    [InlineData(100.0, 0.8174832033549186, 55.021141221777754, 547.8947792101462)]
    [InlineData(10000.0, 0.0700714062753459, 9345.170744079154, 10753.513836956965)]
    public void YanEq2MatchesHandValues(double x, double delta, double lower, double upper)
    {
        Assert.Equal(23.7189981105004, ChernoffBound.YanB(Eps), 12);
        Assert.Equal(delta, ChernoffBound.YanDelta(x, Eps), 12);
        Assert.Equal(lower, ChernoffBound.Lower(x, Eps, ChernoffForm.YanEq2), 9);
        if (delta <= 0.5)
            Assert.Equal(upper, ChernoffBound.Upper(x, Eps, ChernoffForm.YanEq2), 9);
        else // delta > 1/2: exact inversion x + b + sqrt(b^2 + 2 b x), which is below Yan's x/(1-delta)
            Assert.True(ChernoffBound.Upper(x, Eps, ChernoffForm.YanEq2) < upper);
    }

    [Theory]
    [InlineData(ChernoffForm.YanEq2)]
    [InlineData(ChernoffForm.ExactInversion)]
    public void BoundsAreMonotoneAndBracketTheCount(ChernoffForm form)
    {
        double prevLower = -1, prevUpper = -1;
        var xs = new List<double>();
        for (double x = 0; x <= 2000; x += 0.5) xs.Add(x);      // dense through the delta = 1/2 switch (x = 10 b ~ 237)
        for (double x = 2000; x < 1e10; x *= 1.05) xs.Add(x);
        foreach (double x in xs)
        {
            double lo = ChernoffBound.Lower(x, Eps, form), hi = ChernoffBound.Upper(x, Eps, form);
            Assert.True(lo >= prevLower, $"lower not monotone at x = {x}");
            Assert.True(hi >= prevUpper, $"upper not monotone at x = {x}");
            Assert.True(lo <= x && hi >= x && lo >= 0, $"bounds do not bracket x = {x}");
            prevLower = lo;
            prevUpper = hi;
        }
    }

    [Fact]
    public void ZeroCountEdgeCases()
    {
        Assert.True(double.IsPositiveInfinity(ChernoffBound.YanDelta(0, Eps)));
        Assert.Equal(0.0, ChernoffBound.Lower(0, Eps, ChernoffForm.YanEq2));
        Assert.Equal(0.0, ChernoffBound.Lower(0, Eps, ChernoffForm.ExactInversion));
        // x = 0: upper = 2b (b = ln(2/eps) for Yan's convention, ln(1/eps) for the exact one-sided form)
        Assert.Equal(2 * Math.Log(2 / Eps), ChernoffBound.Upper(0, Eps, ChernoffForm.YanEq2), 9);
        Assert.Equal(2 * Math.Log(1 / Eps), ChernoffBound.Upper(0, Eps, ChernoffForm.ExactInversion), 9);
        // tiny counts: no positive lower bound is certifiable by the exact form for x <= b
        Assert.Equal(0.0, ChernoffBound.Lower(5, Eps, ChernoffForm.ExactInversion));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChernoffBound.Lower(-1, Eps, ChernoffForm.YanEq2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChernoffBound.Upper(1, 0, ChernoffForm.YanEq2));
    }

    [Fact]
    public void YanUpperIsNeverBelowExactInversion()
    {
        foreach (double x in new[] { 300.0, 1e3, 1e4, 1e6, 1e9 })
        {
            double b = Math.Log(2 / Eps); // same b for a like-for-like comparison
            double exact = x + b + Math.Sqrt(b * b + 2 * b * x);
            Assert.True(ChernoffBound.Upper(x, Eps, ChernoffForm.YanEq2) >= exact);
        }
    }

    [Theory]
    [InlineData(30.0)]
    [InlineData(1000.0)]
    [InlineData(50000.0)]
    public void ExactInversionHoldsForPoissonCounts(double x)
    {
        // Poisson counts are limits of Poisson-trial sums, so the Chernoff tails apply to them; check the certified
        // tail probabilities with the regularized incomplete gamma functions: P[X >= x | mu] = P(x, mu), P[X <= x | mu] = Q(x+1, mu).
        const double eps = 1e-6;
        double lo = ChernoffBound.Lower(x, eps, ChernoffForm.ExactInversion);
        double hi = ChernoffBound.Upper(x, eps, ChernoffForm.ExactInversion);
        if (lo > 0) Assert.True(SpecialFunctions.GammaLowerRegularized(x, lo) <= eps);
        Assert.True(SpecialFunctions.GammaUpperRegularized(x + 1, hi) <= eps);
    }
}

using QkdNetSim.Core.Random;
using QkdNetSim.Detectors;

namespace QkdNetSim.Tests.Detectors;

/// <summary>The landing law kappa(s) of all secondary-click generations, modulo N.</summary>
public class CascadeLandingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void TotalEqualsMeasuredAfterpulsePlusCrosstalk(int timeBins)
    {
        // The measured totals include cascades, so all generations together must sum to p_A + X.
        var det = GatedApdModel.Seed004();
        double total = Enumerable.Range(0, timeBins).Sum(s => det.SecondaryLandingProbability(s, timeBins));
        Assert.Equal(det.MeasuredAfterpulseProbability + det.MeasuredCrosstalkProbability, total, 12);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void MatchesAMonteCarloOfTheBranchingProcess()
    {
        // Independent check: follow every descendant of 2e6 primary clicks (per-avalanche Bernoulli trials and the
        // delay samplers), histogram their offsets modulo N. Each bin count is a sum of ~rare independent events, so
        // its standard deviation is ~sqrt(expected); 5 sigma per bin (8 bins: false alarm ~5e-6).
        // Cascades make the counts over-dispersed: Var(X_s) = E[X_s] + E[X_s(X_s - 1)]. Here a = 0.10/1.18, x = 0.08/1.18,
        // m = a + x = 0.153 and the descendants D of one primary have E[D] = m/(1-m) = 0.18 and E[D(D-1)] = Var + E^2 - E =
        // s2/(1-m)^3 + 0.032 - 0.18 = 0.083 (s2 = a(1-a) + x(1-x), Galton-Watson total progeny). Averaged over the 8 residues,
        // E[X_s(X_s-1)] <= 0.083/8 (equality if every pair of descendants shared a residue) against E[X_s] = 0.18/8: a variance
        // of at most ~1.46x Poisson, so 5 Poisson sigma is still >= ~4.1 true sigma.
        var det = new GatedApdModel(0.15, 8e-6, 0.10, new[] { 5_000.0 }, new[] { 1.0 }, 0.08, 1.5, 0, 1000); // strong cascades
        const int n = 8, primaries = 2_000_000;
        var rng = new Xoshiro256(42);
        var counts = new long[n];
        var stack = new Stack<long>();
        for (int i = 0; i < primaries; i++)
        {
            stack.Push(0);
            while (stack.Count > 0)
            {
                long at = stack.Pop();
                if (rng.NextDouble() < det.AfterpulsePerAvalanche) { long d = at + det.AfterpulseDelay.Sample(ref rng); counts[d % n]++; stack.Push(d); }
                if (rng.NextDouble() < det.CrosstalkPerAvalanche) { long d = at + det.CrosstalkDelay.Sample(ref rng); counts[d % n]++; stack.Push(d); }
            }
        }
        for (int s = 0; s < n; s++)
        {
            double expected = primaries * det.SecondaryLandingProbability(s, n);
            double z = (counts[s] - expected) / Math.Sqrt(expected);
            Assert.True(Math.Abs(z) < 5, $"residue {s}: Monte Carlo {counts[s]} vs kappa {expected:F0} (z = {z:F2})");
        }
    }
}

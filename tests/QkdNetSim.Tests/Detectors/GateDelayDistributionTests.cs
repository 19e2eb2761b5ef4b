using QkdNetSim.Core.Random;
using QkdNetSim.Detectors;
using QkdNetSim.Tests.Core.Random;

namespace QkdNetSim.Tests.Detectors;

/// <summary>
/// <see cref="GateDelayDistribution"/>: the gate offset d >= 1 of a secondary click. A trap of lifetime tau releases at
/// t ~ Exp(tau) and the avalanche fires in the first gate after t, so d = ceil(t / period) is geometric with ratio
/// r = exp(-period/tau): P(d) = (1 - r) r^(d-1) (the class comment's model; written out here, not taken from the class).
/// </summary>
public class GateDelayDistributionTests
{
    private static double ClosedForm(double[] lifetimesPs, double[] weights, double periodPs, long d)
    {
        double p = 0;
        for (int i = 0; i < lifetimesPs.Length; i++)
        {
            double r = Math.Exp(-periodPs / lifetimesPs[i]);
            p += weights[i] * (1 - r) * Math.Pow(r, d - 1);
        }
        return p;
    }

    [Fact]
    public void ProbabilityIsTheGeometricMixtureOfTheTrapLifetimes()
    {
        double[] tau = [3_000, 40_000], w = [0.7, 0.3];
        var dist = GateDelayDistribution.TrapRelease(tau, w, 1000);
        Assert.Equal(0.0, dist.Probability(0));
        for (long d = 1; d <= 300; d++)
            Assert.Equal(ClosedForm(tau, w, 1000, d), dist.Probability(d), 15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(64)]
    public void ProbabilityModuloNIsTheSumOverTheResidueClass(int modulus)
    {
        // Brute force: sum P(d) over d = residue, residue + n, ... (residue 0 means d = n, 2n, ...) up to where r^d < 1e-30.
        double[] tau = [3_000, 40_000], w = [0.7, 0.3];
        var dist = GateDelayDistribution.TrapRelease(tau, w, 1000);
        double total = 0;
        for (int residue = 0; residue < modulus; residue++)
        {
            double sum = 0;
            for (long d = residue == 0 ? modulus : residue; d < 4000; d += modulus) sum += ClosedForm(tau, w, 1000, d);
            Assert.Equal(sum, dist.ProbabilityModulo(residue, modulus), 13);
            total += sum;
        }
        Assert.Equal(1.0, total, 12);
    }

    [Theory]
    [Trait("Category", "Statistical")]
    [InlineData(new[] { 5_000.0 }, new[] { 1.0 })]                 // r = e^-0.2: mean 5.5 gates
    [InlineData(new[] { 2_000.0, 20_000.0 }, new[] { 0.6, 0.4 })]  // two traps
    [InlineData(new[] { 2.0e6 }, new[] { 1.0 })]                   // seed 004: 2 us at 1 GHz, mean ~2000 gates
    public void Sample_follows_the_closed_form_law(double[] lifetimesPs, double[] weights)
    {
        // Chi-square of 300,000 draws against P(d) (cells to the 1 - 1e-5 quantile, tail folded in, p = 1e-6), and 5-sigma
        // z-tests of the mean and variance of the mixture (moments summed from the closed-form pmf).
        const int draws = 300_000;
        var dist = GateDelayDistribution.TrapRelease(lifetimesPs, weights, 1000);
        var rng = new Xoshiro256(404);
        var xs = new long[draws];
        for (int i = 0; i < draws; i++)
        {
            long d = dist.Sample(ref rng);
            Assert.True(d >= 1, $"offset {d} < 1");
            xs[i] = d - 1; // Stat's histogram starts at 0
        }
        double rMax = lifetimesPs.Max(t => Math.Exp(-1000 / t));
        int cells = (int)Math.Min(40_000, Math.Ceiling(Math.Log(1e-5) / Math.Log(rMax)) + 1);
        Func<int, double> pmf = k => ClosedForm(lifetimesPs, weights, 1000, k + 1);
        Stat.ChiSquare(Stat.Histogram(xs, cells), Stat.CellProbabilities(pmf, cells), draws, "gate delay");
        var (m, v, m4) = Stat.Moments(pmf, (int)Math.Ceiling(Math.Log(1e-18) / Math.Log(rMax)));
        Stat.MeanAndVariance(xs.Select(x => (double)x).ToArray(), m, v, m4, "gate delay");
    }

    [Fact]
    public void GeometricRatioZeroAlwaysGivesTheNextGate()
    {
        var dist = GateDelayDistribution.Geometric(0.0);
        var rng = new Xoshiro256(5);
        for (int i = 0; i < 1000; i++) Assert.Equal(1, dist.Sample(ref rng));
        Assert.Equal(1.0, dist.Probability(1));
        Assert.Equal(0.0, dist.Probability(2));
    }

    [Fact]
    public void TrapLifetimesAndWeightsMustMatch()
    {
        Assert.Throws<ArgumentException>(() => GateDelayDistribution.TrapRelease([1000.0], [0.5, 0.5], 1000));
        Assert.Throws<ArgumentException>(() => GateDelayDistribution.TrapRelease([], [], 1000));
    }
}

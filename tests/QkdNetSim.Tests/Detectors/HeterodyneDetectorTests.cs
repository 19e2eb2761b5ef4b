using QkdNetSim.Core.Random;
using QkdNetSim.Detectors;

namespace QkdNetSim.Tests.Detectors;

/// <summary>The trusted heterodyne detector (eta, v_el) of the CV sample generator.</summary>
public class HeterodyneDetectorTests
{
    [Fact]
    public void AnIdealDetectorOnALosslessChannelHasGainOneOverRootTwoAndVacuumNoise()
    {
        // eta = 1, v_el = 0, T = 1, xi = 0: each homodyne sees half the signal amplitude and one unit of vacuum noise.
        var d = new HeterodyneDetector(efficiencyFraction: 1.0, electronicNoiseSnu: 0.0);
        Assert.Equal(Math.Sqrt(0.5), d.SignalGain(1.0), 15);
        Assert.Equal(1.0, d.ConditionalNoiseVarianceSnu(1.0, 0.0), 15);
    }

    [Fact]
    public void OutcomeNoiseIsTheSumOfTheDetectedChannelNoiseTheLostVacuumTheSplitVacuumAndVEl()
    {
        // eta = 0.5, v_el = 0.1, T = 0.25, xi = 0.04, term by term (class comment): eta/2 (1 + T xi) = 0.2525,
        // (1 - eta)/2 = 0.25, 1/2 from the 50:50 split, v_el = 0.1: N0 = 1.1025. g = sqrt(0.5 x 0.25 / 2) = 0.25.
        var d = new HeterodyneDetector(efficiencyFraction: 0.5, electronicNoiseSnu: 0.1);
        Assert.Equal(1.1025, d.ConditionalNoiseVarianceSnu(0.25, 0.04), 14);
        Assert.Equal(0.25, d.SignalGain(0.25), 15);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void MeasuredOutcomesOfAKnownDisplacementHaveMeanGQAndVarianceN0PerQuadrature()
    {
        // Fixed displacement (x_A, p_A) = (2, -1) through the detector above: bob_x ~ N(0.5, 1.1025), bob_p ~ N(-0.25, 1.1025),
        // independent. With n = 200 000: se(mean) = sqrt(N0/n) = 0.0023, se(variance) = N0 sqrt(2/(n-1)) = 0.0035,
        // se(correlation) = 1/sqrt(n) = 0.0022; each compared at 5 se.
        const int n = 200_000;
        var d = new HeterodyneDetector(efficiencyFraction: 0.5, electronicNoiseSnu: 0.1);
        double g = d.SignalGain(0.25), n0 = d.ConditionalNoiseVarianceSnu(0.25, 0.04);
        var ax = Enumerable.Repeat(2.0, n).ToArray();
        var ap = Enumerable.Repeat(-1.0, n).ToArray();
        var bx = new double[n];
        var bp = new double[n];
        var rng = new Xoshiro256(99);
        HeterodyneDetector.MeasureBlock(g, Math.Sqrt(n0), ax, ap, ref rng, bx, bp);
        double mx = bx.Average(), mp = bp.Average();
        double vx = bx.Sum(v => (v - mx) * (v - mx)) / (n - 1), vp = bp.Sum(v => (v - mp) * (v - mp)) / (n - 1);
        double corr = bx.Zip(bp, (x, p) => (x - mx) * (p - mp)).Sum() / (n - 1) / Math.Sqrt(vx * vp);
        double seMean = Math.Sqrt(1.1025 / n), seVar = 1.1025 * Math.Sqrt(2.0 / (n - 1)), seCorr = 1 / Math.Sqrt(n);
        Assert.True(Math.Abs(mx - 0.5) < 5 * seMean, $"mean x {mx}");
        Assert.True(Math.Abs(mp + 0.25) < 5 * seMean, $"mean p {mp}");
        Assert.True(Math.Abs(vx - 1.1025) < 5 * seVar, $"var x {vx}");
        Assert.True(Math.Abs(vp - 1.1025) < 5 * seVar, $"var p {vp}");
        Assert.True(Math.Abs(corr) < 5 * seCorr, $"x-p correlation {corr}");
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(1.2, 0.1)]
    [InlineData(double.NaN, 0.1)]
    [InlineData(0.6, -0.01)]
    [InlineData(0.6, double.PositiveInfinity)]
    public void OutOfRangeParametersAreArgumentErrors(double eta, double vel) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeterodyneDetector(eta, vel));
}

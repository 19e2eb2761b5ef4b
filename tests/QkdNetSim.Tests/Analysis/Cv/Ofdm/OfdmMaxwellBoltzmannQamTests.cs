using QkdNetSim.Analysis.Cv.Ofdm;

namespace QkdNetSim.Tests.Analysis.Cv.Ofdm;

public class OfdmMaxwellBoltzmannQamTests
{
    [Fact]
    public void UniformLimitMatchesOddIntegerMoments()
    {
        // ν = 0: levels ±1, ±3, …, ±15 over 15. ⟨j²⟩ = (L²−1)/3 = 85, ⟨j⁴⟩ = (3L⁴ − 10L² + 7)/15 = 12937 for odd j, L = 16.
        var q = new MaxwellBoltzmannQam(16, 0.0);
        Assert.All(q.Probabilities, p => Assert.Equal(1.0 / 16, p, 15));
        Assert.Equal(85.0 / 225, q.Sigma1Squared, 14);
        Assert.Equal(12937.0 / 50625, q.FourthMoment, 14);
        Assert.Equal(12937.0 / 50625 - Math.Pow(85.0 / 225, 2), q.Sigma2Squared, 14);
        Assert.Equal(q.Sigma2Squared / 16, q.Sigma2SquaredAsPrinted, 14); // uniform: ρ² = ρ/16
    }

    [Fact]
    public void PaperShapingGivesTheQuotedVariances()
    {
        // Text after Eq. (18): σ1² = 0.37, σ2² = 0.11 at ν ≈ 0.04 (two quoted digits).
        var q = new MaxwellBoltzmannQam(16, MaxwellBoltzmannQam.PaperShapingParameter);
        Assert.InRange(q.Sigma1Squared, 0.365, 0.375);
        Assert.InRange(q.Sigma2Squared, 0.105, 0.115);
        Assert.Equal(1.0, q.Probabilities.Sum(), 14);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(q.Probabilities[i], q.Probabilities[15 - i], 15);
            Assert.Equal(-q.Levels[i], q.Levels[15 - i], 15);
        }
        Assert.Equal(-1.0, q.Levels[0], 15);
        Assert.Equal(1.0, q.Levels[15], 15);
        Assert.True(q.Probabilities[7] > q.Probabilities[0]); // shaping favours the inner levels
        Assert.Equal(q.Probabilities[3] * q.Probabilities[9], q.PointProbability(3, 9), 1e-15);
    }

    [Fact]
    public void StrongerShapingLowersTheVariance()
    {
        double previous = double.MaxValue;
        foreach (double nu in new[] { 0.0, 0.04, 0.5, 2.0, 10.0 })
        {
            double s1 = new MaxwellBoltzmannQam(16, nu).Sigma1Squared;
            Assert.True(s1 < previous);
            previous = s1;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxwellBoltzmannQam(15, 0.04));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxwellBoltzmannQam(16, -1));
    }
}

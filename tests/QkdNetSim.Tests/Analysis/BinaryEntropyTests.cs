using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis;

public class BinaryEntropyTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(-0.1, 0.0)]
    [InlineData(0.11, 0.499915958164528)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.7, 1.0)] // guard: h(x >= 0.5) = 1
    public void Values(double x, double expected) => Assert.Equal(expected, BinaryEntropy.Bits(x), 12);
}

using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Tests.Protocols.Cv.Ofdm;

public class OfdmSimulationValidationTests
{
    [Theory]
    [InlineData(0, 0.01, 0.98, 0.45)]
    [InlineData(-3, 0.01, 0.98, 0.45)]
    [InlineData(10, 0.0, 0.98, 0.45)]
    [InlineData(10, -0.01, 0.98, 0.45)]
    [InlineData(10, double.NaN, 0.98, 0.45)]
    [InlineData(10, 0.01, 0.0, 0.45)]
    [InlineData(10, 0.01, 1.01, 0.45)]
    [InlineData(10, 0.01, -0.5, 0.45)]
    [InlineData(10, 0.01, 0.98, 0.0)]
    public void InvalidSettingsThrowAnArgumentException(int n, double mu, double kappa, double va) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OfdmModulatorSettings(n, mu, kappa, Math.PI / 50, va));

    [Fact]
    public void KappaOfOneIsValid() => Assert.Equal(1.0, new OfdmModulatorSettings(1, 0.01, 1.0, 0.0, 1.0).GainImbalance);

    [Fact]
    public void InvalidConstellationsAndSymbolCountsThrowArgumentExceptions()
    {
        Assert.Equal("levels", Assert.Throws<ArgumentException>(() => OfdmConstellation.Discrete("x", [1.0, -1.0], [0.5])).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => OfdmConstellation.Discrete("x", [1.0], [-1.0])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => OfdmConstellation.TruncatedGaussian(0.0));
        var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(4, 0.01, 1.0, 0.0, 1.0), OfdmConstellation.Qpsk());
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.MeasureExcessNoise(1, 1));
    }
}

using QkdNetSim.Core;
using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Tests.Cv.OfdmSimulation;

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
    public void InvalidSettingsThrowInputError(int n, double mu, double kappa, double va) =>
        Assert.Throws<InputError>(() => new OfdmModulatorSettings(n, mu, kappa, Math.PI / 50, va));

    [Fact]
    public void KappaOfOneIsValid() => Assert.Equal(1.0, new OfdmModulatorSettings(1, 0.01, 1.0, 0.0, 1.0).GainImbalance);

    [Fact]
    public void InvalidConstellationsAndSymbolCountsThrowInputError()
    {
        Assert.Throws<InputError>(() => OfdmConstellation.Discrete("x", [1.0, -1.0], [0.5]));
        Assert.Throws<InputError>(() => OfdmConstellation.Discrete("x", [1.0], [-1.0]));
        Assert.Throws<InputError>(() => OfdmConstellation.TruncatedGaussian(0.0));
        var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(4, 0.01, 1.0, 0.0, 1.0), OfdmConstellation.Qpsk());
        Assert.Throws<InputError>(() => sim.MeasureExcessNoise(1, 1));
    }
}

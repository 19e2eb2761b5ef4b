using QkdNetSim.Optics;

namespace QkdNetSim.Tests.Optics;

/// <summary>The CV broadcast optics: fibre, uniform splitter tree and the per-user transmittance they compose.</summary>
public class BroadcastChannelTests
{
    [Theory]
    [InlineData(50, 0.2, 0.1)]      // 10 dB
    [InlineData(25, 0.2, 0.31622776601683794)] // 5 dB: 10^-0.5
    [InlineData(0, 0.2, 1.0)]
    [InlineData(100, 0.16, 0.025118864315095794)] // 16 dB: 10^-1.6
    public void Fibre_transmittance_is_ten_to_the_minus_alpha_L_over_ten(double lengthKm, double dbPerKm, double expected)
    {
        var f = new Fibre(lengthKm, dbPerKm);
        Assert.Equal(lengthKm * dbPerKm, f.LossDb, 12);
        Assert.Equal(expected, f.Transmittance, 14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    public void SplitterTreeOutputCarriesOneOverNOfTheInput(int n)
    {
        var tree = new UniformSplitterTree(n);
        Assert.Equal(1.0 / n, tree.OutputTransmittance(1.0), 15);
        Assert.Equal(0.5 / n, tree.OutputTransmittance(0.5), 15);
    }

    [Fact]
    public void UserTransmittanceIsFeederOverNTimesDrop()
    {
        // Seed 000 three-node testbed: 25 km feeder, drops 5 km and 1 km, 0.2 dB/km, two outputs.
        var ch = new BroadcastChannel(new Fibre(25), [new Fibre(5), new Fibre(1)]);
        Assert.Equal(2, ch.Splitter.Outputs);
        Assert.Equal(Math.Pow(10, -0.2 * 30 / 10) / 2, ch.UserTransmittance(0), 15); // 6 dB of fibre, then 1/2
        Assert.Equal(Math.Pow(10, -0.2 * 26 / 10) / 2, ch.UserTransmittance(1), 15);
    }

    [Fact]
    public void OutOfRangeDevicesAreArgumentErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fibre(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fibre(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fibre(10, -0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformSplitterTree(0));
        Assert.Throws<ArgumentException>(() => new BroadcastChannel(new Fibre(1), []));
    }
}

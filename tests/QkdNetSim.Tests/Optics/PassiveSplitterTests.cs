using QkdNetSim.Optics;

namespace QkdNetSim.Tests.Optics;

public sealed class PassiveSplitterTests
{
    [Fact]
    public void Seed004_splitters_have_their_measured_loss()
    {
        Assert.Equal(9.7, PassiveSplitter.Seed004InsertionLossDb(8));
        Assert.Equal(13.0, PassiveSplitter.Seed004InsertionLossDb(16));
        Assert.Equal(16.1, PassiveSplitter.Seed004InsertionLossDb(32));
        Assert.Equal(19.5, PassiveSplitter.Seed004InsertionLossDb(64));
        Assert.Equal(0, PassiveSplitter.Seed004InsertionLossDb(1));
    }

    [Fact]
    public void The_splitter_loss_model_fits_the_measurements_and_grows_with_the_port_count()
    {
        double e = PassiveSplitter.Seed004ExcessLossDbPerStage;
        Assert.InRange(e, 0.2, 0.26); // the measured excesses per stage are 0.22 .. 0.24 dB
        foreach (var (ports, measured) in PassiveSplitter.Seed004MeasuredLossDb)
            Assert.InRange(PassiveSplitter.IdealSplitLossDbFor(ports) + e * Math.Log2(ports) - measured, -0.1, 0.1);
        for (int n = 2; n <= 1024; n++)
            Assert.True(PassiveSplitter.Seed004InsertionLossDb(n) > PassiveSplitter.Seed004InsertionLossDb(n - 1), $"loss at {n} ports must exceed {n - 1}");
    }

    [Fact]
    public void A_port_reaches_the_common_port_with_the_insertion_loss()
    {
        var s = new PassiveSplitter(4, 10);
        Assert.Equal(0.1, s.TransmittanceFor(3, 0), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.TransmittanceFor(4, 0));
        Assert.Equal(6.0206, s.IdealSplitLossDb, 4);
    }
}

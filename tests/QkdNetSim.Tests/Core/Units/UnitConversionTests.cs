using QkdNetSim.Core.Units;

namespace QkdNetSim.Tests.Core.Units;

/// <summary>The one home of the dB and period formulas (Core/Units), checked against hand-computed values.</summary>
public class UnitConversionTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(3, 0.50118723362727224)]   // 10^-0.3
    [InlineData(10, 0.1)]
    [InlineData(30, 0.001)]
    public void A_loss_in_dB_converts_to_transmittance_and_back(double lossDb, double transmittance)
    {
        Assert.Equal(transmittance, Decibels.ToTransmittance(lossDb), 15);
        Assert.Equal(lossDb, Decibels.ToLossDb(transmittance), 12);
    }

    [Fact]
    public void FibreLossIsAttenuationTimesLength()
    {
        Assert.Equal(10.0, Decibels.FibreLossDb(50, 0.2), 12);
        Assert.Equal(0.1, Decibels.FibreTransmittance(50, 0.2), 15);
    }

    [Theory]
    [InlineData(1e8, 10_000)]          // 100 MHz slots: 10 ns
    [InlineData(1.25e9, 800)]          // 1.25 GHz gates: 800 ps
    [InlineData(3e9, 333)]             // 333.33 ps rounds to 333
    public void A_rate_gives_the_period_in_whole_picoseconds(double rateHz, long periodPs)
    {
        Assert.Equal(periodPs, Periods.PeriodPs(rateHz));
        Assert.Equal(1e12 / rateHz, Periods.ExactPeriodPs(rateHz), 9);
    }

    [Fact]
    public void PicosecondsConvertToSecondsRatesAndMeanCounts()
    {
        Assert.Equal(1.0, Periods.ToSeconds(1_000_000_000_000L), 15);
        Assert.Equal(1e8, Periods.RateHz(10_000), 6);
        Assert.Equal(1e-6, Periods.MeanEventsPerPeriod(100, 10_000), 1e-18); // 100 Hz over 10 ns
    }
}

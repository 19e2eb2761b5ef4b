using QkdNetSim.Protocols.Mdi.Tdm;

namespace QkdNetSim.Tests.Protocols.Mdi.Tdm;

/// <summary>
/// The sixteen-user network of seed 002 Supplementary (text after Table III): "four subnets", "six light wavelengths and
/// fifteen BSM modules", "eight time bins". Our schedule joins two Table III networks; it needs only five wavelengths.
/// </summary>
public class TdmSixteenUserTests
{
    private static readonly TdmSchedule Sixteen = TdmScheduleBuilder.Build(16);

    [Fact]
    public void IsValidWithinThePapersSixWavelengths()
    {
        Assert.Equal(6, MdiResourceCounts.TdmWavelengthsPerUser(16));
        Assert.Null(TdmScheduleValidator.FirstViolation(Sixteen, wavelengthBudget: 6));
    }

    [Fact]
    public void HasFifteenModulesAndEightBins()
    {
        Assert.Equal(15, Sixteen.Modules);
        Assert.Equal(8, Sixteen.Bins);
        Assert.Equal(120, Sixteen.Assignments.Count);
    }

    /// <summary>Fewer than the paper's six: the construction is valid with a budget of five.</summary>
    [Fact]
    public void NeedsFiveWavelengths()
    {
        Assert.Equal(5, Sixteen.WavelengthCount);
        Assert.Equal(5, Sixteen.MaxWavelengthsPerUser);
        Assert.Null(TdmScheduleValidator.FirstViolation(Sixteen, wavelengthBudget: 5));
        Assert.NotNull(TdmScheduleValidator.FirstViolation(Sixteen, wavelengthBudget: 4));
    }

    [Fact]
    public void EveryPairHasDutyCycleOneEighth()
    {
        for (int a = 0; a < 16; a++)
            for (int b = a + 1; b < 16; b++)
                Assert.Equal(1.0 / 8, Sixteen.DutyCycle(a, b));
    }

    /// <summary>The first four bins run Table III on subnets 1-2 (BSM 1-7) and, shifted, on subnets 3-4 (BSM 8-14).</summary>
    [Fact]
    public void FirstHalfRunsTableIIIOnBothEightUserNetworks()
    {
        var eight = TdmScheduleBuilder.Build(8);
        for (int t = 0; t < 4; t++)
            for (int m = 0; m < 7; m++)
            {
                var (a, b) = eight.PairAt(t, m)!.Value;
                Assert.Equal((a, b), Sixteen.PairAt(t, m));
                Assert.Equal((a + 8, b + 8), Sixteen.PairAt(t, m + 7));
            }
    }

    /// <summary>Re-using the subnets' wavelengths on both halves requires the relay to switch wavelength ports between bins.</summary>
    [Fact]
    public void NeedsASwitchingRelay() => Assert.NotNull(TdmScheduleValidator.FirstRoutingSwitch(Sixteen));
}

using QkdNetSim.Protocols.Mdi.Tdm;

namespace QkdNetSim.Tests.Protocols.Mdi.Tdm;

/// <summary>
/// The builder for every n from 2 to 64 (powers of two and padded counts) against the validator and the paper's formulas
/// (seed 002 Supplementary: 2^ceil(log2 n) - 1 modules, 3k/2 or (3k - 1)/2 wavelengths per user).
/// </summary>
public class TdmScheduleBuilderTests
{
    public static TheoryData<int> UserCounts()
    {
        var d = new TheoryData<int>();
        for (int n = 2; n <= 64; n++) d.Add(n);
        return d;
    }

    [Theory]
    [MemberData(nameof(UserCounts))]
    public void IsValidWithThePapersModulesBinsAndWavelengthBudget(int n)
    {
        var s = TdmScheduleBuilder.Build(n);
        Assert.Null(TdmScheduleValidator.FirstViolation(s));
        Assert.Equal(MdiResourceCounts.TdmModules(n), s.Modules);
        Assert.Equal(MdiResourceCounts.TdmBins(n), s.Bins);
        Assert.True(s.MaxWavelengthsPerUser <= MdiResourceCounts.TdmWavelengthsPerUser(n));
        Assert.Equal(n * (n - 1) / 2, s.Assignments.Count);
    }

    /// <summary>Our construction: k + 1 wavelengths for n = 2^k, k &gt;= 2 (one per doubling on top of K4's three).</summary>
    [Theory]
    [InlineData(4, 3)]
    [InlineData(8, 4)]
    [InlineData(16, 5)]
    [InlineData(32, 6)]
    [InlineData(64, 7)]
    public void PowerOfTwoNeedsLog2NPlusOneWavelengths(int n, int expected)
    {
        var s = TdmScheduleBuilder.Build(n);
        Assert.Equal(expected, s.MaxWavelengthsPerUser);
        Assert.Equal(MdiResourceCounts.CeilLog2(n) + 1, s.WavelengthCount);
    }

    /// <summary>For n = 2^k every module is busy in every bin: n(n-1)/2 = (n - 1) n/2.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void PowerOfTwoKeepsEveryModuleBusy(int n)
    {
        var s = TdmScheduleBuilder.Build(n);
        for (int t = 0; t < s.Bins; t++)
            for (int m = 0; m < s.Modules; m++)
                Assert.NotNull(s.PairAt(t, m));
    }

    [Fact]
    public void PaddedNetworkDropsTheAbsentUsersPairs()
    {
        var five = TdmScheduleBuilder.Build(5);
        Assert.Equal(5, five.Users);
        Assert.Equal(10, five.Assignments.Count);
        Assert.All(five.Assignments, a => Assert.True(a.UserB < 5));
        Assert.Equal(0.25, five.DutyCycle(0, 4));
    }

    [Fact]
    public void RejectsFewerThanTwoUsers() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TdmScheduleBuilder.Build(1));
}

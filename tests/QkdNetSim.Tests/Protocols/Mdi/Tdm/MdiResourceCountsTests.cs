using QkdNetSim.Protocols.Mdi.Tdm;

namespace QkdNetSim.Tests.Protocols.Mdi.Tdm;

/// <summary>
/// Resource counts of seed 002: main text (original scheme: n - 1 lines for even n, n for odd n, n(n-1)/2 BSM modules) and
/// Supplementary Fig. 12 (TDM: 2^ceil(log2 n) - 1 modules, 3k/2 or (3k - 1)/2 wavelengths, k = ceil(log2 n)).
/// </summary>
public class MdiResourceCountsTests
{
    /// <summary>
    /// Values the paper states: n = 4, three comb lines (main text); n = 8, one wavelength and one module more than the
    /// four-user network, four bins; n = 16, six wavelengths, fifteen modules, eight bins; n = 32, 64 from the formula as
    /// printed (3*5/2 - 1/2 = 7, 3*6/2 = 9).
    /// </summary>
    [Theory]
    [InlineData(4, 3, 3, 2)]
    [InlineData(8, 7, 4, 4)]
    [InlineData(16, 15, 6, 8)]
    [InlineData(32, 31, 7, 16)]
    [InlineData(64, 63, 9, 32)]
    public void TdmFormulasGiveThePapersValues(int n, int modules, int wavelengths, int bins)
    {
        Assert.Equal(modules, MdiResourceCounts.TdmModules(n));
        Assert.Equal(wavelengths, MdiResourceCounts.TdmWavelengthsPerUser(n));
        Assert.Equal(bins, MdiResourceCounts.TdmBins(n));
    }

    [Fact]
    public void EightUsersAddOneWavelengthAndOneModuleToTheFourUserNetwork()
    {
        Assert.Equal(MdiResourceCounts.OriginalWavelengths(4) + 1, MdiResourceCounts.TdmWavelengthsPerUser(8));
        Assert.Equal(MdiResourceCounts.OriginalModules(4) + 1, MdiResourceCounts.TdmModules(8));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(64)]
    public void OriginalSchemeNeedsNMinus1LinesForEvenNAndNForOddN(int n)
    {
        Assert.Equal(n % 2 == 0 ? n - 1 : n, MdiResourceCounts.OriginalWavelengths(n));
        Assert.Equal(n * (n - 1) / 2, MdiResourceCounts.OriginalModules(n));
    }

    /// <summary>The round-robin line assignment is a proper edge colouring: a user never meets one line twice.</summary>
    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(64)]
    public void OriginalLinesDifferAtEveryUser(int n)
    {
        for (int u = 0; u < n; u++)
        {
            var lines = Enumerable.Range(0, n).Where(v => v != u)
                .Select(v => MdiResourceCounts.OriginalLine(n, Math.Min(u, v), Math.Max(u, v))).ToArray();
            Assert.Equal(n - 1, lines.Distinct().Count());
        }
    }

    [Fact]
    public void Fig12RowsCoverTwoToSixtyFour()
    {
        var rows = MdiResourceCounts.Rows();
        Assert.Equal(63, rows.Count);
        Assert.Equal(Enumerable.Range(2, 63), rows.Select(r => r.Users));
        Assert.All(rows, r =>
        {
            Assert.True(r.TdmModules <= r.OriginalModules);
            Assert.True(r.TdmWavelengths <= r.OriginalWavelengths);
            Assert.True(r.BuiltWavelengths <= r.TdmWavelengths);
        });
        var sixtyFour = rows[^1];
        Assert.Equal((64, 63, 2016, 63, 9, 32, 7),
            (sixtyFour.Users, sixtyFour.OriginalWavelengths, sixtyFour.OriginalModules, sixtyFour.TdmModules,
             sixtyFour.TdmWavelengths, sixtyFour.TdmBins, sixtyFour.BuiltWavelengths));
    }

    /// <summary>
    /// With a passive relay the paper's module and bin counts force about sqrt(n) wavelengths per user: the bound equals the
    /// formula at n = 8, 32, 64, stays below it up to 64, and exceeds it from n = 128 on.
    /// </summary>
    [Theory]
    [InlineData(4, 3)]
    [InlineData(8, 4)]
    [InlineData(16, 5)]
    [InlineData(32, 7)]
    [InlineData(64, 9)]
    [InlineData(128, 12)]
    [InlineData(256, 17)]
    public void PassiveRelayBound(int n, int bound)
    {
        Assert.Equal(bound, MdiResourceCounts.PassiveRelayMinWavelengths(n));
        if (n <= 64) Assert.True(bound <= MdiResourceCounts.TdmWavelengthsPerUser(n));
        else Assert.True(bound > MdiResourceCounts.TdmWavelengthsPerUser(n));
    }
}

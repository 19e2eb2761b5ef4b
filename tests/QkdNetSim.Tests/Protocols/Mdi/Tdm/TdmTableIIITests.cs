using QkdNetSim.Protocols.Mdi.Tdm;

namespace QkdNetSim.Tests.Protocols.Mdi.Tdm;

/// <summary>
/// The eight-user schedule against seed 002 Supplementary Table III, transcribed cell by cell (rows t1..t4, columns
/// BSM 1..7), and the claims of the surrounding text: 7 modules, 4 bins, one wavelength more than the four-user network.
/// </summary>
public class TdmTableIIITests
{
    // seed 002 Supplementary Table III, as printed.
    private static readonly string[][] TableIII =
    [
        ["A1-B1", "A1-C1", "A1-D1", "B1-C1", "B1-D1", "C1-D1", "A1-A2"],
        ["A1-B2", "A1-C2", "A1-D2", "B1-C2", "B1-D2", "C1-D2", "B1-B2"],
        ["A2-B1", "A2-C1", "A2-D1", "B2-C1", "B2-D1", "C2-D1", "C1-C2"],
        ["A2-B2", "A2-C2", "A2-D2", "B2-C2", "B2-D2", "C2-D2", "D1-D2"],
    ];

    private static readonly TdmSchedule Eight = TdmScheduleBuilder.Build(8);

    [Fact]
    public void HasSevenModulesAndFourBins()
    {
        Assert.Equal(7, Eight.Modules);
        Assert.Equal(4, Eight.Bins);
    }

    [Fact]
    public void EveryCellMatchesTableIII()
    {
        for (int t = 0; t < 4; t++)
            for (int m = 0; m < 7; m++)
            {
                var pair = Eight.PairAt(t, m);
                Assert.True(pair is not null, $"t{t + 1} BSM {m + 1} is idle, Table III has {TableIII[t][m]}");
                var (a, b) = pair!.Value;
                Assert.True(TableIII[t][m] == TdmSchedule.PairName(a, b),
                    $"t{t + 1} BSM {m + 1}: ours {TdmSchedule.PairName(a, b)}, Table III {TableIII[t][m]}");
            }
        Assert.Equal(28, Eight.Assignments.Count);
    }

    [Fact]
    public void IsValidWithinThePapersFourWavelengths()
    {
        Assert.Null(TdmScheduleValidator.FirstViolation(Eight));
        Assert.Equal(4, MdiResourceCounts.TdmWavelengthsPerUser(8));
        Assert.Equal(4, Eight.WavelengthCount);
        Assert.Equal(4, Eight.MaxWavelengthsPerUser);
    }

    /// <summary>
    /// BSM 1..6 carry the K4 colouring of the four-user network ({AB, CD}, {AC, BD}, {AD, BC}) and BSM 7 the one extra
    /// wavelength: "only needs to add one additional light wavelength and one additional BSM module".
    /// </summary>
    [Fact]
    public void ModulesOneToSixReuseTheFourUserWavelengthsAndBsm7AddsOne()
    {
        var w = Eight.ModuleWavelengths;
        Assert.Equal(w[0], w[5]); // AB, CD
        Assert.Equal(w[1], w[4]); // AC, BD
        Assert.Equal(w[2], w[3]); // AD, BC
        Assert.Equal(3, w.Take(6).Distinct().Count());
        Assert.DoesNotContain(w[6], w.Take(6));
        Assert.Equal(3, TdmScheduleBuilder.Build(4).WavelengthCount);
    }

    [Fact]
    public void EveryPairHasDutyCycleOneQuarter()
    {
        for (int a = 0; a < 8; a++)
            for (int b = a + 1; b < 8; b++)
                Assert.Equal(0.25, Eight.DutyCycle(a, b));
    }

    /// <summary>Table III also works with a passive relay: each user's wavelength always lands on the same module.</summary>
    [Fact]
    public void NeedsNoSwitchAtTheRelay() => Assert.Null(TdmScheduleValidator.FirstRoutingSwitch(Eight));

    [Fact]
    public void MarkdownHasTableIIILayout()
    {
        string[] lines = Eight.ToMarkdown().TrimEnd().Split('\n');
        Assert.Equal(2 + 4, lines.Length);
        Assert.StartsWith("| Bin | BSM 1 (λ1) |", lines[0]);
        Assert.Equal("| t1 | A1-B1 | A1-C1 | A1-D1 | B1-C1 | B1-D1 | C1-D1 | A1-A2 |", lines[2].TrimEnd('\r'));
        Assert.Equal("| t3 | A2-B1 | A2-C1 | A2-D1 | B2-C1 | B2-D1 | C2-D1 | C1-C2 |", lines[4].TrimEnd('\r'));
    }
}

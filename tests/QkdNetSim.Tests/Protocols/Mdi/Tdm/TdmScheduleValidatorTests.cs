using QkdNetSim.Protocols.Mdi.Tdm;

namespace QkdNetSim.Tests.Protocols.Mdi.Tdm;

/// <summary>The validator rejects schedules that break one hardware rule each, starting from valid Table III (seed 002).</summary>
public class TdmScheduleValidatorTests
{
    private static readonly TdmSchedule Eight = TdmScheduleBuilder.Build(8);

    private static TdmSchedule WithAssignments(IEnumerable<TdmAssignment> assignments) =>
        Eight with { Assignments = assignments.ToArray() };

    [Fact]
    public void AcceptsTableIII() => Assert.True(TdmScheduleValidator.IsValid(Eight));

    [Fact]
    public void RejectsAMissingPair()
    {
        var broken = WithAssignments(Eight.Assignments.Where(a => !(a.Bin == 2 && a.Module == 3))); // B2-C1
        string? message = TdmScheduleValidator.FirstViolation(broken);
        Assert.NotNull(message);
        Assert.Contains("B2-C1", message);
        Assert.Contains("never served", message);
    }

    [Fact]
    public void RejectsAPairServedTwice()
    {
        var extra = Eight.Assignments.Where(a => a.Bin == 0 && a.Module == 0).Select(a => a with { Bin = 3 });
        var broken = WithAssignments(Eight.Assignments.Where(a => !(a.Bin == 3 && a.Module == 0)).Concat(extra));
        string? message = TdmScheduleValidator.FirstViolation(broken);
        Assert.NotNull(message);
        Assert.Contains("A1-B1 is served 2 times", message);
    }

    /// <summary>C1-D1 moved from BSM 6 to BSM 1 in t1, where BSM 1 already measures A1-B1.</summary>
    [Fact]
    public void RejectsAModuleUsedTwiceInABin()
    {
        var broken = WithAssignments(Eight.Assignments.Select(a => a.Bin == 0 && a.Module == 5 ? a with { Module = 0 } : a));
        string? message = TdmScheduleValidator.FirstViolation(broken);
        Assert.NotNull(message);
        Assert.Contains("t1: BSM 1 is asked to measure two pairs", message);
    }

    /// <summary>BSM 7 retuned to lambda1: in t1 user A1 would feed BSM 1 (A1-B1) and BSM 7 (A1-A2) from one lambda1 encoder.</summary>
    [Fact]
    public void RejectsAUserSendingAWavelengthTwiceInABin()
    {
        var broken = Eight with { ModuleWavelengths = [.. Eight.ModuleWavelengths.Take(6), Eight.ModuleWavelengths[0]] };
        string? message = TdmScheduleValidator.FirstViolation(broken, wavelengthBudget: 99);
        Assert.NotNull(message);
        Assert.Contains("t1: user A1 would send λ1 to BSM 1 and BSM 7", message);
    }

    [Fact]
    public void RejectsMoreWavelengthsThanTheBudget()
    {
        string? message = TdmScheduleValidator.FirstViolation(Eight, wavelengthBudget: 3);
        Assert.NotNull(message);
        Assert.Contains("needs 4 wavelengths", message);
    }

    [Fact]
    public void RejectsAUserOutsideTheNetwork()
    {
        var broken = WithAssignments(Eight.Assignments.Select(a => a.Bin == 0 && a.Module == 6 ? a with { UserB = 8 } : a));
        Assert.Contains("is not a pair", TdmScheduleValidator.FirstViolation(broken));
    }

    [Fact]
    public void RejectsABinOutsideTheCycle()
    {
        var broken = WithAssignments(Eight.Assignments.Select(a => a.Bin == 3 && a.Module == 6 ? a with { Bin = 4 } : a));
        Assert.Contains("bin 4", TdmScheduleValidator.FirstViolation(broken));
    }
}

namespace QkdNetSim.Protocols.Mdi.Tdm;

// Model: seed 002 Supplementary, "Hardware efficient protocol for a fully-connected MDI-QKD network", Table III.

/// <summary>
/// Checks the hardware rules a TDM cycle must obey, so that a schedule from any source (the builder, a search, a hand-made
/// table) can be trusted before it drives a simulation:
/// <list type="number">
/// <item>bins, modules and users in range, a pair is two different users;</item>
/// <item>a BSM module measures at most one pair per bin (it has one beam splitter and two detectors);</item>
/// <item>in one bin a user sends each wavelength to at most one module (one encoder per wavelength per user);</item>
/// <item>every pair of present users is served exactly once per cycle (fully connected, equal duty cycle);</item>
/// <item>no user needs more wavelengths (encoders) than the budget, by default the paper's 3k/2 or (3k - 1)/2,
/// k = ceil(log2 n).</item>
/// </list>
/// A module's wavelength is fixed by the schedule's representation (one wavelength per module).
/// </summary>
public static class TdmScheduleValidator
{
    /// <summary>True when <see cref="FirstViolation"/> finds nothing.</summary>
    public static bool IsValid(TdmSchedule schedule, int? wavelengthBudget = null) =>
        FirstViolation(schedule, wavelengthBudget) is null;

    /// <summary>
    /// The first broken rule as a sentence naming the bin, module, users and wavelength involved, or null when the schedule
    /// is valid. <paramref name="wavelengthBudget"/> defaults to <see cref="MdiResourceCounts.TdmWavelengthsPerUser"/>.
    /// </summary>
    public static string? FirstViolation(TdmSchedule schedule, int? wavelengthBudget = null)
    {
        var s = schedule;
        if (s.Users < 2) return $"a network needs at least 2 users, got {s.Users}";
        if (s.Bins < 1) return $"a cycle needs at least one time bin, got {s.Bins}";
        for (int m = 0; m < s.Modules; m++)
            if (s.ModuleWavelengths[m] < 0) return $"BSM {m + 1} has a negative wavelength index {s.ModuleWavelengths[m]}";

        foreach (var a in s.Assignments)
        {
            if (a.Bin < 0 || a.Bin >= s.Bins) return $"an assignment uses bin {a.Bin}, outside 0..{s.Bins - 1}";
            if (a.Module < 0 || a.Module >= s.Modules) return $"an assignment uses module {a.Module}, outside 0..{s.Modules - 1}";
            if (a.UserA < 0 || a.UserB >= s.Users || a.UserA >= a.UserB)
                return $"t{a.Bin + 1} BSM {a.Module + 1}: ({a.UserA}, {a.UserB}) is not a pair of two users in 0..{s.Users - 1} (lower index first)";
        }

        var moduleUse = new Dictionary<(int Bin, int Module), TdmAssignment>();
        foreach (var a in s.Assignments)
        {
            if (moduleUse.TryGetValue((a.Bin, a.Module), out var first))
                return $"t{a.Bin + 1}: BSM {a.Module + 1} is asked to measure two pairs, {Name(first)} and {Name(a)}";
            moduleUse[(a.Bin, a.Module)] = a;
        }

        var encoderUse = new Dictionary<(int Bin, int User, int Wavelength), int>();
        foreach (var a in s.Assignments)
            foreach (int user in new[] { a.UserA, a.UserB })
            {
                int w = s.ModuleWavelengths[a.Module];
                if (encoderUse.TryGetValue((a.Bin, user, w), out int otherModule))
                    return $"t{a.Bin + 1}: user {TdmSchedule.UserName(user)} would send λ{w + 1} to BSM {otherModule + 1} and " +
                           $"BSM {a.Module + 1} at once, but has one encoder per wavelength";
                encoderUse[(a.Bin, user, w)] = a.Module;
            }

        var served = s.Assignments.GroupBy(a => (a.UserA, a.UserB)).ToDictionary(g => g.Key, g => g.ToArray());
        for (int u = 0; u < s.Users; u++)
            for (int v = u + 1; v < s.Users; v++)
            {
                if (!served.TryGetValue((u, v), out var cells))
                    return $"pair {TdmSchedule.PairName(u, v)} is never served in the cycle";
                if (cells.Length > 1)
                    return $"pair {TdmSchedule.PairName(u, v)} is served {cells.Length} times per cycle (" +
                           string.Join(", ", cells.Select(c => $"t{c.Bin + 1} BSM {c.Module + 1}")) + "), not once";
            }

        int budget = wavelengthBudget ?? MdiResourceCounts.TdmWavelengthsPerUser(s.Users);
        for (int u = 0; u < s.Users; u++)
        {
            var used = s.WavelengthsOfUser(u);
            if (used.Count > budget)
                return $"user {TdmSchedule.UserName(u)} needs {used.Count} wavelengths (encoders), more than the budget of {budget}";
        }
        return null;
    }

    /// <summary>
    /// A stricter, optional property: with a passive relay (each user's fibre split by a fixed DEMUX, each DEMUX port wired
    /// to one module, seed 002 Fig. 1) a user's wavelength always lands on the same module. Returns the first user whose
    /// wavelength must go to two different modules in different bins (so the relay needs optical switches), or null when
    /// a passive relay suffices. Table III passes; the doubling step of <see cref="TdmScheduleBuilder"/> does not.
    /// </summary>
    public static string? FirstRoutingSwitch(TdmSchedule schedule)
    {
        var port = new Dictionary<(int User, int Wavelength), TdmAssignment>();
        foreach (var a in schedule.Assignments)
            foreach (int user in new[] { a.UserA, a.UserB })
            {
                int w = schedule.ModuleWavelengths[a.Module];
                if (port.TryGetValue((user, w), out var first) && first.Module != a.Module)
                    return $"user {TdmSchedule.UserName(user)} sends λ{w + 1} to BSM {first.Module + 1} in t{first.Bin + 1} " +
                           $"and to BSM {a.Module + 1} in t{a.Bin + 1}: the relay must switch that DEMUX port";
                port.TryAdd((user, w), a);
            }
        return null;
    }

    private static string Name(TdmAssignment a) => TdmSchedule.PairName(a.UserA, a.UserB);
}

using System.Text;

namespace QkdNetSim.Protocols.Mdi.Tdm;

// Model: seed 002 Supplementary, "Hardware efficient protocol for a fully-connected MDI-QKD network", Table III.

/// <summary>
/// One cell of a TDM cycle: in time bin <paramref name="Bin"/>, BSM module <paramref name="Module"/> interferes the pulses of
/// users <paramref name="UserA"/> and <paramref name="UserB"/>. Kept as a list entry rather than a grid cell so that a broken
/// schedule (a module asked to serve two pairs in one bin) can be represented and rejected by the validator.
/// </summary>
/// <param name="Bin">Time bin, 0-based (t1 is 0).</param>
/// <param name="Module">BSM module, 0-based (BSM 1 is 0).</param>
/// <param name="UserA">The lower user index of the pair.</param>
/// <param name="UserB">The higher user index of the pair.</param>
public readonly record struct TdmAssignment(int Bin, int Module, int UserA, int UserB);

/// <summary>
/// A time-division-multiplexed cycle of a fully connected MDI-QKD network: which user pair each BSM module measures in each
/// time bin. The cycle repeats; a pair that is served in one bin of the cycle gets a duty cycle of 1 / <see cref="Bins"/>,
/// which is the price the scheme pays for needing O(n) modules and O(log n) wavelengths instead of O(n^2) and O(n).
/// </summary>
/// <param name="Users">Number of users present (users 0 .. Users-1; named A1, B1, C1, D1, A2, ... as in Table III).</param>
/// <param name="Bins">Time bins per cycle.</param>
/// <param name="ModuleWavelengths">Wavelength (comb-line index, 0-based) of each BSM module. One entry per module: a module's
/// DEMUX port is wired to one wavelength, so the wavelength is fixed for the whole cycle by construction.</param>
/// <param name="Assignments">The [bin, module] -> pair map as a list; a (bin, module) not listed is idle.</param>
public sealed record TdmSchedule(int Users, int Bins, IReadOnlyList<int> ModuleWavelengths, IReadOnlyList<TdmAssignment> Assignments)
{
    /// <summary>Number of BSM modules at the relay.</summary>
    public int Modules => ModuleWavelengths.Count;

    /// <summary>Distinct wavelengths (comb lines) the relay's modules use.</summary>
    public int WavelengthCount => ModuleWavelengths.Distinct().Count();

    /// <summary>The pair module <paramref name="module"/> serves in <paramref name="bin"/>, or null when it is idle.</summary>
    public (int A, int B)? PairAt(int bin, int module)
    {
        foreach (var a in Assignments)
            if (a.Bin == bin && a.Module == module) return (a.UserA, a.UserB);
        return null;
    }

    /// <summary>
    /// Fraction of the cycle during which the pair (a, b) is measured: bins serving it / bins per cycle. Equal to 1 / Bins in a
    /// valid schedule, since every pair is served exactly once.
    /// </summary>
    public double DutyCycle(int a, int b)
    {
        (int lo, int hi) = a < b ? (a, b) : (b, a);
        return (double)Assignments.Count(x => x.UserA == lo && x.UserB == hi) / Bins;
    }

    /// <summary>
    /// The wavelengths user <paramref name="user"/> sends at some point of the cycle: the encoders its transmitter needs
    /// (one per wavelength, seed 002 Fig. 1).
    /// </summary>
    public IReadOnlyList<int> WavelengthsOfUser(int user) =>
        Assignments.Where(a => a.UserA == user || a.UserB == user)
            .Select(a => ModuleWavelengths[a.Module]).Distinct().Order().ToArray();

    /// <summary>The largest number of encoders any user needs.</summary>
    public int MaxWavelengthsPerUser => Enumerable.Range(0, Users).Max(u => WavelengthsOfUser(u).Count);

    /// <summary>Table III naming: letter within a four-user subnet, then the subnet number (user 5 is B2).</summary>
    public static string UserName(int user) => $"{(char)('A' + user % 4)}{user / 4 + 1}";

    /// <summary>
    /// "A2-B1" for a pair, ordered as printed in Table III: by letter, then by subnet (A2-B1, C1-C2).
    /// </summary>
    public static string PairName(int a, int b)
    {
        bool aFirst = (a % 4, a / 4).CompareTo((b % 4, b / 4)) < 0;
        return aFirst ? $"{UserName(a)}-{UserName(b)}" : $"{UserName(b)}-{UserName(a)}";
    }

    /// <summary>
    /// The schedule as a Markdown table laid out like Table III: one row per time bin, one column per BSM module, the module's
    /// wavelength in the header (lambda1 is comb line 0), an em dash for an idle module.
    /// </summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| Bin |");
        for (int m = 0; m < Modules; m++) sb.Append($" BSM {m + 1} (λ{ModuleWavelengths[m] + 1}) |");
        sb.AppendLine();
        sb.Append("|---|");
        for (int m = 0; m < Modules; m++) sb.Append("---|");
        sb.AppendLine();
        for (int t = 0; t < Bins; t++)
        {
            sb.Append($"| t{t + 1} |");
            for (int m = 0; m < Modules; m++)
                sb.Append(PairAt(t, m) is (int a, int b) ? $" {PairName(a, b)} |" : " — |");
            sb.AppendLine();
        }
        return sb.ToString();
    }
}

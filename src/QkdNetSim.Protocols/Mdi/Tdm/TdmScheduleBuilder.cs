namespace QkdNetSim.Protocols.Mdi.Tdm;

// Model: seed 002 Supplementary, "Hardware efficient protocol for a fully-connected MDI-QKD network", Table III and Fig. 11.

/// <summary>
/// Builds a TDM schedule for an n-user fully connected MDI-QKD network with 2^k - 1 BSM modules and 2^(k-1) time bins,
/// k = ceil(log2 n), so that every module is busy in every bin (n(n-1)/2 = (2^k - 1) 2^(k-1) pairs for n = 2^k).
/// <list type="bullet">
/// <item>n = 2: one module, one bin.</item>
/// <item>n = 4: the three wavelength classes of K4 ({AB, CD}, {AC, BD}, {AD, BC}) become three modules; A's three pairs
/// go in t1, the other three in t2.</item>
/// <item>n = 8: Table III, built from two copies of the one-bin four-user network of the main text (see
/// <see cref="EightUser"/>).</item>
/// <item>n = 16, 32, ...: <see cref="Double"/> joins two copies of the n/2 schedule ("connect two eight-user networks").</item>
/// </list>
/// A user count that is not a power of two is padded with absent users whose pairs are dropped.
/// <para>
/// Wavelengths: this construction needs k + 1 per user for k &gt;= 2 (3, 4, 5, 6, 7 for n = 4, 8, 16, 32, 64), never more
/// than the paper's 3k/2 (k even) or (3k - 1)/2 (k odd); for n = 16 it uses 5 where the paper states 6. The doubling step
/// reuses the subnets' wavelengths on both halves, so it relies on the relay switching a user's wavelength between modules
/// from bin to bin (Table III itself does not need that: see <see cref="TdmScheduleValidator.FirstRoutingSwitch"/>).
/// </para>
/// </summary>
public static class TdmScheduleBuilder
{
    /// <summary>Schedule for <paramref name="users"/> users (at least 2).</summary>
    public static TdmSchedule Build(int users)
    {
        if (users < 2) throw new ArgumentOutOfRangeException(nameof(users), users, "a network needs at least two users");
        int padded = 1 << MdiResourceCounts.CeilLog2(users);
        var full = BuildPowerOfTwo(padded);
        return full with
        {
            Users = users,
            Assignments = full.Assignments.Where(a => a.UserB < users).OrderBy(a => a.Bin).ThenBy(a => a.Module).ToArray(),
        };
    }

    private static TdmSchedule BuildPowerOfTwo(int n) => n switch
    {
        2 => new TdmSchedule(2, 1, [0], [new TdmAssignment(0, 0, 0, 1)]),
        4 => FourUser(),
        8 => EightUser(),
        _ => Double(BuildPowerOfTwo(n / 2)),
    };

    /// <summary>
    /// Wavelength of the pair (x, y) of a four-user subnet (letters 0..3): the proper 3-edge-colouring of K4, which is
    /// (x XOR y) - 1: AB and CD get 0, AC and BD get 1, AD and BC get 2. Pairs that share a user get different wavelengths,
    /// which is what lets a user feed all its pairs at once through one encoder per wavelength (main text, three comb lines).
    /// </summary>
    public static int K4Wavelength(int x, int y) => (x ^ y) - 1;

    /// <summary>
    /// Four users, three modules (one per K4 wavelength class), two bins: module c serves A's pair of class c in t1 and the
    /// complementary pair of the same class in t2.
    /// </summary>
    private static TdmSchedule FourUser()
    {
        var assignments = new List<TdmAssignment>();
        for (int partner = 1; partner <= 3; partner++)
        {
            int module = K4Wavelength(0, partner);
            int[] rest = [.. Enumerable.Range(1, 3).Where(u => u != partner)];
            assignments.Add(new TdmAssignment(0, module, 0, partner));
            assignments.Add(new TdmAssignment(1, module, rest[0], rest[1]));
        }
        return new TdmSchedule(4, 2, [0, 1, 2], assignments);
    }

    /// <summary>
    /// Table III. Users X_s (letter X of subnet s = 0, 1; index 4s + X). BSM 1..6 are the six letter pairs {X, Y} (X &lt; Y,
    /// in the order AB, AC, AD, BC, BD, CD) with the K4 wavelengths; the bins are the ordered subnet pairs (s, s') in the
    /// order (1,1), (1,2), (2,1), (2,2), and in bin (s, s') module {X, Y} serves X_s - Y_s'. That covers every pair with
    /// different letters once. BSM 7, on a fourth wavelength, serves the four same-letter pairs X_1 - X_2, letter X in bin X.
    /// This lifting is only perfectly packed for four-user subnets (four same-letter pairs fill exactly four bins), which
    /// is why larger networks use <see cref="Double"/>.
    /// </summary>
    private static TdmSchedule EightUser()
    {
        var wavelengths = new List<int>();
        var assignments = new List<TdmAssignment>();
        for (int x = 0; x < 4; x++)
            for (int y = x + 1; y < 4; y++)
            {
                int module = wavelengths.Count;
                wavelengths.Add(K4Wavelength(x, y));
                for (int s = 0; s < 2; s++)
                    for (int s2 = 0; s2 < 2; s2++)
                        assignments.Add(Assign(2 * s + s2, module, 4 * s + x, 4 * s2 + y));
            }
        int sameLetterModule = wavelengths.Count;
        wavelengths.Add(3);
        for (int x = 0; x < 4; x++) assignments.Add(Assign(x, sameLetterModule, x, 4 + x));
        return new TdmSchedule(8, 4, wavelengths, assignments);
    }

    /// <summary>
    /// Joins two copies of an m-user schedule (M modules, m/2 bins, every module busy in every bin) into a 2m-user schedule
    /// with 2M + 1 modules and m bins. Users 0..m-1 are half 1, m..2m-1 half 2; modules 0..M-1 (P) copy the old modules for
    /// half 1, M..2M-1 (Q) for half 2, both on the old wavelengths; module 2M (Z) gets one new wavelength.
    /// <list type="bullet">
    /// <item>Bins 0..m/2-1: each half runs the old schedule, half 1 on P, half 2 on Q.</item>
    /// <item>Bins m/2..m-1: where the old schedule had pair (x, y), x &lt; y, on module j in bin b, P_j serves x - (y + m) and
    /// Q_j serves y - (x + m) in bin m/2 + b. A user then meets, in the new bin, the same modules' wavelengths it met in the
    /// old bin, so it still sends each wavelength at most once.</item>
    /// <item>Z serves the m mirror pairs x - (x + m), pair x in bin x.</item>
    /// </list>
    /// </summary>
    public static TdmSchedule Double(TdmSchedule half)
    {
        int m = half.Users, modules = half.Modules, bins = half.Bins;
        if (2 * bins != m || half.Assignments.Count != modules * bins)
            throw new ArgumentException("doubling needs a fully packed schedule with users / 2 bins", nameof(half));

        var assignments = new List<TdmAssignment>();
        foreach (var a in half.Assignments)
        {
            assignments.Add(a);
            assignments.Add(new TdmAssignment(a.Bin, modules + a.Module, a.UserA + m, a.UserB + m));
            assignments.Add(Assign(bins + a.Bin, a.Module, a.UserA, a.UserB + m));
            assignments.Add(Assign(bins + a.Bin, modules + a.Module, a.UserB, a.UserA + m));
        }
        int mirror = 2 * modules;
        for (int x = 0; x < m; x++) assignments.Add(Assign(x, mirror, x, x + m));

        int newWavelength = half.ModuleWavelengths.Max() + 1;
        int[] wavelengths = [.. half.ModuleWavelengths, .. half.ModuleWavelengths, newWavelength];
        return new TdmSchedule(2 * m, 2 * bins, wavelengths, assignments);
    }

    private static TdmAssignment Assign(int bin, int module, int u, int v) =>
        new(bin, module, Math.Min(u, v), Math.Max(u, v));
}

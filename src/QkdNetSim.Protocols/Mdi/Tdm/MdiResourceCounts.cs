namespace QkdNetSim.Protocols.Mdi.Tdm;

// Model: seed 002 main text (n - 1 or n frequency lines, n(n-1)/2 BSM modules) and Supplementary Fig. 12 (TDM scheme).

/// <summary>
/// Hardware of an n-user fully connected MDI-QKD network, original scheme against the TDM scheme (seed 002 Supplementary
/// Fig. 12), plus what <see cref="TdmScheduleBuilder"/> actually needs.
/// </summary>
/// <param name="Users">n.</param>
/// <param name="OriginalWavelengths">Comb lines of the original scheme (all pairs at once): colours of a proper edge colouring
/// of K_n, n - 1 for n even, n for n odd.</param>
/// <param name="OriginalModules">BSM modules of the original scheme, one per pair: n(n-1)/2.</param>
/// <param name="TdmModules">BSM modules of the TDM scheme, paper: 2^ceil(log2 n) - 1.</param>
/// <param name="TdmWavelengths">Encoders (wavelengths) per user of the TDM scheme, paper's formula.</param>
/// <param name="TdmBins">Time bins per cycle that the paper's module count implies; each pair's duty cycle is 1 / TdmBins.</param>
/// <param name="BuiltWavelengths">Largest number of wavelengths a user needs in the schedule <see cref="TdmScheduleBuilder"/>
/// builds for n users.</param>
public sealed record MdiResourceRow(
    int Users,
    int OriginalWavelengths,
    int OriginalModules,
    int TdmModules,
    int TdmWavelengths,
    int TdmBins,
    int BuiltWavelengths);

/// <summary>Resource formulas for the original and the TDM fully connected MDI-QKD network, evaluated, not tabulated.</summary>
public static class MdiResourceCounts
{
    /// <summary>ceil(log2 n) for n &gt;= 1: the number of doublings needed to reach n users.</summary>
    public static int CeilLog2(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "need n >= 1");
        int k = 0;
        while ((1 << k) < n) k++;
        return k;
    }

    /// <summary>
    /// Comb line of the pair (a, b) in the original scheme, from the round-robin (circle) 1-factorisation of K_n: users
    /// 0..n-2 sit on a circle and the pair (a, b) gets line (a + b) mod (n - 1), the pair (a, n - 1) line 2a mod (n - 1);
    /// for odd n, (a + b) mod n. Pairs sharing a user get different lines, so each user needs one encoder per line it meets.
    /// </summary>
    public static int OriginalLine(int n, int a, int b)
    {
        if (n % 2 == 1) return (a + b) % n;
        if (a == n - 1) return 2 * b % (n - 1);
        if (b == n - 1) return 2 * a % (n - 1);
        return (a + b) % (n - 1);
    }

    /// <summary>Distinct comb lines the original scheme uses for n users (counted from <see cref="OriginalLine"/>).</summary>
    public static int OriginalWavelengths(int n) =>
        Pairs(n).Select(p => OriginalLine(n, p.A, p.B)).Distinct().Count();

    /// <summary>BSM modules of the original scheme: one per pair.</summary>
    public static int OriginalModules(int n) => Pairs(n).Count();

    /// <summary>Paper: 2^ceil(log2 n) - 1 BSM modules.</summary>
    public static int TdmModules(int n) => (1 << CeilLog2(n)) - 1;

    /// <summary>Paper: 3k/2 encoders per user when k = ceil(log2 n) is even, 3k/2 - 1/2 when k is odd.</summary>
    public static int TdmWavelengthsPerUser(int n)
    {
        int k = CeilLog2(n);
        return k % 2 == 0 ? 3 * k / 2 : (3 * k - 1) / 2;
    }

    /// <summary>
    /// Bins per cycle implied by the module count: the padded network's pairs divided by the modules, i.e. every module busy
    /// in every bin (4 for n = 8 and 8 for n = 16, as the paper states).
    /// </summary>
    public static int TdmBins(int n)
    {
        int padded = 1 << CeilLog2(n);
        return padded * (padded - 1) / 2 / TdmModules(n);
    }

    /// <summary>
    /// Lower bound on the wavelengths per user when the relay is passive (<see cref="TdmScheduleValidator.FirstRoutingSwitch"/>)
    /// and the network has the paper's n - 1 modules and n/2 bins, n a power of two. Every module then measures n/2 pairs,
    /// which need at least b users with b(b-1)/2 &gt;= n/2; with a passive relay a user reaches one module per wavelength, so
    /// the users' wavelengths sum to at least (n - 1) b and some user needs ceil((n - 1) b / n). Grows like sqrt(n), so it
    /// overtakes the paper's O(log n) formula at n = 128.
    /// </summary>
    public static int PassiveRelayMinWavelengths(int n)
    {
        if (n < 2 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "need a power of two >= 2");
        int pairsPerModule = n / 2, b = 2;
        while (b * (b - 1) / 2 < pairsPerModule) b++;
        return ((n - 1) * b + n - 1) / n;
    }

    /// <summary>Fig. 12 as rows, one per n in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static IReadOnlyList<MdiResourceRow> Rows(int from = 2, int to = 64) =>
        Enumerable.Range(from, to - from + 1).Select(n => new MdiResourceRow(
            n,
            OriginalWavelengths(n),
            OriginalModules(n),
            TdmModules(n),
            TdmWavelengthsPerUser(n),
            TdmBins(n),
            TdmScheduleBuilder.Build(n).MaxWavelengthsPerUser)).ToArray();

    private static IEnumerable<(int A, int B)> Pairs(int n)
    {
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                yield return (a, b);
    }
}

namespace QkdNetSim.Analysis.Cv.Ofdm;

/// <summary>
/// Third-order intermodulation counts of subcarrier k in an N-subcarrier OFDM signal (Wang et al., "Performance analysis for
/// OFDM-based multi-carrier CV-QKD with arbitrary modulation protocol", Eqs. (8), (9)); subcarriers are k = 1..N, f_k = k Δf.
/// <list type="bullet">
/// <item>M1: 2m + n = k; M2: 2m − n = k (two-tone, m ≠ n; Eq. (8) rows 2-3).</item>
/// <item>W1: m + n + l = k; W2: m + n − l = k; W3: m − n − l = k (three-tone, m, n, l pairwise distinct and ≠ k; Eq. (8) rows 4-6).</item>
/// </list>
/// Counting choice: a mixing product is counted ONCE per distinct term of the Jacobi-Anger expansion Eq. (7), i.e. once per
/// distinct Bessel-order vector (p_1..p_N) (together with its negative, which Eq. (8) merges into the same
/// (G1+G2)e^{-j..} + (G1−G2)e^{+j..} pair). Eq. (7) is a product of one Bessel series per subcarrier, so the term
/// J_1(γ_a)J_1(γ_b)J_1(γ_c) with p_a = p_b = p_c = 1 occurs exactly once (no 3! multinomial factor): W1 counts unordered
/// triples {m, n, l}; W2 counts an unordered pair {m, n} and l; W3 counts m and an unordered pair {n, l}. In M1, M2 the two
/// indices play different roles (p_m = ±2, p_n = ±1), so (m, n) is an ordered pair.
/// The paper gives no closed form for these counts. It also lists no n − 2m = k product (the order vector (−2, +1)); it is
/// reported here as <see cref="M2Reversed"/> for completeness but is not part of Eq. (15).
/// </summary>
public readonly record struct IntermodulationCounts(long M1, long M2, long W1, long W2, long W3, long M2Reversed)
{
    /// <summary>Counts for subcarrier k of N (1 ≤ k ≤ N), by explicit enumeration of index pairs and triples.</summary>
    public static IntermodulationCounts For(int subcarrierCount, int k)
    {
        if (k < 1 || k > subcarrierCount) throw new ArgumentOutOfRangeException(nameof(k), $"subcarrier index must lie in 1..{subcarrierCount} (got {k})");
        return ForAllSubcarriers(subcarrierCount)[k - 1];
    }

    /// <summary>
    /// Counts for every subcarrier k = 1..N (element k−1), by enumerating every ordered pair (m, n), m ≠ n, and every
    /// unordered triple a &lt; b &lt; c with its four sign patterns up to a global sign (+++, ++−, +−+, −++).
    /// </summary>
    public static IntermodulationCounts[] ForAllSubcarriers(int subcarrierCount)
    {
        int n = subcarrierCount;
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(subcarrierCount), $"subcarrier count must be >= 1 (got {n})");
        var m1 = new long[n + 1];
        var m2 = new long[n + 1];
        var m2r = new long[n + 1];
        var w1 = new long[n + 1];
        var w2 = new long[n + 1];
        var w3 = new long[n + 1];

        // Two-tone products: orders (p_m, p_n) = (2, 1) and (2, −1); a frequency −k from (2, −1) is n − 2m = k.
        for (int a = 1; a <= n; a++)
        {
            for (int b = 1; b <= n; b++)
            {
                if (a == b) continue;
                int sum = 2 * a + b;
                if (sum <= n) m1[sum]++;
                int diff = 2 * a - b;
                if (diff >= 1 && diff <= n && diff != a && diff != b) m2[diff]++;
                else if (-diff >= 1 && -diff <= n && -diff != a && -diff != b) m2r[-diff]++;
            }
        }

        // Three-tone products: one term per sign pattern of the unordered triple {a, b, c}, up to a global sign.
        for (int a = 1; a <= n; a++)
        {
            for (int b = a + 1; b <= n; b++)
            {
                for (int c = b + 1; c <= n; c++)
                {
                    int all = a + b + c;
                    if (all <= n) w1[all]++; // m + n + l = k (never equals a, b or c)
                    AddOneMinus(a + b - c, a, b, c);
                    AddOneMinus(a - b + c, a, b, c);
                    AddOneMinus(-a + b + c, a, b, c);
                }
            }
        }

        var result = new IntermodulationCounts[n];
        for (int k = 1; k <= n; k++) result[k - 1] = new IntermodulationCounts(m1[k], m2[k], w1[k], w2[k], w3[k], m2r[k]);
        return result;

        // A pattern with one minus sign: value = +k is m + n − l = k (W2); value = −k is its negative, l − m − n = k (W3).
        void AddOneMinus(int value, int a, int b, int c)
        {
            int k = Math.Abs(value);
            if (k < 1 || k > n || k == a || k == b || k == c) return;
            if (value > 0) w2[k]++;
            else w3[k]++;
        }
    }
}

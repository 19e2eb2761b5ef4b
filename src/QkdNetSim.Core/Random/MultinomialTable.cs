namespace QkdNetSim.Core.Random;

/// <summary>
/// A fixed discrete law prepared for repeated Multinomial(n, p) draws of any n (count-drawing engines: one draw per span
/// and bin). Categories are visited in decreasing probability by conditional binomials, c_i ~ Binomial(n - sum_{j&lt;i} c_j,
/// p_i / S_i) with the tail mass S_i = sum_{j&gt;=i} p_j summed from the end (accurate for tiny tails); once at most
/// <see cref="IndividualDrawLimit"/> trials remain they are drawn one by one from the tail law (inversion on S, binary
/// search), which is the same multinomial: given the earlier counts, the remaining trials are i.i.d. on the tail. So the
/// cost is a few binomials for the heavy categories plus O(log L) per straggler, not L binomials.
/// </summary>
public sealed class MultinomialTable
{
    /// <summary>Remaining trials at or below which each is drawn individually instead of by further binomials.</summary>
    public const int IndividualDrawLimit = 8;

    private readonly int[] _order;      // category of each position, decreasing probability
    private readonly double[] _tail;    // _tail[i] = sum of the probabilities at positions >= i; _tail[L] = 0
    private readonly double[] _conditional; // p_i / S_i per position

    public int Count => _order.Length;

    /// <param name="weights">Non-negative weights, not all zero (normalised here).</param>
    public MultinomialTable(ReadOnlySpan<double> weights)
    {
        if (weights.Length == 0) throw new ArgumentException("a multinomial law needs at least one category");
        double total = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException("multinomial weights must be finite and non-negative");
            total += w;
        }
        if (total <= 0) throw new ArgumentException("multinomial weights sum to zero");
        var p = weights.ToArray();
        _order = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ThenBy(i => i).ToArray();
        _tail = new double[p.Length + 1];
        for (int i = p.Length - 1; i >= 0; i--) _tail[i] = _tail[i + 1] + p[_order[i]] / total;
        _conditional = new double[p.Length];
        for (int i = 0; i < p.Length; i++) _conditional[i] = _tail[i] > 0 ? Math.Clamp(p[_order[i]] / total / _tail[i], 0, 1) : 0;
    }

    /// <summary>Draws Multinomial(<paramref name="n"/>, p) into <paramref name="counts"/> (category order; overwritten).</summary>
    public void Sample(ref Xoshiro256 rng, long n, Span<long> counts)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "trials must be >= 0");
        counts[.._order.Length].Clear();
        long remaining = n;
        int last = _order.Length - 1;
        for (int i = 0; i < last && remaining > 0; i++)
        {
            if (remaining <= IndividualDrawLimit)
            {
                for (; remaining > 0; remaining--) counts[_order[DrawPosition(ref rng, i)]]++;
                return;
            }
            long c = Samplers.BinomialMeanSplit(ref rng, remaining, _conditional[i]);
            counts[_order[i]] = c;
            remaining -= c;
        }
        if (remaining > 0) counts[_order[last]] += remaining;
    }

    /// <summary>One trial from the tail law at positions >= <paramref name="from"/>: the position j with S_j - S_{j+1} covering u S_from.</summary>
    private int DrawPosition(ref Xoshiro256 rng, int from)
    {
        double target = _tail[from] - rng.NextDouble() * _tail[from]; // in (0, S_from]: find the largest j with _tail[j] >= target
        int lo = from, hi = _order.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_tail[mid] >= target) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}

using System.Runtime.CompilerServices;

namespace QkdNetSim.Core.Random;

/// <summary>
/// Walker/Vose alias table: O(1) sampling from a fixed discrete distribution (Vose, IEEE TSE 17 (1991) 972).
/// Built once per model; sampling allocates nothing.
/// </summary>
public sealed class AliasTable
{
    /// <summary>One column: keep it when the 53-bit coin is below Cut, else take Alias (one cache line, one bounds check).</summary>
    private struct Column
    {
        public ulong Cut;
        public int Alias;
    }

    private readonly Column[] _columns;

    public int Count => _columns.Length;

    public AliasTable(ReadOnlySpan<double> weights)
    {
        int n = weights.Length;
        if (n == 0) throw new ArgumentException("alias table needs at least one outcome");
        double total = 0;
        foreach (double w in weights)
        {
            if (w < 0 || double.IsNaN(w)) throw new ArgumentException("alias table weights must be non-negative");
            total += w;
        }
        if (total <= 0) throw new ArgumentException("alias table weights sum to zero");
        var threshold = new double[n];
        var aliasOf = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            threshold[s] = scaled[s];
            aliasOf[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        while (large.Count > 0) { int l = large.Pop(); threshold[l] = 1; aliasOf[l] = l; }
        while (small.Count > 0) { int s = small.Pop(); threshold[s] = 1; aliasOf[s] = s; }
        // coin < t with coin = c 2^-53 (c an integer) is c < ceil(t 2^53): the same decisions as the double comparison.
        _columns = new Column[n];
        for (int i = 0; i < n; i++) _columns[i] = new Column { Cut = (ulong)Math.Ceiling(threshold[i] * 9007199254740992.0), Alias = aliasOf[i] };
    }

    /// <summary>
    /// Draws an outcome index with one 64-bit random number r: r * n / 2^64 = column + fraction, i.e. the
    /// column is the high word of the 128-bit product and the coin is the low word. Given the column the low
    /// word is uniform on a grid of spacing n / 2^64, so the coin is uniform and independent of the column.
    /// (Taking the column from bits 32..63 and the coin from bits 0..52 would reuse bits 32..52 for both.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(ref Xoshiro256 rng)
    {
        Column[] columns = _columns;
        ulong column = Math.BigMul(rng.NextUInt64(), (ulong)columns.Length, out ulong fraction);
        ref Column c = ref columns[(int)column];
        int alias = c.Alias; // both candidates loaded: a conditional move, no branch to mispredict
        return (fraction >> 11) < c.Cut ? (int)column : alias;
    }
}

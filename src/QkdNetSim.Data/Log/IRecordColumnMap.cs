namespace QkdNetSim.Data.Log;

/// <summary>
/// How one log kind's row struct maps to its columns: the schema, a fill of whole column buffers from a span of rows
/// (hashing them in the same pass) and a drain back (one loop per call, no call per cell), and the order-sensitive
/// content hash of a row. Implemented
/// by a struct, so the generic writer and reader are specialised for it and the per-row hash inlines.
/// </summary>
public interface IRecordColumnMap<TRow> where TRow : struct
{
    static abstract LogSchema Schema { get; }

    /// <summary>Start state of the content hash (distinct per kind, so two kinds never share a hash chain by accident).</summary>
    static abstract ulong HashSeed { get; }

    /// <summary>Mixes every field of <paramref name="row"/> into <paramref name="state"/>.</summary>
    static abstract ulong Hash(ulong state, in TRow row);

    /// <summary>
    /// Writes <paramref name="rows"/> into rows [at, at + rows.Length) of every column and returns the content hash
    /// continued from <paramref name="hashState"/> over them: one pass over the rows, the hot path of a logged run.
    /// </summary>
    static abstract ulong Fill(ReadOnlySpan<TRow> rows, ColumnBuffers to, int at, ulong hashState);

    /// <summary>Reads rows [0, rows.Length) of every column into <paramref name="rows"/> (values already range-checked).</summary>
    static abstract void Drain(ColumnBuffers from, Span<TRow> rows);
}

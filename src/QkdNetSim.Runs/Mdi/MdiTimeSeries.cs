using System.Globalization;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Core.Records;
using QkdNetSim.Core.Units;
using QkdNetSim.Data.Files;
using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Runs.Mdi;

/// <summary>One block of slots [<paramref name="StartSlot"/>, <paramref name="EndSlot"/>): its coincidence tally and each module's relative delay in its last slot.</summary>
public sealed record MdiBlock(int Block, long StartSlot, long EndSlot, bool Interrupted, MdiCoincidenceTally Counts, double[] RelativeDelaysPs);

/// <summary>
/// One row of the MDI timeseries.parquet: one pair (BSM module) in one block. <paramref name="PsiMinus"/> and
/// <paramref name="Errors"/> are [l * levels + r] over the intensity pairs (the summary's `yields`); QBERs are null
/// without a count (or outside the four-intensity protocol).
/// </summary>
public sealed record MdiTimeSeriesRow(
    int Pair, string PairName, int Block, long StartSlot, long EndSlot, double StartS, double EndS, bool Interrupted,
    long TwoFold, long SameBin, long PsiMinusTotal, long[] PsiMinus, long[] Errors, double? QberZ, double? QberX, double RelativeDelayPs);

/// <summary>
/// The per-block counts of an MDI run (README "MDI time series"), fed with every coincidence batch as the summary's tally
/// is: the current block is an ordinary <see cref="MdiCoincidenceTally"/> (the summary's counting rules in one home), closed
/// when a record's slot crosses the block's end; block j covers slots [j B, min((j+1) B, session slots)) with
/// B = round(blockS x clockRateHz). The relative delay of each block is the one in effect in its last slot: told by the
/// engine before every change (<see cref="IRelativeDelayObserver"/>), so a change at slot c records, for every block
/// ending at or before c not yet recorded, the delays still in effect; blocks after the last change take the final
/// delays. Nothing is allocated per record.
/// </summary>
public sealed class MdiTimeSeriesTally : IRelativeDelayObserver
{
    private readonly int _modules;
    private readonly long _windowPs, _blockSlots, _sessionSlots;
    private readonly List<MdiBlock> _blocks = [];
    private readonly List<double[]> _delays = [];
    private MdiCoincidenceTally _current;
    private long _currentStart;

    public MdiTimeSeriesTally(int modules, long coincidenceWindowPs, long blockSlots, long sessionSlots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSlots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sessionSlots);
        _modules = modules;
        _windowPs = coincidenceWindowPs;
        _blockSlots = blockSlots;
        _sessionSlots = sessionSlots;
        _current = new MdiCoincidenceTally(modules, coincidenceWindowPs);
    }

    public long BlockSlots => _blockSlots;

    /// <summary>Coincidences in slot order (as the engines emit them).</summary>
    public void Add(ReadOnlySpan<CoincidenceRecord> batch)
    {
        foreach (ref readonly var r in batch)
        {
            while (r.Slot >= _currentStart + _blockSlots) Close(_currentStart + _blockSlots, interrupted: false);
            _current.Add(r);
        }
    }

    public void BeforeChange(long fromSlot, MdiEngine engine)
    {
        while (PlannedEnd(_delays.Count) <= fromSlot && _delays.Count * _blockSlots < _sessionSlots) _delays.Add(Delays(engine));
    }

    /// <summary>Closes every block up to <paramref name="simulatedSlots"/> (the last one interrupted when it ends early); blocks without a recorded delay take the engine's final delays.</summary>
    public IReadOnlyList<MdiBlock> Complete(long simulatedSlots, MdiEngine engine)
    {
        while (_currentStart < simulatedSlots)
        {
            long planned = PlannedEnd(_blocks.Count);
            long end = Math.Min(planned, simulatedSlots);
            Close(end, interrupted: end < planned);
        }
        while (_delays.Count < _blocks.Count) _delays.Add(Delays(engine));
        for (int j = 0; j < _blocks.Count; j++) _blocks[j] = _blocks[j] with { RelativeDelaysPs = _delays[j] };
        return _blocks;
    }

    private long PlannedEnd(int block) => Math.Min((block + 1) * _blockSlots, _sessionSlots);

    private double[] Delays(MdiEngine engine)
    {
        var d = new double[_modules];
        for (int m = 0; m < _modules; m++) d[m] = engine.RelativeDelayPs(m);
        return d;
    }

    private void Close(long end, bool interrupted)
    {
        _blocks.Add(new MdiBlock(_blocks.Count, _currentStart, end, interrupted, _current, []));
        _currentStart = end;
        _current = new MdiCoincidenceTally(_modules, _windowPs);
    }
}

/// <summary>
/// timeseries.parquet of an MDI run: the scenario key (<see cref="SpecOf"/>), rows from the blocks (<see cref="Rows"/>),
/// and the writer (rows in block order then pair order, atomically; footer key <see cref="TimeSeriesWriter.MetadataKey"/>
/// with blockS, blockSlots, clockRateHz, scenarioHash). Columns: README "MDI time series".
/// </summary>
public static class MdiTimeSeries
{
    /// <summary>The spec a scenario runs with: its own `timeseries:`, else on exactly when some user's delay drifts (1200 s blocks).</summary>
    public static TimeSeriesSpec SpecOf(MdiScenarioFile s) =>
        s.Timeseries ?? new TimeSeriesSpec { Enabled = s.Users.Any(u => MdiUserDefaults.DelayDriftOf(u, s) is not null) };

    public static IReadOnlyList<MdiTimeSeriesRow> Rows(MdiRunManifest m, IReadOnlyList<MdiBlock> blocks, long slotPeriodPs)
    {
        string[] names = MdiSummaryBuilder.IntensityNames(m);
        int n = names.Length;
        int zz = Array.IndexOf(names, "z") * (n + 1), xx = Array.IndexOf(names, "x") * (n + 1); // -(n+1) when absent
        var rows = new List<MdiTimeSeriesRow>(blocks.Count * m.Modules.Count);
        foreach (var b in blocks)
            foreach (var mod in m.Modules)
            {
                int i = mod.Index;
                var psi = new long[n * n];
                var err = new long[n * n];
                for (int l = 0; l < n; l++)
                    for (int r = 0; r < n; r++) { psi[l * n + r] = b.Counts.PsiMinus(i, l, r); err[l * n + r] = b.Counts.Errors(i, l, r); }
                rows.Add(new MdiTimeSeriesRow(i, mod.Name, b.Block, b.StartSlot, b.EndSlot,
                    Periods.ToSeconds(b.StartSlot * (double)slotPeriodPs), Periods.ToSeconds(b.EndSlot * (double)slotPeriodPs), b.Interrupted,
                    b.Counts.TwoFold(i), b.Counts.SameBin(i), psi.Sum(), psi, err,
                    n == 4 ? Ratio(err[zz], psi[zz]) : null, n == 4 ? Ratio(err[xx], psi[xx]) : null, b.RelativeDelaysPs[i]));
            }
        return rows;
    }

    private static double? Ratio(long errors, long count) => count > 0 ? (double)errors / count : null;

    private sealed record Column(DataField Field, Func<ParquetRowGroupWriter, MdiTimeSeriesRow[], Task> Write);

    /// <summary>The columns for intensity names <paramref name="names"/>, in file order.</summary>
    public static IReadOnlyList<string> ColumnNames(IReadOnlyList<string> names) => Columns(names).Select(c => c.Field.Name).ToArray();

    private static List<Column> Columns(IReadOnlyList<string> names)
    {
        int n = names.Count;
        var c = new List<Column>
        {
            Of("pair", r => r.Pair),
            Of("pair_name", r => r.PairName),
            Of("block", r => r.Block),
            Of("block_start_slot", r => r.StartSlot),
            Of("block_end_slot", r => r.EndSlot),
            Of("block_start_s", r => r.StartS),
            Of("block_end_s", r => r.EndS),
            Of("interrupted", r => r.Interrupted),
            Of("two_fold", r => r.TwoFold),
            Of("same_bin", r => r.SameBin),
            Of("psi_minus", r => r.PsiMinusTotal),
        };
        for (int k = 0; k < n * n; k++) { int i = k; c.Add(Of($"psi_minus_{names[i / n]}{names[i % n]}", r => r.PsiMinus[i])); }
        for (int k = 0; k < n * n; k++) { int i = k; c.Add(Of($"errors_{names[i / n]}{names[i % n]}", r => r.Errors[i])); }
        c.Add(Of("qber_z", r => r.QberZ));
        c.Add(Of("qber_x", r => r.QberX));
        c.Add(Of("relative_delay_ps", r => r.RelativeDelayPs));
        return c;
    }

    private static Column Of(string name, Func<MdiTimeSeriesRow, int> v) => Typed(new DataField<int>(name), v);
    private static Column Of(string name, Func<MdiTimeSeriesRow, long> v) => Typed(new DataField<long>(name), v);
    private static Column Of(string name, Func<MdiTimeSeriesRow, double> v) => Typed(new DataField<double>(name), v);
    private static Column Of(string name, Func<MdiTimeSeriesRow, bool> v) => Typed(new DataField<bool>(name), v);

    private static Column Of(string name, Func<MdiTimeSeriesRow, double?> v)
    {
        var f = new DataField<double>(name, true);
        return new Column(f, async (rg, rows) => await rg.WriteAsync<double>(f, rows.Select(v).ToArray().AsMemory()));
    }

    private static Column Of(string name, Func<MdiTimeSeriesRow, string> v)
    {
        var f = new DataField<string>(name);
        return new Column(f, async (rg, rows) => await rg.WriteAsync(f, rows.Select(v).ToArray(), null));
    }

    private static Column Typed<T>(DataField<T> f, Func<MdiTimeSeriesRow, T> v) where T : struct =>
        new(f, async (rg, rows) => await rg.WriteAsync<T>(f, rows.Select(v).ToArray().AsMemory()));

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> (atomically), with the block settings in the footer.</summary>
    public static void Write(string path, IReadOnlyList<MdiTimeSeriesRow> rows, IReadOnlyList<string> intensityNames, double blockS, long blockSlots,
        double clockRateHz, string scenarioHash)
    {
        var columns = Columns(intensityNames);
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
        string meta = string.Create(CultureInfo.InvariantCulture,
            $"{{\"blockS\":{blockS:R},\"blockSlots\":{blockSlots},\"clockRateHz\":{clockRateHz:R},\"scenarioHash\":\"{scenarioHash}\"}}");
        using var file = AtomicFile.Create(path);
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, file.Stream);
            writer.CustomMetadata = new Dictionary<string, string> { [TimeSeriesWriter.MetadataKey] = meta };
            for (int start = 0; start == 0 || start < rows.Count; start += TimeSeriesWriter.RowGroupRows)
            {
                var group = rows.Skip(start).Take(TimeSeriesWriter.RowGroupRows).ToArray();
                using var rg = writer.CreateRowGroup();
                foreach (var c in columns) await c.Write(rg, group);
                rg.CompleteValidate();
            }
        }).GetAwaiter().GetResult();
        file.Commit();
    }
}

using System.Globalization;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Writes timeseries.parquet (README "Time series"): one row per active user and block, rows in block order then user
/// order, row groups of <see cref="RowGroupRows"/> rows, written atomically. Intensity columns run over the largest level
/// count of the active users (a user with fewer levels has 0 in the others); i is the index into the summary's
/// users[].intensities (0 = signal), b the basis index (0: phases 0/π, 1: π/2, 3π/2).
/// </summary>
public static class TimeSeriesWriter
{
    public const string FileName = "timeseries.parquet";

    /// <summary>The PNG `run` draws from it, next to it.</summary>
    public const string FigureFileName = "timeseries.png";

    /// <summary>The same figure as SVG, written beside the PNG.</summary>
    public const string FigureSvgFileName = "timeseries.svg";

    public const int RowGroupRows = 1 << 16;

    /// <summary>Footer key of the block settings (JSON: blockS, blockGates, gateRateHz, scenarioHash).</summary>
    public const string MetadataKey = "qkdnetsim.timeseries";

    private sealed record Column(DataField Field, Func<ParquetRowGroupWriter, TimeSeriesRow[], Task> Write);

    /// <summary>The columns for rows with <paramref name="levels"/> intensity levels, in file order.</summary>
    public static IReadOnlyList<string> ColumnNames(int levels) => Columns(levels).Select(c => c.Field.Name).ToArray();

    private static List<Column> Columns(int levels)
    {
        var c = new List<Column>
        {
            Of("user", r => r.User),
            Of("user_name", r => r.UserName),
            Of("block", r => r.Block),
            Of("block_start_gate", r => r.StartGate),
            Of("block_end_gate", r => r.EndGate),
            Of("block_start_s", r => r.StartS),
            Of("block_end_s", r => r.EndS),
            Of("interrupted", r => r.Interrupted),
        };
        for (int k = 0; k < levels; k++) { int i = k; c.Add(Of($"emitted_i{i}", r => At(r.Emitted, i))); }
        for (int k = 0; k < levels; k++) { int i = k; c.Add(Of($"detections_i{i}", r => At(r.Detections, i))); }
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < levels; k++) { int bb = b, i = k; c.Add(Of($"sifted_b{bb}_i{i}", r => At(r.Sifted[bb], i))); }
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < levels; k++) { int bb = b, i = k; c.Add(Of($"errors_b{bb}_i{i}", r => At(r.Errors[bb], i))); }
        c.Add(Of("qber_b0", r => r.QberB0));
        c.Add(Of("qber_b1", r => r.QberB1));
        c.Add(Of("qber_signal", r => r.QberSignal));
        for (int b = 0; b < 2; b++)
        {
            int bb = b;
            c.Add(Of($"vacuum_bits_lower_b{bb}", r => r.VacuumBitsLower?[bb]));
            c.Add(Of($"single_photon_bits_lower_b{bb}", r => r.SinglePhotonBitsLower?[bb]));
            c.Add(Of($"single_photon_error_rate_b{bb}", r => r.SinglePhotonErrorRate?[bb]));
            c.Add(Of($"phase_error_upper_b{bb}", r => r.PhaseErrorUpper?[bb]));
        }
        c.Add(Of("finite_key_bits", r => r.FiniteKeyBits));
        c.Add(Of("key_rate_bps", r => r.KeyRateBps));
        c.Add(Of("disclosed_bits", r => r.DisclosedBits));
        c.Add(Of("phase_error_rad", r => r.PhaseErrorRad));
        c.Add(Of("delay_offset_ps", r => r.DelayOffsetPs));
        c.Add(Of("polarization_overlap", r => r.PolarizationOverlap));
        c.Add(Of("intensity_factor", r => r.IntensityFactor));
        c.Add(Of("transmittance_factor", r => r.TransmittanceFactor));
        c.Add(Of("active", r => r.Active));
        c.Add(Of("phase_bias_rad", r => r.PhaseBiasRad));
        c.Add(Of("delay_correction_ps", r => r.DelayCorrectionPs));
        c.Add(Of("polarization_correction_rad", r => r.PolarizationCorrectionRad));
        return c;
    }

    private static long At(long[] values, int i) => i < values.Length ? values[i] : 0;

    private static Column Of(string name, Func<TimeSeriesRow, int> v) => Typed(new DataField<int>(name), v);
    private static Column Of(string name, Func<TimeSeriesRow, long> v) => Typed(new DataField<long>(name), v);
    private static Column Of(string name, Func<TimeSeriesRow, double> v) => Typed(new DataField<double>(name), v);
    private static Column Of(string name, Func<TimeSeriesRow, bool> v) => Typed(new DataField<bool>(name), v);

    private static Column Of(string name, Func<TimeSeriesRow, double?> v)
    {
        var f = new DataField<double>(name, true);
        return new Column(f, async (rg, rows) => await rg.WriteAsync<double>(f, rows.Select(v).ToArray().AsMemory()));
    }

    private static Column Of(string name, Func<TimeSeriesRow, string> v)
    {
        var f = new DataField<string>(name);
        return new Column(f, async (rg, rows) => await rg.WriteAsync(f, rows.Select(v).ToArray(), null));
    }

    private static Column Typed<T>(DataField<T> f, Func<TimeSeriesRow, T> v) where T : struct =>
        new(f, async (rg, rows) => await rg.WriteAsync<T>(f, rows.Select(v).ToArray().AsMemory()));

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> (atomically), with the block settings in the footer.</summary>
    public static void Write(string path, IReadOnlyList<TimeSeriesRow> rows, int levels, double blockS, long blockGates, double gateRateHz, string scenarioHash)
    {
        using var file = AtomicFile.Create(path);
        WriteTo(file.Stream, rows, levels, blockS, blockGates, gateRateHz, scenarioHash);
        file.Commit();
    }

    /// <summary>
    /// The one-time cost of the first write in a process (JIT-compiling the Parquet encoder for these five column types,
    /// ~45 ms of a 0.15-s short run) paid on another core: writes one row to memory. `run` starts it while the scenario
    /// loads (<see cref="INetworkKind.PrepareOutputs"/>); no output depends on it.
    /// </summary>
    public static void WarmUp()
    {
        long[] one = [0];
        var row = new TimeSeriesRow(0, "", 0, 0, 1, 0, 1, false, one, one, [one, one], [one, one], null, 0, 0,
            [0, 0], [0, 0], [0, 0], [0, 0], 0, 0, 0, 0, 0, 1);
        using var memory = new MemoryStream();
        WriteTo(memory, [row], 1, 1, 1, 1, "");
    }

    private static void WriteTo(Stream stream, IReadOnlyList<TimeSeriesRow> rows, int levels, double blockS, long blockGates, double gateRateHz, string scenarioHash)
    {
        var columns = Columns(levels);
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
        string meta = string.Create(CultureInfo.InvariantCulture,
            $"{{\"blockS\":{blockS:R},\"blockGates\":{blockGates},\"gateRateHz\":{gateRateHz:R},\"scenarioHash\":\"{scenarioHash}\"}}");
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            writer.CustomMetadata = new Dictionary<string, string> { [MetadataKey] = meta };
            // An empty run (no active user, or no gate) still gets the schema: one empty row group.
            for (int start = 0; start == 0 || start < rows.Count; start += RowGroupRows)
            {
                var group = rows.Skip(start).Take(RowGroupRows).ToArray();
                using var rg = writer.CreateRowGroup();
                foreach (var c in columns) await c.Write(rg, group);
                rg.CompleteValidate();
            }
        }).GetAwaiter().GetResult();
    }
}

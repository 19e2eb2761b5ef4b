using DuckDB.NET.Data;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>
/// timeseries.parquet of the access network (README "Time series"): blocks aligned on gates, counts that add up to the
/// summary's, the summary's analysis per block, interrupted runs, bad `timeseries` values, the PNG `run` draws, and the
/// file read by DuckDB with the documented column types. Runs are the built-in seed-004 scenario over 50 ms.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class TimeSeriesTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private (RunSummary Summary, string Dir) Run(string name, CancellationToken cancel = default, Action<double>? progress = null, params string[] sets)
    {
        var (kind, scenario) = RunPipeline.Load(null, ["durationS=0.05", .. sets], BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        string dir = _tmp.Sub(name);
        var summary = (RunSummary)RunPipeline.Execute(kind, scenario, dir, progress, cancel);
        return (summary, dir);
    }

    /// <summary>The rows of a Parquet file through DuckDB, ordered by block then user, as column name → value.</summary>
    internal static List<Dictionary<string, object?>> Rows(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path}') ORDER BY block, \"user\"";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    private static long L(object? v) => Convert.ToInt64(v);

    [Fact]
    public void The_encoder_warm_up_fits_the_writer_and_a_run_that_prepared_its_outputs_writes_the_same_bytes()
    {
        TimeSeriesWriter.WarmUp(); // throws if its row no longer fits the writer (`run` swallows that, and the warm-up would silently stop helping)
        RunsJson.WarmUp(typeof(RunSummary)); // likewise for summary.json's serializer metadata

        var (_, plain) = Run("plain");
        var (kind, scenario) = RunPipeline.Load(null, ["durationS=0.05"], BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath,
            prepareOutputs: true);
        string prepared = _tmp.Sub("prepared");
        RunPipeline.Execute(kind, scenario, prepared);
        Assert.Equal(File.ReadAllBytes(Path.Combine(plain, TimeSeriesWriter.FileName)), File.ReadAllBytes(Path.Combine(prepared, TimeSeriesWriter.FileName)));
    }

    [Fact]
    public void Ten_millisecond_blocks_over_fifty_milliseconds_give_five_aligned_blocks_per_user_that_add_up_to_the_summary()
    {
        var (summary, dir) = Run("five", sets: "timeseries.blockS=0.01");
        var rows = Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        var active = summary.Users.Where(u => u.Active).ToList();
        Assert.Equal(5 * active.Count, rows.Count);
        foreach (var u in active)
        {
            var mine = rows.Where(r => L(r["user"]) == u.Index).ToList();
            Assert.Equal(Enumerable.Range(0, 5).Select(j => (long)j), mine.Select(r => L(r["block"])));
            for (int j = 0; j < 5; j++)
            {
                var r = mine[j];
                Assert.Equal(u.Name, r["user_name"]);
                Assert.Equal(j * 0.01, (double)r["block_start_s"]!, 12);
                Assert.Equal((j + 1) * 0.01, (double)r["block_end_s"]!, 12);
                Assert.Equal(j * 10_000_000L, L(r["block_start_gate"])); // 10 ms at 1 GHz
                Assert.False((bool)r["interrupted"]!);
                // One pulse per frame of 8 gates: every block holds 1.25e6 of the user's pulses, split over the intensities.
                Assert.Equal(1_250_000L, Enumerable.Range(0, 3).Sum(k => L(r[$"emitted_i{k}"])));
                // A block's QBER is its own errors over sifted, per basis at the signal intensity and over both.
                for (int b = 0; b < 2; b++)
                    Assert.Equal((double)L(r[$"errors_b{b}_i0"]) / L(r[$"sifted_b{b}_i0"]), (double)r[$"qber_b{b}"]!, 15);
                Assert.Equal((double)(L(r["errors_b0_i0"]) + L(r["errors_b1_i0"])) / (L(r["sifted_b0_i0"]) + L(r["sifted_b1_i0"])),
                    (double)r["qber_signal"]!, 15);
                Assert.Equal(0L, L(r["disclosed_bits"]));
                Assert.Equal(0.0, (double)r["phase_error_rad"]!);
                Assert.Equal(1.0, (double)r["polarization_overlap"]!);
                Assert.Equal(0.0, (double)r["delay_offset_ps"]!); // the built-in users are aligned
            }
            // The blocks partition the run: every count sums exactly to the summary's (emitted pulses included).
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(u.EmittedPulses[k], mine.Sum(r => L(r[$"emitted_i{k}"])));
                Assert.Equal(u.Detections[k], mine.Sum(r => L(r[$"detections_i{k}"])));
                for (int b = 0; b < 2; b++)
                {
                    Assert.Equal(u.SiftedBitsPerBasisIntensity[b][k], mine.Sum(r => L(r[$"sifted_b{b}_i{k}"])));
                    Assert.Equal(u.ErrorsPerBasisIntensity[b][k], mine.Sum(r => L(r[$"errors_b{b}_i{k}"])));
                }
            }
        }
    }

    [Fact]
    public void A_series_run_as_parallel_epochs_equals_the_kernel_driven_one_row_by_row()
    {
        // 10-ms blocks over 3-ms epochs (boundaries not aligned: emission intervals are the pieces block x epoch). With the
        // log the kernel drives one engine; without it the epochs run on the workers and are stitched (EpochSessionRunner).
        var (logged, loggedDir) = Run("series-kernel", sets: ["timeseries.blockS=0.01", "epochS=0.003"]);
        var (epochs, epochsDir) = Run("series-epochs", sets: ["timeseries.blockS=0.01", "epochS=0.003", "log.enabled=false"]);
        Assert.True(logged.Run.KernelEvents > 0);
        Assert.Equal(0, epochs.Run.KernelEvents);
        var a = Rows(Path.Combine(loggedDir, TimeSeriesWriter.FileName));
        var b = Rows(Path.Combine(epochsDir, TimeSeriesWriter.FileName));
        Assert.Equal(10, a.Count); // 5 blocks x 2 users
        Assert.Equal(a.Count, b.Count);
        string[] provenance = ["scenario_hash", "source", "log_file"]; // the log setting is part of the scenario text
        for (int i = 0; i < a.Count; i++)
            foreach (var (column, value) in a[i])
                if (!provenance.Contains(column)) Assert.True(Equals(value, b[i][column]), $"row {i}, {column}: {value} vs {b[i][column]}");
    }

    [Fact]
    public void One_block_carries_the_summary_analysis_exactly()
    {
        // Default 1200 s blocks: the 50 ms run is one block. Low losses and a loose epsilon give T1 finite key in 50 ms.
        var (summary, dir) = Run("one", sets: ["combiner.insertionLossDb=0", "receiver.interferometerLossDb=0", "receiver.detector.efficiency=0.5",
            "analysis.epsilon=1e-3"]);
        var rows = Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        var active = summary.Users.Where(u => u.Active).ToList();
        Assert.Equal(active.Count, rows.Count);
        Assert.Contains(active, u => u.SecretKeyRateBitPerS > 0); // so the key comparison below is not only 0 = 0
        foreach (var (u, r) in active.Zip(rows))
        {
            Assert.Equal(summary.Run.SimulatedTimeS, (double)r["block_end_s"]!);
            Assert.Equal(u.DecoyFinite is null, r["single_photon_bits_lower_b0"] is null);
            Assert.Equal(u.EmittedPulses, Enumerable.Range(0, 3).Select(k => L(r[$"emitted_i{k}"])));
            Assert.Equal(u.FiniteKeyLengthBits, (double)r["finite_key_bits"]!);
            Assert.Equal(u.SecretKeyRateBitPerS, (double)r["key_rate_bps"]!);
            Assert.Equal(u.QberSignal, (double)r["qber_signal"]!);
            for (int b = 0; b < 2; b++)
            {
                Assert.Equal(u.DecoyFinite!.SinglePhotonBitsLower[b], (double)r[$"single_photon_bits_lower_b{b}"]!);
                Assert.Equal(u.DecoyFinite.VacuumBitsLower[b], (double)r[$"vacuum_bits_lower_b{b}"]!);
                Assert.Equal(u.DecoyFinite.SinglePhotonErrorRate[b], (double)r[$"single_photon_error_rate_b{b}"]!);
                Assert.Equal(u.DecoyFinite.PhaseErrorUpper[b], (double)r[$"phase_error_upper_b{b}"]!);
            }
        }
    }

    [Fact]
    public void An_interrupted_run_writes_the_blocks_done_and_marks_the_partial_one()
    {
        using var cts = new CancellationTokenSource();
        var (summary, dir) = Run("cut", cts.Token, f => { if (f >= 0.5) cts.Cancel(); }, "timeseries.blockS=0.003");
        Assert.True(summary.Run.Interrupted);
        long gates = summary.Run.SimulatedGates, block = 3_000_000;
        Assert.InRange(gates, 1, 49_999_999);
        var rows = Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        var u0 = summary.Users.First(u => u.Active);
        var mine = rows.Where(r => L(r["user"]) == u0.Index).ToList();
        Assert.Equal((gates + block - 1) / block, mine.Count);
        Assert.Equal(gates, L(mine[^1]["block_end_gate"]));
        // Only a block the interruption cut short is marked; the blocks before it are whole.
        Assert.Equal(gates % block != 0, (bool)mine[^1]["interrupted"]!);
        Assert.All(mine.SkipLast(1), r => Assert.False((bool)r["interrupted"]!));
        Assert.All(mine.SkipLast(1), r => Assert.Equal(block, L(r["block_end_gate"]) - L(r["block_start_gate"])));
        for (int k = 0; k < 3; k++) Assert.Equal(u0.Detections[k], mine.Sum(r => L(r[$"detections_i{k}"])));
    }

    [Theory]
    [InlineData("0", "must be > 0")]
    [InlineData("-1", "must be > 0")]
    [InlineData(".inf", "must be > 0 and finite")]
    [InlineData("1e-13", "holds no gate")]
    [InlineData("1e7", "must be at most")]
    [InlineData("1e-7", "rows, at most 262144")] // 500,000 blocks x 2 users
    public void Bad_block_lengths_are_one_line_input_errors(string blockS, string rule)
    {
        var e = ExpectError(() => LoadText($"durationS: 0.05\ntimeseries:\n  blockS: {blockS}\n"), "test.yaml", "timeseries.blockS");
        Assert.Contains(rule, e.Rule);
    }

    [Fact]
    public void A_scenario_without_timeseries_keeps_its_hash_and_an_unknown_key_is_named()
    {
        // The canonical text (hence scenarioHash, pinned by OutputPinTests) of a scenario that does not mention it is unchanged.
        Assert.DoesNotContain("timeseries", LoadText("durationS: 0.05\n").CanonicalYaml);
        ExpectError(() => LoadText("timeseries:\n  block: 3\n"), "test.yaml", "timeseries.block");
    }

    [Fact]
    public void Run_draws_the_png_and_a_run_without_a_series_leaves_neither_file_behind()
    {
        string dir = _tmp.Sub("cli");
        CliRunner.RunOk(dir, "--duration", "0.02", "--set", "timeseries.blockS=0.005");
        string png = Path.Combine(dir, TimeSeriesWriter.FigureFileName);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        Assert.InRange(width, QkdNetSim.Experiments.Plotting.TimeSeriesPlot.WidthPx + 20, QkdNetSim.Experiments.Plotting.TimeSeriesPlot.WidthPx + 400); // data area plus the legend beside it
        Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(dir, TimeSeriesWriter.FigureSvgFileName)).TrimStart());
        var figure = QkdNetSim.Experiments.Plotting.TimeSeriesPlot.Draw(Path.Combine(dir, TimeSeriesWriter.FileName), _tmp.Sub("again.png"))!;
        Assert.All(figure.Users, u => Assert.Equal(4, u.TimeS.Length));

        CliRunner.RunOk(dir, "--duration", "0.02", "--set", "timeseries.enabled=false");
        Assert.False(File.Exists(Path.Combine(dir, TimeSeriesWriter.FileName)));
        Assert.False(File.Exists(png));
        Assert.False(File.Exists(Path.Combine(dir, TimeSeriesWriter.FigureSvgFileName)));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
    }

    [Theory]
    [InlineData("0.01", 5)]
    [InlineData("0.04999", 2)] // one gate past a block: a second, one-gate block
    [InlineData("0.05", 1)] // the run is exactly one block
    [InlineData("0.06", 1)]
    public void Run_reads_the_series_back_for_its_figure_only_when_a_user_has_several_blocks(string blockS, int blocks)
    {
        var (kind, scenario) = RunPipeline.Load(null, ["durationS=0.05", "timeseries.blockS=" + blockS], BuiltInScenarios.Seed004Default,
            BuiltInScenarios.DefaultVirtualPath);
        var summary = (RunSummary)RunPipeline.Execute(kind, scenario, _tmp.Sub("blocks" + blockS));
        var rows = Rows(Path.Combine(_tmp.Sub("blocks" + blockS), TimeSeriesWriter.FileName));
        int mostPerUser = rows.GroupBy(r => L(r["user"])).Max(g => g.Count());
        Assert.Equal(blocks, mostPerUser);
        Assert.Equal(mostPerUser > 1, TimeSeriesSpec.MayHoldSeveralBlocks(scenario, summary));
    }

    [Fact]
    public void An_interrupted_run_inside_its_first_block_has_no_series_to_draw_and_other_kinds_are_read_back()
    {
        using var cts = new CancellationTokenSource();
        var (kind, scenario) = RunPipeline.Load(null, ["durationS=0.05", "timeseries.blockS=0.04"], BuiltInScenarios.Seed004Default,
            BuiltInScenarios.DefaultVirtualPath);
        var summary = (RunSummary)RunPipeline.Execute(kind, scenario, _tmp.Sub("cut-first"), f => { if (f >= 0.5) cts.Cancel(); }, cts.Token);
        Assert.True(summary.Run.Interrupted);
        Assert.InRange(summary.Run.SimulatedGates, 1, 40_000_000); // stopped before the first block's end
        Assert.All(Rows(Path.Combine(_tmp.Sub("cut-first"), TimeSeriesWriter.FileName)).GroupBy(r => L(r["user"])), g => Assert.Single(g));
        Assert.False(TimeSeriesSpec.MayHoldSeveralBlocks(scenario, summary));

        // A scenario or summary of another kind says nothing about access blocks: the figure's reader decides.
        var (mdiKind, mdi) = RunPipeline.Load(Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed002-four-user-mdi.yaml"), ["durationS=0.001"]);
        Assert.True(TimeSeriesSpec.MayHoldSeveralBlocks(mdi, summary));
        Assert.True(TimeSeriesSpec.MayHoldSeveralBlocks(scenario, RunPipeline.Execute(mdiKind, mdi, _tmp.Sub("mdi"))));
    }

    [Fact]
    public void DuckDB_reads_the_documented_columns_and_types()
    {
        var (_, dir) = Run("types", sets: "timeseries.blockS=0.025");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{Path.Combine(dir, TimeSeriesWriter.FileName)}')";
        using var reader = command.ExecuteReader();
        var types = new List<(string Name, string Type)>();
        while (reader.Read()) types.Add((reader.GetString(0), reader.GetString(1)));
        Assert.Equal(TimeSeriesWriter.ColumnNames(3), types.Select(t => t.Name));
        string Expected(string c) => c switch
        {
            "user" or "block" => "INTEGER",
            "user_name" => "VARCHAR",
            "interrupted" or "active" => "BOOLEAN",
            "block_start_gate" or "block_end_gate" or "disclosed_bits" => "BIGINT",
            _ when c.StartsWith("emitted_") || c.StartsWith("detections_") || c.StartsWith("sifted_") || c.StartsWith("errors_") => "BIGINT",
            _ => "DOUBLE",
        };
        Assert.All(types, t => Assert.Equal(Expected(t.Name), t.Type));
    }
}

using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Files;
using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// One `qkdnetsim run` of an MDI network: simulate, write DIR/coincidences.parquet (unless disabled) and DIR/summary.json,
/// both atomically; an interrupted run keeps and reports what it simulated.
/// </summary>
public static class MdiSimulation
{

    /// <summary>Scenario identity and analysis settings that travel into the manifest.</summary>
    /// <param name="TimeSeries">The scenario's `timeseries` (<see cref="MdiTimeSeries.SpecOf"/>); null: none.</param>
    public sealed record RunIdentity(string Name, string Hash, string Yaml, string Mode, double Epsilon, double ErrorCorrectionEfficiency,
        bool LogEnabled = true, int RowGroupSize = CoincidenceLogWriter.DefaultRowGroupSizeRows, TimeSeriesSpec? TimeSeries = null);

    /// <summary>
    /// Simulates; streams the coincidences into <paramref name="logTarget"/> when given; builds the summary once; writes
    /// <paramref name="outputDir"/>/timeseries.parquet when the identity's time series is on and a folder is given.
    /// </summary>
    public static MdiRunSummary Simulate(MdiNetworkConfig config, RunIdentity id, LogTarget? logTarget,
        Action<double>? progress = null, CancellationToken cancel = default, string? outputDir = null)
    {
        using var log = logTarget is not null && id.LogEnabled
            ? new CoincidenceLogWriter(logTarget.WritePath, new Dictionary<string, string>(), id.RowGroupSize)
            : null;
        var tally = new MdiCoincidenceTally(config.Modules.Count, config.Timing.CoincidenceWindowPs);
        var seriesSpec = id.TimeSeries is { Enabled: true } t && outputDir is not null ? t : null;
        var series = seriesSpec is null ? null
            : new MdiTimeSeriesTally(config.Modules.Count, config.Timing.CoincidenceWindowPs, seriesSpec.BlockGates(config.Timing.ClockRateHz), config.SessionSlots);
        var sink = new TeeSink(tally, log, series);
        var session = new MdiNetworkSession(config, id.Mode == "perPulse", sink);
        session.Engine.DelayObserver = series;
        var result = session.Run(progress, cancel);

        var manifest = MdiRunManifest.Build(config, id.Name, id.Hash, id.Yaml, id.Mode, id.Epsilon, id.ErrorCorrectionEfficiency, result);
        if (log != null)
        {
            log.SetMetadata(MdiRunManifest.MetadataKey, manifest.ToJson());
            log.Complete();
        }
        if (series is not null)
        {
            var rows = MdiTimeSeries.Rows(manifest, series.Complete(result.SimulatedSlots, session.Engine), config.Timing.SlotPeriodPs);
            MdiTimeSeries.Write(Path.Combine(outputDir!, TimeSeriesWriter.FileName), rows, MdiSummaryBuilder.IntensityNames(manifest),
                seriesSpec!.BlockS, series.BlockSlots, config.Timing.ClockRateHz, id.Hash);
        }
        return MdiSummaryBuilder.Build(manifest, tally, "run", result.WallTimeS, log != null ? logTarget!.PublishedPath : "",
            moduleSlotsSampled: session.Engine.ModuleSlotsSampled);
    }

    /// <summary>Simulates in memory (no files) and analyses like `run` (experiments, tests).</summary>
    public static MdiRunSummary ExecuteInMemory(MdiNetworkConfig config, string name, double epsilon = 1e-10, double f = 1.16,
        Action<double>? progress = null, CancellationToken cancel = default) =>
        Simulate(config, new RunIdentity(name, "", "", "fast", epsilon, f, LogEnabled: false), null, progress, cancel);

    /// <summary>
    /// Simulates the session as <paramref name="shards"/> independent sessions run in parallel (one per core), each of
    /// 1/shards of the slots with its own seed derived from the root seed, and analyses the merged counts. A delay drift
    /// restarts from the aligned delays in every shard. Statistically
    /// equivalent to one session (slots are independent; each shard starts with its detectors alive, an edge effect of a
    /// few slots per shard) but not bit-identical to it. In memory only (no log).
    /// </summary>
    public static MdiRunSummary ExecuteSharded(MdiNetworkConfig config, string name, int shards, double epsilon = 1e-10, double f = 1.16,
        Action<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        if (shards == 1) return ExecuteInMemory(config, name, epsilon, f, progress, cancel);
        long total = config.SessionSlots;
        var tallies = new MdiCoincidenceTally[shards];
        var results = new MdiSessionResult[shards];
        var fractions = new double[shards];
        var streams = new QkdNetSim.Core.Random.RngStreams(config.Seed);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        long sampled = 0;
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = shards }, i =>
        {
            long slots = total / shards + (i < total % shards ? 1 : 0);
            var shard = config with { Seed = streams.SeedFor($"mdi/shard/{i}"), DurationS = slots / config.Timing.ClockRateHz };
            var tally = new MdiCoincidenceTally(config.Modules.Count, config.Timing.CoincidenceWindowPs);
            var session = new MdiNetworkSession(shard, perPulse: false, new TeeSink(tally, null));
            results[i] = session.Run(p =>
            {
                fractions[i] = p;
                progress?.Invoke(fractions.Average());
            }, cancel);
            tallies[i] = tally;
            Interlocked.Add(ref sampled, session.Engine.ModuleSlotsSampled);
        });
        for (int i = 1; i < shards; i++) tallies[0].Merge(tallies[i]);
        var merged = new MdiSessionResult(results.Sum(r => r.SimulatedSlots), results.Sum(r => r.SimulatedTimeS), wall.Elapsed.TotalSeconds,
            results.Any(r => r.Interrupted));
        var manifest = MdiRunManifest.Build(config, name, "", "", "fast", epsilon, f, merged);
        return MdiSummaryBuilder.Build(manifest, tallies[0], "run", merged.WallTimeS, "", moduleSlotsSampled: sampled, shards: shards);
    }

    private sealed class TeeSink(MdiCoincidenceTally tally, CoincidenceLogWriter? log, MdiTimeSeriesTally? series = null) : ICoincidenceSink
    {
        public void Accept(ReadOnlySpan<CoincidenceRecord> batch)
        {
            tally.Add(batch);
            series?.Add(batch);
            if (log == null) return;
            log.AppendRange(batch);
        }
    }
}

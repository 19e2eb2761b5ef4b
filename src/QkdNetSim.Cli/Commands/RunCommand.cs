using QkdNetSim.Cli.Output;
using QkdNetSim.Experiments.Plotting;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `run` (see <see cref="CliParser"/>): values already typed and range-checked.</summary>
public sealed record RunOptions(string? Scenario, string? OutDir, ulong? Seed, double? DurationS, IReadOnlyList<string> Sets, bool NoLog, bool Quiet,
    OutputFormat Format = OutputFormat.Table, int? Workers = null);

/// <summary>`qkdnetsim run`: the run layer loads the scenario through its kind, simulates, writes the log and summary.json; prints the results.</summary>
public static class RunCommand
{
    public static int Execute(RunOptions o, CancellationToken cancel)
    {
        if (o.Workers is int workers) QkdNetSim.Protocols.AccessNetwork.EpochSessionRunner.DefaultWorkers = workers;
        var overrides = new List<string>(o.Sets);
        if (o.Seed is ulong seed) overrides.Add($"seed={seed}");
        if (o.DurationS is double duration) overrides.Add($"durationS={duration.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        if (o.NoLog) overrides.Add("log.enabled=false");
        var (kind, scenario) = RunPipeline.Load(o.Scenario, overrides, BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath,
            prepareOutputs: true);
        string outDir = o.OutDir ?? Path.Combine("runs", scenario.Name);
        AnnounceLog(kind.EstimateLog(scenario), outDir, o.Quiet);
        var summary = Progress.Run($"simulating {scenario.Name} ({scenario.Length})", o.Quiet, o.Format,
            p => RunPipeline.Execute(kind, scenario, outDir, p, cancel));
        // The access figure (MDI series have other columns); a run within one block has no series to draw, so its file is not read back.
        if (kind.ExtraOutputNames.Contains(TimeSeriesWriter.FigureFileName) && TimeSeriesSpec.MayHoldSeveralBlocks(scenario, summary)) DrawTimeSeries(outDir);
        ResultWriter.Write(kind.Rows(summary), o.Format, outDir);
        return summary.WasInterrupted() ? 130 : 0;
    }

    /// <summary>
    /// Before the work starts, on stderr: the log's expected size in one line (not with --quiet), or, when it reaches the
    /// warning threshold (<see cref="LogSizeEstimate.WarnBytes"/>), a warning with the --no-log hint (also with --quiet).
    /// </summary>
    private static void AnnounceLog(LogSizeEstimate? estimate, string outDir, bool quiet)
    {
        if (estimate is null || !double.IsFinite(estimate.Bytes)) return; // an estimate never stops a run
        if (estimate.IsLarge(LogSizeEstimate.WarnBytes())) Console.Error.WriteLine(estimate.Warning(outDir));
        else if (!quiet) Console.Error.WriteLine(estimate.Announcement(outDir));
    }

    /// <summary>Draws DIR/timeseries.png and DIR/timeseries.svg from the run's timeseries.parquet; nothing when the run wrote none or it has no row.</summary>
    private static void DrawTimeSeries(string outDir)
    {
        string parquet = Path.Combine(outDir, TimeSeriesWriter.FileName);
        if (File.Exists(parquet)) TimeSeriesPlot.Draw(parquet, Path.Combine(outDir, TimeSeriesWriter.FigureFileName));
    }
}

using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Data.Runs.Mdi;

/// <summary>
/// One `qkdnetsim run` of an MDI network: simulate, write DIR/coincidences.parquet (unless disabled) and DIR/summary.json,
/// both atomically; an interrupted run keeps and reports what it simulated.
/// </summary>
public static class MdiRunPipeline
{
    public const string LogFileName = CoincidenceLogSchema.FileName;
    public const string SummaryFileName = "summary.json";

    /// <summary>Scenario identity and analysis settings that travel into the manifest.</summary>
    public sealed record RunIdentity(string Name, string Hash, string Yaml, string Mode, double Epsilon, double ErrorCorrectionEfficiency,
        bool LogEnabled = true, int RowGroupSize = CoincidenceLogWriter.DefaultRowGroupSizeRows);

    public static MdiRunSummary Execute(MdiNetworkConfig config, RunIdentity id, string? outDir,
        Action<double>? progress = null, CancellationToken cancel = default)
    {
        string logPath = outDir is null ? id.Name : Path.Combine(outDir, LogFileName);
        if (outDir is not null) Directory.CreateDirectory(outDir);
        using var log = outDir is not null && id.LogEnabled
            ? new CoincidenceLogWriter(logPath, new Dictionary<string, string>(), id.RowGroupSize)
            : null;
        var tally = new MdiCoincidenceTally(config.Modules.Count, config.Timing.CoincidenceWindowPs);
        var sink = new TeeSink(tally, log);
        var session = new MdiNetworkSession(config, id.Mode == "perPulse", sink);
        var result = session.Run(progress, cancel);

        var manifest = MdiRunManifest.Build(config, id.Name, id.Hash, id.Yaml, id.Mode, id.Epsilon, id.ErrorCorrectionEfficiency, result);
        if (log != null)
        {
            log.SetMetadata(MdiRunManifest.MetadataKey, manifest.ToJson());
            log.Complete();
        }
        var summary = MdiSummaryBuilder.Build(manifest, tally, "run", result.WallTimeS, log != null ? logPath : "");
        summary.Run.ModuleSlotsSampled = session.Engine.ModuleSlotsSampled;
        if (outDir is not null) AtomicFile.WriteAllText(Path.Combine(outDir, SummaryFileName), summary.ToJson());
        return summary;
    }

    /// <summary>Simulates in memory (no files) and analyses like `run` (experiments, tests).</summary>
    public static MdiRunSummary ExecuteInMemory(MdiNetworkConfig config, string name, double epsilon = 1e-10, double f = 1.16,
        Action<double>? progress = null, CancellationToken cancel = default) =>
        Execute(config, new RunIdentity(name, "", "", "fast", epsilon, f, LogEnabled: false), null, progress, cancel);

    private sealed class TeeSink(MdiCoincidenceTally tally, CoincidenceLogWriter? log) : ICoincidenceSink
    {
        public void Accept(ReadOnlySpan<CoincidenceRecord> batch)
        {
            tally.Add(batch);
            if (log == null) return;
            foreach (ref readonly var r in batch) log.Append(r);
        }
    }
}

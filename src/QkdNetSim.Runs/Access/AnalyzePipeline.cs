using System.Diagnostics;
using QkdNetSim.Analysis;
using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Runs.Cv;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// `qkdnetsim analyze DIR`: recomputes DIR/summary.json from DIR/detections.parquet alone (rows + manifest in the
/// footer). The same code path as `run` builds the summary, so the physics numbers agree with the run's.
/// </summary>
public static class AnalyzePipeline
{
    /// <param name="target">A run directory or a .parquet file.</param>
    /// <returns>The summary and the path it was written to.</returns>
    public static (RunSummary Summary, string SummaryPath) Execute(string target)
    {
        if (IsCoincidenceLog(target)) throw new InvalidOperationException("an MDI coincidence log: use MdiAnalyzePipeline (see IsCoincidenceLog)");
        var wall = Stopwatch.StartNew();
        string logPath = Directory.Exists(target) ? Path.Combine(target, RunPipeline.LogFileName) : target;
        string outDir = Path.GetDirectoryName(Path.GetFullPath(logPath)) ?? ".";
        if (!File.Exists(logPath)) throw new InputError(logPath, "file", "detection log not found");
        using var reader = DetectionLogReader.Open(logPath);
        if (!reader.Metadata.TryGetValue(RunManifest.MetadataKey, out string? json))
            throw new InputError(logPath, RunManifest.MetadataKey, "footer metadata has no run manifest (not written by qkdnetsim run?)");
        var manifest = RunManifest.FromJson(json, logPath);
        var tally = new DetectionTally(logPath);
        var truth = new TruthTally();
        foreach (var chunk in reader.ReadChunks())
        {
            tally.AddRange(chunk.Span);
            truth.AddRange(chunk.Span);
        }
        tally.Complete();
        wall.Stop();
        var summary = SummaryBuilder.Build(manifest, tally, truth.ToSummary(), "analyze", wall.Elapsed.TotalSeconds, logPath);
        string summaryPath = Path.Combine(outDir, RunPipeline.SummaryFileName);
        AtomicFile.WriteAllText(summaryPath, summary.ToJson());
        return (summary, summaryPath);
    }

    /// <summary>
    /// Resolves `analyze`'s target: a directory holding coincidences.parquet (and no detections.parquet) or a file named
    /// *coincidences*.parquet is an MDI log; returns its path, else null.
    /// </summary>
    public static string? CoincidenceLogPath(string target)
    {
        if (Directory.Exists(target))
        {
            string det = Path.Combine(target, RunPipeline.LogFileName), coi = Path.Combine(target, CoincidenceLogSchema.FileName);
            return !File.Exists(det) && File.Exists(coi) ? coi : null;
        }
        return Path.GetFileName(target).Contains("coincidences", StringComparison.OrdinalIgnoreCase) ? target : null;
    }

    public static bool IsCoincidenceLog(string target) => CoincidenceLogPath(target) is not null;
}

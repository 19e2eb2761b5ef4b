using System.Diagnostics;
using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// `qkdnetsim analyze DIR` for an MDI run: recomputes DIR/summary.json from DIR/coincidences.parquet alone (rows and the
/// manifest in its footer), through the same summary builder as `run`.
/// </summary>
public static class MdiLogAnalysis
{
    public static MdiRunSummary Analyze(string logPath)
    {
        var wall = Stopwatch.StartNew();
        using var reader = CoincidenceLogReader.Open(logPath);
        var manifest = MdiRunManifest.FromJson(LogMetadata.RequireManifest(reader.Manifest, logPath), logPath);
        if (manifest.Modules.Count == 0) throw new InputError(logPath, MdiRunManifest.MetadataKey, "manifest lists no BSM modules");
        var tally = new MdiCoincidenceTally(manifest.Modules.Count, manifest.CoincidenceWindowPs);
        foreach (var chunk in reader.ReadChunks())
        {
            foreach (ref readonly var r in chunk.Span)
            {
                if (r.Module >= manifest.Modules.Count)
                    throw new InputError(logPath, CoincidenceLogSchema.Module, $"module {r.Module} not in the manifest's {manifest.Modules.Count} modules");
                tally.Add(r);
            }
        }
        wall.Stop();
        return MdiSummaryBuilder.Build(manifest, tally, "analyze", wall.Elapsed.TotalSeconds, logPath);
    }
}

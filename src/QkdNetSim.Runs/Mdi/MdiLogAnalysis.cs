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
    public static MdiRunSummary Analyze(string logPath, CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        using var reader = CoincidenceLogReader.Open(logPath);
        var manifest = MdiRunManifest.FromJson(LogMetadata.RequireManifest(reader.Manifest, logPath), logPath);
        manifest.Validate(logPath);
        int modules = manifest.Modules.Count;
        // Intensity levels of each module's two users: an index beyond them is a level the manifest does not declare.
        var levelsA = manifest.Modules.Select(m => manifest.UserByIndex(m.UserA).Intensities.Length).ToArray();
        var levelsB = manifest.Modules.Select(m => manifest.UserByIndex(m.UserB).Intensities.Length).ToArray();
        var tally = new MdiCoincidenceTally(modules, manifest.CoincidenceWindowPs);
        long row = 0;
        foreach (var chunk in reader.ReadChunks())
        {
            cancel.ThrowIfCancellationRequested();
            foreach (ref readonly var r in chunk.Span)
            {
                if (r.Module >= modules)
                    Fail(logPath, CoincidenceLogSchema.Module, r.Module, row, $"is not a module of the manifest's {modules} modules");
                if (r.IntensityA >= levelsA[r.Module])
                    Fail(logPath, CoincidenceLogSchema.IntensityA, r.IntensityA, row,
                        $"is outside [0, {levelsA[r.Module]}) (user {manifest.Modules[r.Module].UserA} of module {r.Module} has {levelsA[r.Module]} intensities)");
                if (r.IntensityB >= levelsB[r.Module])
                    Fail(logPath, CoincidenceLogSchema.IntensityB, r.IntensityB, row,
                        $"is outside [0, {levelsB[r.Module]}) (user {manifest.Modules[r.Module].UserB} of module {r.Module} has {levelsB[r.Module]} intensities)");
                tally.Add(r);
                row++;
            }
        }
        wall.Stop();
        var summary = MdiSummaryBuilder.Build(manifest, tally, "analyze", wall.Elapsed.TotalSeconds, logPath);
        summary.Run.LabLog = !reader.Metadata.ContainsKey(LogMetadata.ContentHashKey);
        return summary;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string file, string column, long value, long row, string rule) =>
        throw new InputError(file, column, $"value {value} at row {row} {rule}");
}

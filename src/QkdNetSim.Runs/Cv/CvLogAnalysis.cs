using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// `analyze` for a CV run: recomputes summary.json (next to the log) from cv_samples.parquet alone (rows and the manifest
/// in its footer). Rows of a user are accumulated in file order, which for a log written by <see cref="CvSimulation"/>
/// is round order, so the estimates are bit-identical to the run's. The rows of one round (one per user, a block apart in a
/// run's log) are joined by <see cref="CvRoundJoiner"/> over a window of 2 x <see cref="CvSampleRunner.BlockRounds"/>
/// rounds and handed to the network accumulator in round order, again as the run adds them.
/// </summary>
public static class CvLogAnalysis
{
    /// <summary>Window (rounds) within which all rows of one round must lie: twice the run's block.</summary>
    public const int WindowRounds = 2 * CvSampleRunner.BlockRounds;

    public static CvRunSummary Analyze(string logPath, CancellationToken cancel = default)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        using var reader = CvSampleLogReader.Open(logPath);
        var manifest = CvRunManifest.FromJson(LogMetadata.RequireManifest(reader.Manifest, logPath), logPath);
        manifest.Validate(logPath);
        int users = manifest.Users.Count;
        long row = 0;
        var moments = new CvMomentAccumulator[users];
        for (int i = 0; i < users; i++) moments[i] = new CvMomentAccumulator();
        var network = new CvNetworkMomentAccumulator(users);
        var joiner = new CvRoundJoiner(network, WindowRounds, logPath);
        reader.ReadAll(chunk =>
        {
            cancel.ThrowIfCancellationRequested();
            for (int r = 0; r < chunk.Length; r++)
            {
                int u = chunk.User[r];
                if (u >= users)
                    throw new InputError(logPath, CvSampleLogSchema.User, $"value {u} at row {row + r} is not a user of the manifest's {users} users");
                moments[u].Add(chunk.AliceX[r], chunk.AliceP[r], chunk.BobX[r], chunk.BobP[r]);
                joiner.Add(chunk.Round[r], u, chunk.AliceX[r], chunk.AliceP[r], chunk.BobX[r], chunk.BobP[r]);
            }
            row += chunk.Length;
        });
        joiner.Complete();
        var summary = CvSummaryBuilder.Build(manifest, moments, network, "analyze", logPath, wallTimeS: wall.Elapsed.TotalSeconds, logFile: logPath);
        summary.Run.LabLog = !reader.Metadata.ContainsKey(LogMetadata.ContentHashKey);
        return summary;
    }
}

using System.Diagnostics;
using QkdNetSim.Analysis;
using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The access network's step of `analyze`: recomputes the summary from detections.parquet alone (rows + manifest in the
/// footer). The same builder as `run` makes the summary, so the physics numbers agree with the run's.
/// </summary>
public static class AccessLogAnalysis
{
    /// <summary>
    /// The manifest fields `analyze` needs from a lab's detections.parquet (README "Analysing a lab's log"); the
    /// others (scenario, seed, mode, ...) are provenance and may be absent.
    /// </summary>
    public const string LabManifestFields =
        "gateRateHz, timeBins, simulatedTimeS, epsilon, errorCorrectionEfficiency, bobBasis0Probability, users[] with "
        + "index, name, slot, active, intensities, probabilities, basis0Probability, emittedPulses";

    public static RunSummary Analyze(string logPath, CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        using var reader = DetectionLogReader.Open(logPath);
        var manifest = RunManifest.FromJson(LogMetadata.RequireManifest(reader.Manifest, logPath, LabManifestFields), logPath);
        manifest.Validate(logPath);
        var rows = new RowRanges(manifest, logPath);
        var tally = new DetectionTally();
        var truth = new TruthTally();
        long row = 0;
        try
        {
            foreach (var chunk in reader.ReadChunks())
            {
                cancel.ThrowIfCancellationRequested();
                rows.Check(chunk.Span, row);
                row += chunk.Length;
                tally.AddRange(chunk.Span);
                truth.AddRange(chunk.Span);
            }
            tally.Complete();
        }
        catch (AnalysisInputException e) // a row the tally rejects (field range, gate order) is bad input in this log
        {
            throw e.At(logPath);
        }
        wall.Stop();
        var summary = SummaryBuilder.Build(manifest, tally, truth.ToSummary(), "analyze", wall.Elapsed.TotalSeconds, logPath,
            expectedModel: AccessModel.NetworkOf(manifest, logPath));
        summary.Run.LabLog = !reader.Metadata.ContainsKey(LogMetadata.ContentHashKey);
        return summary;
    }

    /// <summary>
    /// The manifest's ranges of each row's observable values (users, time bins, intensities per user, detectors, bases and
    /// bits), checked before the tally sees the row: a value the manifest does not declare is bad input with its row number
    /// (counted from 0 at the start of the file, as the reader's range errors), never dropped or tallied silently.
    /// </summary>
    private sealed class RowRanges
    {
        private readonly string _file;
        private readonly int _timeBins;
        private readonly int[] _levels; // intensity count per user index; 0 = no such user
        private readonly string _users;

        public RowRanges(RunManifest m, string file)
        {
            _file = file;
            _timeBins = m.TimeBins;
            _levels = new int[m.Users.Count == 0 ? 0 : m.Users.Max(u => u.Index) + 1];
            foreach (var u in m.Users) _levels[u.Index] = u.Intensities.Length;
            _users = m.Users.Count == 0 ? "none" : string.Join(", ", m.Users.Select(u => u.Index).Order());
        }

        public void Check(ReadOnlySpan<QkdNetSim.Core.Records.DetectionRecord> rows, long firstRow)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                ref readonly var r = ref rows[i];
                long at = firstRow + i;
                if (r.Detector > 1) Fail(DetectionLogSchema.Detector, r.Detector, at, "must be 0 or 1");
                if (r.BobBasis > 1) Fail(DetectionLogSchema.BobBasis, r.BobBasis, at, "must be 0 or 1");
                if (r.TimeBin < 0 || r.TimeBin >= _timeBins)
                    Fail(DetectionLogSchema.TimeBin, r.TimeBin, at, $"is outside [0, {_timeBins}) (the manifest's timeBins is {_timeBins})");
                if (r.User == -1)
                {
                    if (r.Intensity != -1) Fail(DetectionLogSchema.Intensity, r.Intensity, at, "must be -1 in an empty bin (user -1)");
                    if (r.AliceBasis is < -1 or > 1) Fail(DetectionLogSchema.AliceBasis, r.AliceBasis, at, "must be -1, 0 or 1");
                    if (r.AliceBit is < -1 or > 1) Fail(DetectionLogSchema.AliceBit, r.AliceBit, at, "must be -1, 0 or 1");
                    continue;
                }
                if (r.User < 0 || r.User >= _levels.Length || _levels[r.User] == 0)
                    Fail(DetectionLogSchema.User, r.User, at, $"is not a user of the manifest (users {_users}, or -1 for an empty bin)");
                int levels = _levels[r.User];
                if (r.Intensity < 0 || r.Intensity >= levels)
                    Fail(DetectionLogSchema.Intensity, r.Intensity, at, $"is outside [0, {levels}) (user {r.User} has {levels} intensities in the manifest)");
                if ((uint)r.AliceBasis > 1) Fail(DetectionLogSchema.AliceBasis, r.AliceBasis, at, $"must be 0 or 1 for a user's row (user {r.User})");
                if ((uint)r.AliceBit > 1) Fail(DetectionLogSchema.AliceBit, r.AliceBit, at, $"must be 0 or 1 for a user's row (user {r.User})");
            }
        }

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        private void Fail(string column, long value, long row, string rule) =>
            throw new InputError(_file, column, $"value {value} at row {row} {rule}");
    }
}

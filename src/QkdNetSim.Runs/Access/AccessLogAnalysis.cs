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

    public static RunSummary Analyze(string logPath)
    {
        var wall = Stopwatch.StartNew();
        using var reader = DetectionLogReader.Open(logPath);
        var manifest = RunManifest.FromJson(LogMetadata.RequireManifest(reader.Manifest, logPath, LabManifestFields), logPath);
        var tally = new DetectionTally();
        var truth = new TruthTally();
        try
        {
            foreach (var chunk in reader.ReadChunks())
            {
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
        return SummaryBuilder.Build(manifest, tally, truth.ToSummary(), "analyze", wall.Elapsed.TotalSeconds, logPath);
    }
}

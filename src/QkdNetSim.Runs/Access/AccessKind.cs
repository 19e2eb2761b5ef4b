using System.Globalization;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The access network (seed 004): N transmitters time-multiplexed onto one gated-APD receiver through a splitter or a
/// DWDM combiner, decoy BB84 with finite-key analysis. Scenario <see cref="ScenarioFile"/>, validator
/// <see cref="ScenarioValidator"/>, builder <see cref="AccessNetworkBuilder"/>, column map <see cref="DetectionColumns"/>,
/// manifest <see cref="RunManifest"/>, summary body <see cref="RunSummary"/>.
/// </summary>
public sealed class AccessKind : INetworkKind
{
    public string Name => KindNames.Access;

    public string Description => "time-division access network with a shared gated-APD receiver (seed 004); writes detections.parquet";

    public string? LogFileName => DetectionLogSchema.FileName;

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) => ScenarioLoader.LoadFromText(yaml, path, overrides);

    public SummaryEnvelope Simulate(IRunScenario scenario, string? logPath, Action<double>? progress, CancellationToken cancel) =>
        AccessSimulation.Simulate((LoadedScenario)scenario, logPath, progress, cancel);

    /// <summary>The default kind claims any target no other kind claimed: a run directory (its detections.parquet) or a file.</summary>
    public string? AnalyzeInput(string target) => Directory.Exists(target) ? Path.Combine(target, DetectionLogSchema.FileName) : target;

    public SummaryEnvelope Analyze(string input) => AccessLogAnalysis.Analyze(input);

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (RunSummary)summary;
        var r = s.Run;
        var inv = CultureInfo.InvariantCulture;
        var rows = s.Users.Where(u => u.Active).Select(u => (IReadOnlyList<string>)
        [
            u.Name, u.Slot.ToString(inv), u.ChannelLossDb.ToString("F2", inv), u.SiftedBits.ToString("N0", inv),
            (u.QberSignal * 100).ToString("F3", inv) + " %", (u.QberAll * 100).ToString("F3", inv) + " %",
            u.DecoyAsymptotic.SinglePhotonErrorRate.Length > 0 ? (u.DecoyAsymptotic.SinglePhotonErrorRate.Average() * 100).ToString("F2", inv) + " %" : "-",
            (u.SecretKeyRateBitPerS / 1e3).ToString("F2", inv), (u.AsymptoticKeyRateBitPerS / 1e3).ToString("F2", inv),
        ]).ToList();
        return new ResultRows(
            $"{r.ScenarioName}: {r.SimulatedTimeS.ToString("G4", inv)} s simulated, N = {r.TimeBins}, {r.ActiveUsers} active{(r.Interrupted ? " (interrupted)" : "")}",
            ["user", "bin", "loss dB", "sifted bits", "QBER signal", "QBER all", "e1 (asym)", "finite key kb/s", "asymptotic kb/s"],
            rows,
            [$"{r.EventsProcessed.ToString("N0", inv)} detection events in {r.WallTimeS.ToString("F2", inv)} s wall ({r.EventsPerWallSecond.ToString("E2", inv)} /s)"]).Validate();
    }
}

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
    public Type SummaryType => typeof(RunSummary);

    public string Name => KindNames.Access;

    public string Description => "time-division access network with a shared gated-APD receiver (seed 004); writes detections.parquet";

    public string? LogFileName => DetectionLogSchema.FileName;

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) => ScenarioLoader.LoadFromText(yaml, path, overrides);

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, Action<double>? progress, CancellationToken cancel) =>
        AccessSimulation.Simulate((LoadedScenario)scenario, log, progress, cancel);

    /// <summary>timeseries.parquet (when the scenario's `timeseries` is on) and the timeseries.png and .svg `run` draws from it.</summary>
    public IReadOnlyList<string> ExtraOutputNames => [TimeSeriesWriter.FileName, TimeSeriesWriter.FigureFileName, TimeSeriesWriter.FigureSvgFileName];

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, string outputDir, Action<double>? progress, CancellationToken cancel) =>
        AccessSimulation.Simulate((LoadedScenario)scenario, log, progress, cancel, outputDir);

    /// <summary>
    /// Warms the timeseries.parquet encoder (<see cref="TimeSeriesWriter.WarmUp"/>) and summary.json's serializer
    /// (<see cref="RunsJson.WarmUp"/>); a failure there shows again in the real write.
    /// </summary>
    public void PrepareOutputs() => Task.Run(() =>
    {
        try
        {
            TimeSeriesWriter.WarmUp();
            RunsJson.WarmUp(typeof(RunSummary));
        }
        catch (Exception) { }
    });

    /// <summary>The default kind claims any target no other kind claimed: a run directory (its detections.parquet) or a file.</summary>
    public string? AnalyzeInput(string target) => Directory.Exists(target) ? Path.Combine(target, DetectionLogSchema.FileName) : target;

    public SummaryEnvelope Analyze(string input, CancellationToken cancel) => AccessLogAnalysis.Analyze(input, cancel);

    public string UnitsKey => "users";

    /// <summary>The expected-count model through the same summary builder and finite-key analysis (<see cref="AccessModel"/>).</summary>
    public SummaryEnvelope Model(IRunScenario scenario, CancellationToken cancel) => AccessModel.Run((LoadedScenario)scenario, cancel);

    public bool HasModel => true;

    /// <summary>detections.parquet: the model engine's expected click rows of every bin (<see cref="AccessModel.ExpectedClickRows"/>).</summary>
    public LogSizeEstimate? EstimateLog(IRunScenario scenario) => scenario.LogEnabled
        ? new LogSizeEstimate(DetectionLogSchema.FileName, AccessModel.ExpectedClickRows((LoadedScenario)scenario), "click", LogRowBytes.AccessClick)
        : null;

    /// <summary>The smallest finite-key secretKeyRateBitPerS over the active users; null when no user is active.</summary>
    public double? WorstKeyRateBitPerS(SummaryEnvelope summary) => UnitKeyRatesBitPerS(summary) is { Count: > 0 } rates ? rates.Min() : null;

    /// <summary>secretKeyRateBitPerS of each active user, in user order.</summary>
    public IReadOnlyList<double> UnitKeyRatesBitPerS(SummaryEnvelope summary) =>
        ((RunSummary)summary).Users.Where(u => u.Active).Select(u => u.SecretKeyRateBitPerS).ToArray();

    /// <summary>capacity, activeUsers, distance, afterpulseProbability, darkCountProbability (<see cref="AccessKnobs"/>).</summary>
    public IReadOnlyList<StudyKnob> Knobs => AccessKnobs.All;

    private static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);

    /// <summary>Average single-photon error rate over the bases (asymptotic decoy estimate), or null when there is none.</summary>
    private static double? E1(UserSummary u) => u.DecoyAsymptotic.SinglePhotonErrorRate.Length > 0 ? u.DecoyAsymptotic.SinglePhotonErrorRate.Average() : null;

    private static readonly ResultColumn<UserSummary>[] Columns =
    [
        new("name", "user", u => u.Name, u => u.Name),
        new("slot", "bin", u => u.Slot, u => u.Slot.ToString(CultureInfo.InvariantCulture)),
        new("channelLossDb", "loss dB", u => u.ChannelLossDb, u => F(u.ChannelLossDb, "F2")),
        new("siftedBits", "sifted bits", u => u.SiftedBits, u => u.SiftedBits.ToString("N0", CultureInfo.InvariantCulture)),
        new("qberSignal", "QBER signal", u => u.QberSignal, u => F(u.QberSignal * 100, "F3") + " %"),
        new("qberAll", "QBER all", u => u.QberAll, u => F(u.QberAll * 100, "F3") + " %"),
        new("singlePhotonErrorRateAsymptotic", "e1 (asym)", u => E1(u), u => E1(u) is double e ? F(e * 100, "F2") + " %" : "-"),
        new("secretKeyRateBitPerS", "finite key kb/s", u => u.SecretKeyRateBitPerS, u => F(u.SecretKeyRateBitPerS / 1e3, "F2")),
        new("asymptoticKeyRateBitPerS", "asymptotic kb/s", u => u.AsymptoticKeyRateBitPerS, u => F(u.AsymptoticKeyRateBitPerS / 1e3, "F2")),
    ];

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (RunSummary)summary;
        var r = s.Run;
        return ResultColumn<UserSummary>.Rows(
            $"{r.ScenarioName}: {r.SimulatedTimeS:G4} s {(s.Engine == AccessModel.Engine ? "modelled" : "simulated")}, N = {r.TimeBins}, {r.ActiveUsers} active{(r.Interrupted ? " (interrupted)" : "")}",
            Columns, s.Users.Where(u => u.Active),
            [r.EventsProcessed is long events
                ? $"{events:N0} detection events in {r.WallTimeS:F2} s wall ({r.EventsPerWallSecond:E2} /s)"
                : $"expected-count model (engine: model) in {r.WallTimeS:F3} s wall"]);
    }
}

using System.Globalization;
using QkdNetSim.Runs.Cv;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// The wavelength-multiplexed MDI-QKD network with a frequency comb (seed 002): users, BSM modules at a relay, four-fold
/// events. Scenario <see cref="MdiScenarioFile"/>, validator <see cref="MdiScenarioValidator"/>, builder
/// <see cref="MdiNetworkBuilder"/>, column map <see cref="CoincidenceColumns"/>, manifest <see cref="MdiRunManifest"/>,
/// summary body <see cref="MdiRunSummary"/>.
/// </summary>
public sealed class MdiKind : INetworkKind
{
    public Type SummaryType => typeof(MdiRunSummary);

    public string Name => KindNames.Mdi;

    public string Description => "MDI-QKD network with a frequency comb and BSM modules (seed 002); writes coincidences.parquet";

    public string? LogFileName => CoincidenceLogSchema.FileName;

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) => MdiScenarioLoader.LoadFromText(yaml, path, overrides);

    /// <summary>timeseries.parquet (when the scenario's `timeseries` is on: by default when a drift is configured).</summary>
    public IReadOnlyList<string> ExtraOutputNames => [Access.TimeSeriesWriter.FileName];

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, string outputDir, Action<double>? progress, CancellationToken cancel)
    {
        var loaded = (LoadedMdiScenario)scenario;
        return MdiSimulation.Simulate(loaded.Config, loaded.Identity, log, progress, cancel, outputDir);
    }

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, Action<double>? progress, CancellationToken cancel)
    {
        var loaded = (LoadedMdiScenario)scenario;
        return MdiSimulation.Simulate(loaded.Config, loaded.Identity, log, progress, cancel);
    }

    /// <summary>A directory holding coincidences.parquet (and no detections.parquet), or a file named *coincidences*.parquet.</summary>
    public string? AnalyzeInput(string target)
    {
        if (CvCovarianceKind.IsYaml(target)) return null; // YAML targets are analysis inputs (cvCovariance), never logs
        if (Directory.Exists(target))
        {
            string det = Path.Combine(target, Access.DetectionLogSchema.FileName), coi = Path.Combine(target, CoincidenceLogSchema.FileName);
            return !File.Exists(det) && File.Exists(coi) ? coi : null;
        }
        return Path.GetFileName(target).Contains("coincidences", StringComparison.OrdinalIgnoreCase) ? target : null;
    }

    public SummaryEnvelope Analyze(string input, CancellationToken cancel) => MdiLogAnalysis.Analyze(input, cancel);

    public string UnitsKey => "pairs";

    public bool HasModel => true;

    /// <summary>
    /// coincidences.parquet: every module's expected two-fold coincidences for the session's pulse pairs (the model engine's
    /// <see cref="MdiExpectedCounts.TwoFold"/>; it leaves out dead time, so it reads a few % high, see <see cref="MdiModel"/>).
    /// </summary>
    public LogSizeEstimate? EstimateLog(IRunScenario scenario)
    {
        if (!scenario.LogEnabled) return null;
        var config = ((LoadedMdiScenario)scenario).Config;
        double rows = Enumerable.Range(0, config.Modules.Count).Sum(m => new MdiExpectedCounts(config, m, config.SessionSlots).TwoFold);
        return new LogSizeEstimate(CoincidenceLogSchema.FileName, rows, "coincidence", LogRowBytes.MdiCoincidence);
    }

    /// <summary>The quadrature model's expected counts through the same finite-key analysis (<see cref="MdiModel"/>).</summary>
    public SummaryEnvelope Model(IRunScenario scenario, CancellationToken cancel) => MdiModel.Run((LoadedMdiScenario)scenario, cancel);

    /// <summary>
    /// The smallest rigorous finite-key rate over the user pairs, bit/s, 0 for a pair whose analysis failed or whose rate
    /// is negative (no key). Rigorous (a zero vacuum-vacuum count bounded by its Chernoff upper bound, not by 0): the rate
    /// that holds whatever the oo count, which the model's expected counts round to 0 at high loss; null without pairs.
    /// </summary>
    public double? WorstKeyRateBitPerS(SummaryEnvelope summary)
    {
        var s = (MdiRunSummary)summary;
        return s.Pairs.Count == 0 ? null : s.Pairs.Min(p => Ok(p) ? Math.Max(0, p.KeyRateBitPerSRigorous) : 0);
    }

    public IReadOnlyList<StudyKnob> Knobs { get; } = [PairLossKnob];

    /// <summary>
    /// `pairLossDb`: the loss of every user pair (summary `lossDb`, from one encoder through the relay to the other), split
    /// evenly: each user's channelLossDb = pairLossDb / 2 - relay.demuxInsertionLossDb - relay.beamSplitterExcessLossDb.
    /// Dead time needs no knob: `relay.detector.deadTimeNs` (and `modules.N.detector.deadTimeNs`) are dotted paths.
    /// </summary>
    public static readonly StudyKnob PairLossKnob = new("pairLossDb", "dB",
        "loss of every user pair, split evenly between the two users' channelLossDb (relay losses included)", IsInteger: false,
        Minimum: 0, Maximum: 2 * Access.ScenarioValidator.MaxLossDb, PairLossOverrides);

    private static IReadOnlyList<string> PairLossOverrides(IRunScenario scenario, double pairLossDb)
    {
        var s = ((LoadedMdiScenario)scenario).Scenario;
        double relayDb = s.Relay.DemuxInsertionLossDb + s.Relay.BeamSplitterExcessLossDb;
        double channelDb = pairLossDb / 2 - relayDb;
        if (!(channelDb >= 0))
            throw new QkdNetSim.Core.InputError(((LoadedMdiScenario)scenario).SourcePath, PairLossKnob.Name,
                $"must be at least twice the relay's loss per input ({F(2 * relayDb, "R")} dB), got {F(pairLossDb, "R")}");
        return Enumerable.Range(0, s.Users.Count).Select(i => $"users.{i}.channelLossDb={F(channelDb, "R")}").ToList();
    }

    private static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);

    private static bool Ok(MdiPairSummary p) => p.AnalysisError.Length == 0;

    private static long? ZzCount(MdiPairSummary p) => p.Yields.TryGetValue("zz", out var zz) ? zz.Count : null;

    /// <summary>A key-rate figure: null (table "-") when the pair's analysis failed.</summary>
    private static double? IfOk(MdiPairSummary p, double v) => Ok(p) ? v : null;

    private static string Text(double? v, string f) => v is double d ? F(d, f) : "-";

    private static readonly ResultColumn<MdiPairSummary>[] Columns =
    [
        new("name", "pair", p => p.Name, p => p.Name),
        new("lossDb", "loss dB", p => p.LossDb, p => F(p.LossDb, "F1")),
        new("zzCount", "N_zz S_zz", p => ZzCount(p), p => ZzCount(p) is long n ? n.ToString("N0", CultureInfo.InvariantCulture) : "-"),
        new("qberZ", "QBER_Z", p => p.QberZ, p => F(p.QberZ * 100, "F3") + " %"),
        new("qberX", "QBER_X", p => p.QberX, p => F(p.QberX * 100, "F2") + " %"),
        new("s11", "s11", p => IfOk(p, p.S11), p => Text(IfOk(p, p.S11), "E3")),
        new("e11Ph", "e11^ph", p => IfOk(p, p.E11Ph), p => Text(IfOk(p, p.E11Ph), "F4")),
        new("keyRatePerPulse", "key/pulse", p => IfOk(p, p.KeyRatePerPulse), p => Text(IfOk(p, p.KeyRatePerPulse), "E3")),
        // Key rates below zero mean no key: shown (and given to scripts) as 0.
        new("keyRateBitPerS", "key b/s", p => IfOk(p, Math.Max(0, p.KeyRateBitPerS)), p => Ok(p) ? F(Math.Max(0, p.KeyRateBitPerS), "F1") : p.AnalysisError),
        new("keyRateBitPerSRigorous", "key b/s (rigorous)", p => IfOk(p, Math.Max(0, p.KeyRateBitPerSRigorous)), p => Text(IfOk(p, Math.Max(0, p.KeyRateBitPerSRigorous)), "F1")),
        new("analysisError", null, p => p.AnalysisError),
    ];

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (MdiRunSummary)summary;
        return ResultColumn<MdiPairSummary>.Rows(
            $"{s.ScenarioName}: {s.SimulatedTimeS:G4} s simulated, {s.SimulatedSlots:N0} pulse pairs per pair{(s.Interrupted ? " (interrupted)" : "")}",
            Columns, s.Pairs,
            s.Engine == "model"
                ? [
                    $"model engine (expected counts, no dead time across slots): average key rate {F(s.AverageKeyRateBitPerS, "F1")} b/s " +
                    $"(rigorous {F(s.AverageKeyRateBitPerSRigorous, "F1")}); four-folds not modelled",
                    $"{s.Run.Coincidences:N0} coincidences expected; {s.Run.WallTimeS:F2} s wall",
                ]
                : [
                    $"average key rate {F(s.AverageKeyRateBitPerS, "F1")} b/s (rigorous {F(s.AverageKeyRateBitPerSRigorous, "F1")}); " +
                    $"four-fold events per pair of pairs {Text(s.FourFoldAverageCount, "F1")} on average ({Text(s.FourFoldAverageRateHz, "E2")} Hz)",
                    $"{s.Run.Coincidences:N0} coincidences in {s.Run.WallTimeS:F2} s wall ({Text(s.Run.CoincidencesPerWallSecond, "E2")} /s)",
                ]);
    }
}

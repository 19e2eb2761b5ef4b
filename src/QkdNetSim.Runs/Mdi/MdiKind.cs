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
    public string Name => KindNames.Mdi;

    public string Description => "MDI-QKD network with a frequency comb and BSM modules (seed 002); writes coincidences.parquet";

    public string? LogFileName => CoincidenceLogSchema.FileName;

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) => MdiScenarioLoader.LoadFromText(yaml, path, overrides);

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
            [
                $"average key rate {F(s.AverageKeyRateBitPerS, "F1")} b/s (rigorous {F(s.AverageKeyRateBitPerSRigorous, "F1")}); " +
                $"four-fold events per pair of pairs {F(s.FourFoldAverageCount, "F1")} on average ({F(s.FourFoldAverageRateHz, "E2")} Hz)",
                $"{s.Run.Coincidences:N0} coincidences in {s.Run.WallTimeS:F2} s wall ({s.Run.CoincidencesPerWallSecond:E2} /s)",
            ]);
    }
}

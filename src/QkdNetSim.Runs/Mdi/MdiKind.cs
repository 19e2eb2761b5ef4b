using System.Globalization;

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

    public SummaryEnvelope Simulate(IRunScenario scenario, string? logPath, Action<double>? progress, CancellationToken cancel)
    {
        var loaded = (LoadedMdiScenario)scenario;
        return MdiSimulation.Simulate(loaded.Config, loaded.Identity, logPath, progress, cancel);
    }

    /// <summary>A directory holding coincidences.parquet (and no detections.parquet), or a file named *coincidences*.parquet.</summary>
    public string? AnalyzeInput(string target)
    {
        if (Directory.Exists(target))
        {
            string det = Path.Combine(target, Access.DetectionLogSchema.FileName), coi = Path.Combine(target, CoincidenceLogSchema.FileName);
            return !File.Exists(det) && File.Exists(coi) ? coi : null;
        }
        return Path.GetFileName(target).Contains("coincidences", StringComparison.OrdinalIgnoreCase) ? target : null;
    }

    public SummaryEnvelope Analyze(string input) => MdiLogAnalysis.Analyze(input);

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (MdiRunSummary)summary;
        static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        var rows = s.Pairs.Select(p =>
        {
            bool ok = p.AnalysisError.Length == 0;
            return (IReadOnlyList<string>)
            [
                p.Name, F(p.LossDb, "F1"), p.Yields.TryGetValue("zz", out var zz) ? zz.Count.ToString("N0", CultureInfo.InvariantCulture) : "-",
                F(p.QberZ * 100, "F3") + " %", F(p.QberX * 100, "F2") + " %",
                ok ? F(p.S11, "E3") : "-", ok ? F(p.E11Ph, "F4") : "-", ok ? F(p.KeyRatePerPulse, "E3") : "-",
                ok ? F(Math.Max(0, p.KeyRateBitPerS), "F1") : p.AnalysisError, ok ? F(Math.Max(0, p.KeyRateBitPerSRigorous), "F1") : "-",
            ];
        }).ToList();
        return new ResultRows(
            $"{s.ScenarioName}: {F(s.SimulatedTimeS, "G4")} s simulated, {s.SimulatedSlots.ToString("N0", CultureInfo.InvariantCulture)} pulse pairs per pair{(s.Interrupted ? " (interrupted)" : "")}",
            ["pair", "loss dB", "N_zz S_zz", "QBER_Z", "QBER_X", "s11", "e11^ph", "key/pulse", "key b/s", "key b/s (rigorous)"],
            rows,
            [
                $"average key rate {F(s.AverageKeyRateBitPerS, "F1")} b/s (rigorous {F(s.AverageKeyRateBitPerSRigorous, "F1")}); " +
                $"four-fold events per pair of pairs {F(s.FourFoldAverageCount, "F1")} on average ({F(s.FourFoldAverageRateHz, "E2")} Hz)",
                $"{s.Run.Coincidences.ToString("N0", CultureInfo.InvariantCulture)} coincidences in {F(s.Run.WallTimeS, "F2")} s wall ({F(s.Run.CoincidencesPerWallSecond, "E2")} /s)",
            ]).Validate();
    }
}

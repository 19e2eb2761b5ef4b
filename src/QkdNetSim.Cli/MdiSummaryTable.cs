using System.Globalization;
using QkdNetSim.Runs.Mdi;
using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Per-user-pair result table printed after `run` and `analyze` of an MDI network.</summary>
public static class MdiSummaryTable
{
    public static void Print(MdiRunSummary s, string outDir)
    {
        static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(s.ScenarioName)}: {s.SimulatedTimeS:G4} s simulated, {s.SimulatedSlots:N0} pulse pairs per pair{(s.Interrupted ? " [yellow](interrupted)[/]" : "")}");
        foreach (var c in new[] { "pair", "loss dB", "N_zz S_zz", "QBER_Z", "QBER_X", "s11", "e11^ph", "key/pulse", "key b/s", "key b/s (rigorous)" })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var p in s.Pairs)
        {
            bool ok = p.AnalysisError.Length == 0;
            table.AddRow(Markup.Escape(p.Name), F(p.LossDb, "F1"), p.Yields.TryGetValue("zz", out var zz) ? zz.Count.ToString("N0", CultureInfo.InvariantCulture) : "-",
                F(p.QberZ * 100, "F3") + " %", F(p.QberX * 100, "F2") + " %",
                ok ? F(p.S11, "E3") : "-", ok ? F(p.E11Ph, "F4") : "-", ok ? F(p.KeyRatePerPulse, "E3") : "-",
                ok ? F(Math.Max(0, p.KeyRateBitPerS), "F1") : Markup.Escape(p.AnalysisError), ok ? F(Math.Max(0, p.KeyRateBitPerSRigorous), "F1") : "-");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"average key rate {F(s.AverageKeyRateBitPerS, "F1")} b/s (rigorous {F(s.AverageKeyRateBitPerSRigorous, "F1")}); " +
            $"four-fold events per pair of pairs {F(s.FourFoldAverageCount, "F1")} on average ({F(s.FourFoldAverageRateHz, "E2")} Hz)");
        AnsiConsole.MarkupLine($"[grey]{s.Run.Coincidences:N0} coincidences in {s.Run.WallTimeS:F2} s wall ({s.Run.CoincidencesPerWallSecond:E2} /s); outputs in {Markup.Escape(outDir)}[/]");
    }
}

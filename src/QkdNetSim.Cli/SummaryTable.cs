using System.Globalization;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Per-user result table printed after `run` and `analyze`.</summary>
public static class SummaryTable
{
    public static void Print(RunSummary s, string outDir)
    {
        var r = s.Run;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(r.ScenarioName)}: {r.SimulatedTimeS:G4} s simulated, N = {r.TimeBins}, {r.ActiveUsers} active{(r.Interrupted ? " [yellow](interrupted)[/]" : "")}");
        foreach (var c in new[] { "user", "bin", "loss dB", "sifted bits", "QBER signal", "QBER all", "e1 (asym)", "finite key kb/s", "asymptotic kb/s" })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var u in s.Users.Where(u => u.Active))
        {
            table.AddRow(Markup.Escape(u.Name), u.Slot.ToString(CultureInfo.InvariantCulture), u.ChannelLossDb.ToString("F2", CultureInfo.InvariantCulture),
                u.SiftedBits.ToString("N0", CultureInfo.InvariantCulture),
                (u.QberSignal * 100).ToString("F3", CultureInfo.InvariantCulture) + " %",
                (u.QberAll * 100).ToString("F3", CultureInfo.InvariantCulture) + " %",
                u.DecoyAsymptotic.SinglePhotonErrorRate.Length > 0 ? (u.DecoyAsymptotic.SinglePhotonErrorRate.Average() * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "-",
                (u.SecretKeyRateBitPerS / 1e3).ToString("F2", CultureInfo.InvariantCulture),
                (u.AsymptoticKeyRateBitPerS / 1e3).ToString("F2", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{r.EventsProcessed:N0} detection events in {r.WallTimeS:F2} s wall ({r.EventsPerWallSecond:E2} /s); outputs in {Markup.Escape(outDir)}[/]");
    }
}

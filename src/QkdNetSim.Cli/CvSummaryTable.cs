using System.Globalization;
using QkdNetSim.Runs.Cv;
using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Per-user tables printed after `run`/`analyze` of a CV network and `analyze` of a covariance file.</summary>
public static class CvSummaryTable
{
    private static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
    private static string F(double? v, string f) => v is double d ? F(d, f) : "-";
    private static string Pm(CvIntervalSummary? s, string f) => s is null ? "-" : $"{F(s.Value, f)} ± {F(s.StandardError, f)}";

    public static void Print(CvRunSummary s, string outPath)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(s.ScenarioName)}: {s.Rounds:N0} rounds, {Markup.Escape(s.Modulation)} modulation, beta {F(s.ReconciliationEfficiency, "G4")}{(s.Interrupted ? " [yellow](interrupted)[/]" : "")}");
        foreach (var c in new[] { "user", "T", "T est.", "xi", "xi est.", "K_ABi", "K_ABi est." })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var u in s.Users)
            table.AddRow(Markup.Escape(u.Name), F(u.TrueTransmittance, "F4"), Pm(u.Transmittance, "F4"), F(u.TrueExcessNoiseSnu, "F3"), Pm(u.ExcessNoiseSnu, "F3"),
                F(u.NetworkKeyRateAnalyticBits, "E2"), F(u.NetworkKeyRateEstimateBits, "E2"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]T, xi (SNU at the channel input), K_ABi (bits/round, seed 000 Eq. 21): true values, and estimates ± standard error from the samples; single-user GG02 rates are in summary.json[/]");
        AnsiConsole.MarkupLine($"network total K_tot: analytic {F(s.NetworkTotalKeyRateAnalyticBits, "E3")}, estimated {F(s.NetworkTotalKeyRateEstimateBits, "E3")} bits/round");
        if (s.Note is { Length: > 0 }) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(s.Note)}[/]");
        AnsiConsole.MarkupLine($"[grey]summary: {Markup.Escape(outPath)}[/]");
    }

    public static void Print(CvCovarianceSummary s, string outPath)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(s.Name)}: beta {F(s.ReconciliationEfficiency, "G4")}");
        foreach (var c in new[] { "Bob", "I(a:b_i)", "I(b_i:b_r)", "S(b_i:E|b_r)", "K_ABi", "K_LB,i" })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var u in s.Users)
            table.AddRow(Markup.Escape(u.Name), F(u.MutualInformationBits, "F4"), F(u.OtherBobsInformationBits, "F4"), F(u.ConditionalHolevoBits, "F4"),
                F(u.KeyRateBits, "E3"), F(u.LowerLimitKeyRateBits, "E3"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"K_tot {F(s.TotalKeyRateBits, "E3")}, K_UB {F(s.UpperLimitBits, "E3")}, K_tot / K_UB {F(s.FractionOfUpperLimit, "F3")} (bits/pulse)");
        AnsiConsole.MarkupLine($"[grey]summary: {Markup.Escape(outPath)}[/]");
    }
}

using System.Globalization;
using QkdNetSim.Cli.Output;
using QkdNetSim.Data.Runs;
using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Per-user results of an access-network `run` or `analyze` (active users only).</summary>
public sealed class SummaryTable : IResultRows<RunSummary>
{
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

    public ResultRows Rows(RunSummary s, string outDir)
    {
        var r = s.Run;
        return ResultColumn<UserSummary>.Rows(
            $"{Markup.Escape(r.ScenarioName)}: {r.SimulatedTimeS:G4} s simulated, N = {r.TimeBins}, {r.ActiveUsers} active{(r.Interrupted ? " [yellow](interrupted)[/]" : "")}",
            Columns, s.Users.Where(u => u.Active),
            [$"[grey]{r.EventsProcessed:N0} detection events in {r.WallTimeS:F2} s wall ({r.EventsPerWallSecond:E2} /s); outputs in {Markup.Escape(outDir)}[/]"]);
    }

    public static void Print(RunSummary s, string outDir, OutputFormat format = OutputFormat.Table) => ResultWriter.Write(new SummaryTable().Rows(s, outDir), format);
}

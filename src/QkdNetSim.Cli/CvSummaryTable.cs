using System.Globalization;
using QkdNetSim.Cli.Output;
using QkdNetSim.Data.Runs.Cv;
using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Per-Bob results of a CV network `run`/`analyze` (<see cref="CvSummaryTable"/>) and of `analyze` of a covariance file (<see cref="CvCovarianceTable"/>).</summary>
public sealed class CvSummaryTable : IResultRows<CvRunSummary>
{
    internal static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
    private static string F(double? v, string f) => v is double d ? F(d, f) : "-";
    private static string Pm(CvIntervalSummary? s, string f) => s is null ? "-" : $"{F(s.Value, f)} ± {F(s.StandardError, f)}";

    private static readonly ResultColumn<CvUserSummary>[] Columns =
    [
        new("name", "user", u => u.Name, u => u.Name),
        new("trueTransmittance", "T", u => u.TrueTransmittance, u => F(u.TrueTransmittance, "F4")),
        new("transmittance", "T est.", u => u.Transmittance?.Value, u => Pm(u.Transmittance, "F4")),
        new("transmittanceStandardError", null, u => u.Transmittance?.StandardError),
        new("trueExcessNoiseSnu", "xi", u => u.TrueExcessNoiseSnu, u => F(u.TrueExcessNoiseSnu, "F3")),
        new("excessNoiseSnu", "xi est.", u => u.ExcessNoiseSnu?.Value, u => Pm(u.ExcessNoiseSnu, "F3")),
        new("excessNoiseSnuStandardError", null, u => u.ExcessNoiseSnu?.StandardError),
        new("networkKeyRateAnalyticBits", "K_ABi", u => u.NetworkKeyRateAnalyticBits, u => F(u.NetworkKeyRateAnalyticBits, "E2")),
        new("networkKeyRateEstimateBits", "K_ABi est.", u => u.NetworkKeyRateEstimateBits, u => F(u.NetworkKeyRateEstimateBits, "E2")),
    ];

    public ResultRows Rows(CvRunSummary s, string outPath)
    {
        var notes = new List<string>
        {
            "[grey]T, xi (SNU at the channel input), K_ABi (bits/round, seed 000 Eq. 21): true values, and estimates ± standard error from the samples; single-user GG02 rates are in summary.json[/]",
            $"network total K_tot: analytic {F(s.NetworkTotalKeyRateAnalyticBits, "E3")}, estimated {F(s.NetworkTotalKeyRateEstimateBits, "E3")} bits/round",
        };
        if (s.Note is { Length: > 0 }) notes.Add($"[yellow]{Markup.Escape(s.Note)}[/]");
        notes.Add($"[grey]summary: {Markup.Escape(outPath)}[/]");
        return ResultColumn<CvUserSummary>.Rows(
            $"{Markup.Escape(s.ScenarioName)}: {s.Rounds:N0} rounds, {Markup.Escape(s.Modulation)} modulation, beta {F(s.ReconciliationEfficiency, "G4")}{(s.Interrupted ? " [yellow](interrupted)[/]" : "")}",
            Columns, s.Users, notes);
    }

    public static void Print(CvRunSummary s, string outPath, OutputFormat format = OutputFormat.Table) => ResultWriter.Write(new CvSummaryTable().Rows(s, outPath), format);

    public static void Print(CvCovarianceSummary s, string outPath, OutputFormat format = OutputFormat.Table) => ResultWriter.Write(new CvCovarianceTable().Rows(s, outPath), format);
}

/// <summary>Per-Bob key-rate terms of a `kind: cvCovariance` file (seed 000 Eqs. 21-25).</summary>
public sealed class CvCovarianceTable : IResultRows<CvCovarianceSummary>
{
    private static string F(double v, string f) => CvSummaryTable.F(v, f);

    private static readonly ResultColumn<CvCovarianceUserSummary>[] Columns =
    [
        new("name", "Bob", u => u.Name, u => u.Name),
        new("mutualInformationBits", "I(a:b_i)", u => u.MutualInformationBits, u => F(u.MutualInformationBits, "F4")),
        new("otherBobsInformationBits", "I(b_i:b_r)", u => u.OtherBobsInformationBits, u => F(u.OtherBobsInformationBits, "F4")),
        new("conditionalHolevoBits", "S(b_i:E|b_r)", u => u.ConditionalHolevoBits, u => F(u.ConditionalHolevoBits, "F4")),
        new("keyRateBits", "K_ABi", u => u.KeyRateBits, u => F(u.KeyRateBits, "E3")),
        new("lowerLimitKeyRateBits", "K_LB,i", u => u.LowerLimitKeyRateBits, u => F(u.LowerLimitKeyRateBits, "E3")),
    ];

    public ResultRows Rows(CvCovarianceSummary s, string outPath) => ResultColumn<CvCovarianceUserSummary>.Rows(
        $"{Markup.Escape(s.Name)}: beta {F(s.ReconciliationEfficiency, "G4")}", Columns, s.Users,
        [
            $"K_tot {F(s.TotalKeyRateBits, "E3")}, K_UB {F(s.UpperLimitBits, "E3")}, K_tot / K_UB {(s.FractionOfUpperLimit is double q ? F(q, "F3") : "-")} (bits/pulse)",
            $"[grey]summary: {Markup.Escape(outPath)}[/]",
        ]);
}

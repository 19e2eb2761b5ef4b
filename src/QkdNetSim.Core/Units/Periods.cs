namespace QkdNetSim.Core.Units;

/// <summary>
/// Conversions between a rate in Hz and a period in picoseconds (kernel time is integer ps), and from ps to seconds.
/// The one home of these formulas.
/// </summary>
public static class Periods
{
    /// <summary>Picoseconds per second.</summary>
    public const double PsPerSecond = 1e12;

    /// <summary>Period 1/rate in ps, not rounded.</summary>
    public static double ExactPeriodPs(double rateHz) => PsPerSecond / rateHz;

    /// <summary>Period 1/rate in integer ps, rounded to the nearest ps.</summary>
    public static long PeriodPs(double rateHz) => (long)Math.Round(ExactPeriodPs(rateHz));

    /// <summary>Rate 1/period in Hz of a period in ps.</summary>
    public static double RateHz(double periodPs) => PsPerSecond / periodPs;

    /// <summary>A time in ps expressed in seconds.</summary>
    public static double ToSeconds(double timePs) => timePs * 1e-12;

    /// <summary>A time in seconds as integer ps, rounded to the nearest ps.</summary>
    public static long FromSeconds(double timeS) => (long)Math.Round(timeS * PsPerSecond);

    /// <summary>Mean events of a Poisson process at <paramref name="rateHz"/> in one period of <paramref name="periodPs"/> ps.</summary>
    public static double MeanEventsPerPeriod(double rateHz, double periodPs) => rateHz * periodPs * 1e-12;
}

using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>
/// The dither signs of the probe windows of one update interval, split into equal windows. A drift that is linear over the
/// interval changes what a pattern measures by sum_q s_q t_q, which is 0 for both patterns here, so a steady drift does not
/// bias the probe's contrast (a two-half +/- probe would pick up the cross term 2 x v t, comparable to the signal when the
/// residual is larger than the dither). The patterns are orthogonal and balanced on each other's sign classes, so when two
/// loops act on the same count rate (timing and polarization: the rate is a product of their factors) each loop's
/// log-count contrast cancels the other's dither exactly, for equal update intervals.
/// </summary>
public static class ProbePattern
{
    /// <summary>+ - - + over quarters (phase and timing loops).</summary>
    public static readonly int[] Quarters = [1, -1, -1, 1];

    /// <summary>+ - - + - + + - over eighths (polarization loop): orthogonal to <see cref="Quarters"/> played over eighths.</summary>
    public static readonly int[] Eighths = [1, -1, -1, 1, -1, 1, 1, -1];

    /// <summary>Length of window <paramref name="q"/> of <paramref name="windows"/> in an interval of <paramref name="intervalS"/>, ps (the last takes the remainder).</summary>
    public static long WindowPs(double intervalS, int windows, int q)
    {
        long periodPs = Math.Max(windows, (long)Math.Round(intervalS * Periods.PsPerSecond));
        long w = periodPs / windows;
        return q < windows - 1 ? w : periodPs - w * (windows - 1);
    }
}

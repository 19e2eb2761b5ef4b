using System.Runtime.CompilerServices;

namespace QkdNetSim.Detectors;

/// <summary>
/// Non-paralyzable dead time of a free-running detector (SNSPD, <see cref="SnspdParameters"/>): a click registers only
/// if at least the dead time has passed since the last REGISTERED click; a click inside the dead time is lost and does
/// not extend it (Knoll, Radiation Detection and Measurement, 4th ed., Sec. 4.VII: registered rate r / (1 + r tau)).
/// </summary>
public static class NonParalyzableDeadTime
{
    /// <summary>Whether a click at <paramref name="clickPs"/> registers, the last registered click being at <paramref name="lastRegisteredPs"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Registers(long lastRegisteredPs, long clickPs, long deadTimePs) => clickPs - lastRegisteredPs >= deadTimePs;

    /// <summary>Applies the rule to a click: when it registers, it becomes the last registered click and true is returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRegister(ref long lastRegisteredPs, long clickPs, long deadTimePs)
    {
        if (!Registers(lastRegisteredPs, clickPs, deadTimePs)) return false;
        lastRegisteredPs = clickPs;
        return true;
    }
}

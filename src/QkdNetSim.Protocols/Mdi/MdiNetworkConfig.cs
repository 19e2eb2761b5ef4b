namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// A fully resolved wavelength-multiplexed MDI-QKD network (seed 002 Fig. 1): users, BSM modules (one per user pair and
/// wavelength), relay timing, session length and root seed. With <see cref="SharedEncoder"/> (the paper's hardware) a user
/// applies one random setting per slot to all its wavelengths, which correlates the modules that share a user.
/// <see cref="DelayDrifts"/> (one entry per user, null for a user whose path delay is constant; null list: no drift)
/// makes the relative delays at the BSM modules drift during the session (<see cref="MdiDelayDrift"/>).
/// </summary>
public sealed record MdiNetworkConfig(
    IReadOnlyList<MdiUser> Users,
    IReadOnlyList<BsmModule> Modules,
    MdiTiming Timing,
    bool SharedEncoder,
    double DurationS,
    ulong Seed,
    IReadOnlyList<UserDelayDrift?>? DelayDrifts = null)
{
    /// <summary>True when some user's path delay drifts.</summary>
    public bool HasDelayDrift => DelayDrifts is { } d && d.Any(x => x is not null);

    /// <summary>Pulse-pair slots in the session.</summary>
    public long SessionSlots => (long)Math.Round(DurationS * Timing.ClockRateHz);
}

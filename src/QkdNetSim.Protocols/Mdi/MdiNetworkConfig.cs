namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// A fully resolved wavelength-multiplexed MDI-QKD network (seed 002 Fig. 1): users, BSM modules (one per user pair and
/// wavelength), relay timing, session length and root seed. With <see cref="SharedEncoder"/> (the paper's hardware) a user
/// applies one random setting per slot to all its wavelengths, which correlates the modules that share a user.
/// </summary>
public sealed record MdiNetworkConfig(
    IReadOnlyList<MdiUser> Users,
    IReadOnlyList<BsmModule> Modules,
    MdiTiming Timing,
    bool SharedEncoder,
    double DurationS,
    ulong Seed)
{
    /// <summary>Pulse-pair slots in the session.</summary>
    public long SessionSlots => (long)Math.Round(DurationS * Timing.ClockRateHz);
}

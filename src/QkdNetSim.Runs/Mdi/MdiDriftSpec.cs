namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// `drift:` of an MDI scenario (top level: every user; `users.N.drift:` refines it for one user, keys not written are
/// inherited). Absent: no drift, the run is today's static one.
/// </summary>
public sealed class MdiDriftSpec
{
    /// <summary>The user's path delay to the relay (<see cref="QkdNetSim.Protocols.Mdi.MdiDelayDrift"/>); absent: constant.</summary>
    public MdiDelayDriftSpec? Delay { get; set; }
}

/// <summary>
/// `drift.delay:` the change of a user's path delay to the relay, an Ornstein-Uhlenbeck process in ps starting at 0
/// (dx = -theta x dt + sigma dW): theta = reversionRatePerS (0: random walk), sigma = noisePsPerSqrtS, updated every
/// stepS seconds of session time. Scale: 40 ps/(km K) of fibre (issue 12), so 75 km (15 dB) and 0.01 K give 30 ps.
/// </summary>
public sealed class MdiDelayDriftSpec
{
    /// <summary>sigma: diffusion of the delay, ps/sqrt(s) (random-walk spread sigma sqrt(t) over t seconds).</summary>
    public double NoisePsPerSqrtS { get; set; }
    /// <summary>theta: mean reversion towards the aligned delay, 1/s (stationary spread sigma / sqrt(2 theta)); 0 = random walk.</summary>
    public double ReversionRatePerS { get; set; }
    /// <summary>Session time between updates, s: the engine rebuilds the affected click laws at each update.</summary>
    public double StepS { get; set; } = 1.0;
}

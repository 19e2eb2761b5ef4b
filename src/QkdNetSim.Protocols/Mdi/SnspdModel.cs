namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Free-running superconducting nanowire single-photon detector: system efficiency, dark-count rate, non-paralyzable
/// dead time and Gaussian timing jitter (seed 002 relay: "All photons are detected by SNSPDs").
/// </summary>
/// <param name="Efficiency">System detection efficiency, (0, 1].</param>
/// <param name="DarkCountRateHz">Dark (and background) count rate, Hz; a Poisson process in continuous time.</param>
/// <param name="DeadTimePs">Non-paralyzable dead time after a registered click, ps (a click inside it is lost and does not extend it).</param>
/// <param name="JitterRmsPs">Gaussian timing jitter of the click time tag, rms, ps.</param>
public sealed record SnspdModel(double Efficiency, double DarkCountRateHz, long DeadTimePs, double JitterRmsPs);

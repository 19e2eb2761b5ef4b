using QkdNetSim.Core.Units;

namespace QkdNetSim.Detectors;

/// <summary>
/// Free-running superconducting nanowire single-photon detector: system efficiency, dark-count rate, non-paralyzable
/// dead time (<see cref="NonParalyzableDeadTime"/>) and Gaussian timing jitter (seed 002 relay: "All photons are
/// detected by SNSPDs").
/// </summary>
/// <param name="EfficiencyFraction">System detection efficiency, (0, 1].</param>
/// <param name="DarkCountRateHz">Dark (and background) count rate, Hz; a Poisson process in continuous time.</param>
/// <param name="DeadTimePs">Non-paralyzable dead time after a registered click, ps (a click inside it is lost and does not extend it).</param>
/// <param name="JitterRmsPs">Gaussian timing jitter of the click time tag, rms, ps.</param>
public sealed record SnspdParameters(double EfficiencyFraction, double DarkCountRateHz, long DeadTimePs, double JitterRmsPs)
{
    /// <summary>Mean dark counts in one period of <paramref name="periodPs"/> ps (Poisson in continuous time).</summary>
    public double DarkCountsPerPeriod(long periodPs) => Periods.MeanEventsPerPeriod(DarkCountRateHz, periodPs);

    /// <summary>
    /// rms of a click's time tag about the centre of a Gaussian pulse of intensity rms <paramref name="pulseSigmaPs"/>:
    /// the pulse envelope and the Gaussian jitter add in quadrature (convolution of two Gaussians).
    /// </summary>
    public double ClickTimeSpreadRmsPs(double pulseSigmaPs) => Math.Sqrt(pulseSigmaPs * pulseSigmaPs + JitterRmsPs * JitterRmsPs);
}

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Free-running SNSPD as a lab datasheet states it. Seed 002 names SNSPDs but gives no figures; the defaults are the
/// assumptions of models/detectors/snspd-seed002.yaml.
/// </summary>
public sealed class SnspdSpec
{
    /// <summary>System detection efficiency, (0, 1].</summary>
    public double Efficiency { get; set; } = 0.80;
    /// <summary>Dark (and background) count rate, Hz.</summary>
    public double DarkCountRateHz { get; set; } = 100;
    /// <summary>Non-paralyzable dead time after a click, ns.</summary>
    public double DeadTimeNs { get; set; } = 40;
    /// <summary>Gaussian timing jitter, rms, ps.</summary>
    public double JitterRmsPs { get; set; } = 50;
}

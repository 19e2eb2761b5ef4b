namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// A user's time-bin decoy encoder (seed 002 four-intensity protocol): intensity k is sent with probability
/// Probabilities[k] in basis Bases[k]. Defaults: z = 0.636 (Z), y = 0.204, x = 0.054, o = 0 (X), 0.754/0.036/0.188/0.022.
/// </summary>
public sealed class TimeBinEncoderSpec
{
    /// <summary>Mean photon number per qubit (both bins) at the encoder output, per intensity, in [0, 10].</summary>
    public List<double> Intensities { get; set; } = new() { 0.636, 0.204, 0.054, 0.0 };
    /// <summary>Choice probability per intensity, summing to 1.</summary>
    public List<double> Probabilities { get; set; } = new() { 0.754, 0.036, 0.188, 0.022 };
    /// <summary>Basis per intensity: "Z" (early/late, key) or "X" (+/-, parameter estimation).</summary>
    public List<string> Bases { get; set; } = new() { "Z", "X", "X", "X" };
    /// <summary>Intensity-modulator extinction, dB: a Z state's empty bin keeps 10^(-ER/10) of the full bin (.inf: ideal).</summary>
    public double ExtinctionRatioDb { get; set; } = 30;
}

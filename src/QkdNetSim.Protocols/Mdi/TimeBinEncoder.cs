using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// A user's time-bin encoder with decoy intensities (seed 002 main text: IM1 carves pulses, IM2 sets the decoy intensity,
/// a PM puts 0 or pi on the late bin). Intensity k has mean photon number MeanPhotonNumbers[k] (whole qubit, both bins),
/// choice probability Probabilities[k] and basis Bases[k] (0 = Z, 1 = X). Seed 002 four-intensity protocol:
/// z = 0.636 (Z), y = 0.204, x = 0.054, o = 0 (X), probabilities 0.754/0.036/0.188/0.022.
/// </summary>
/// <param name="MeanPhotonNumbers">Mean photon number per qubit at the encoder output, per intensity.</param>
/// <param name="Probabilities">Choice probability per intensity, summing to 1.</param>
/// <param name="Bases">Basis per intensity: 0 = Z (|e>, |l>), 1 = X (|+>, |->).</param>
/// <param name="ExtinctionRatioDb">Z-basis extinction: the empty bin keeps 10^(-ER/10) of the full bin's intensity (finite IM extinction; sets the QBER_Z floor).</param>
public sealed record TimeBinEncoder(
    IReadOnlyList<double> MeanPhotonNumbers,
    IReadOnlyList<double> Probabilities,
    IReadOnlyList<byte> Bases,
    double ExtinctionRatioDb)
{
    public int Levels => MeanPhotonNumbers.Count;

    /// <summary>Seed 002 four-intensity settings (main text, "For the total channel loss of 30 dB ...").</summary>
    public static TimeBinEncoder Seed002(double extinctionRatioDb) => new(
        [0.636, 0.204, 0.054, 0.0], [0.754, 0.036, 0.188, 0.022], [0, 1, 1, 1], extinctionRatioDb);

    /// <summary>Fraction of a Z state's photons left in the nominally empty bin: 10^(-ER/10) / (1 + 10^(-ER/10)).</summary>
    public double EmptyBinFraction
    {
        get
        {
            double leak = Decibels.ToTransmittance(ExtinctionRatioDb);
            return leak / (1 + leak);
        }
    }
}

namespace QkdNetSim.Core.Units;

/// <summary>
/// Conversions between optical loss in dB and power transmittance, and fibre loss (the one home of these formulas:
/// devices in Optics and the key-rate analysis both call them).
/// </summary>
public static class Decibels
{
    /// <summary>Transmittance 10^(-lossDb/10) of a loss given in dB.</summary>
    public static double ToTransmittance(double lossDb) => Math.Pow(10, -lossDb / 10);

    /// <summary>Loss in dB of a transmittance in (0, 1].</summary>
    public static double ToLossDb(double transmittance) => -10 * Math.Log10(transmittance);

    /// <summary>Loss alpha L of <paramref name="lengthKm"/> km of fibre at <paramref name="attenuationDbPerKm"/> dB/km.</summary>
    public static double FibreLossDb(double lengthKm, double attenuationDbPerKm) => lengthKm * attenuationDbPerKm;

    /// <summary>Transmittance 10^(-alpha L / 10) of a fibre span (seed 004 Methods: 10^(-0.2 L/10); seed 000 Eq. 29).</summary>
    public static double FibreTransmittance(double lengthKm, double attenuationDbPerKm) =>
        ToTransmittance(FibreLossDb(lengthKm, attenuationDbPerKm));
}

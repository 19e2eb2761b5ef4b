namespace QkdNetSim.Optics;

/// <summary>Conversions between optical loss in dB and power transmittance.</summary>
public static class Decibels
{
    /// <summary>Transmittance 10^(-lossDb/10) of a loss given in dB.</summary>
    public static double ToTransmittance(double lossDb) => Math.Pow(10, -lossDb / 10);

    /// <summary>Loss in dB of a transmittance in (0, 1].</summary>
    public static double ToLossDb(double transmittance) => -10 * Math.Log10(transmittance);
}

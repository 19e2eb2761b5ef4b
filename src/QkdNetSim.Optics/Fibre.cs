using QkdNetSim.Core.Units;

namespace QkdNetSim.Optics;

/// <summary>Standard single-mode fibre span: attenuation and propagation delay.</summary>
public sealed record Fibre(double LengthKm, double LossDbPerKm = 0.2, double GroupIndex = 1.4682)
{
    private const double SpeedOfLightKmPerPs = 299792.458e-12;

    public double LossDb => LengthKm * LossDbPerKm;

    /// <summary>Power transmittance 10^(-alpha L / 10) (seed 004 Methods: 10^(-0.2 L/10)).</summary>
    public double Transmittance => Decibels.ToTransmittance(LossDb);

    /// <summary>One-way group delay L n_g / c, integer picoseconds (rounded).</summary>
    public long PropagationDelayPs => (long)Math.Round(LengthKm * GroupIndex / SpeedOfLightKmPerPs);
}

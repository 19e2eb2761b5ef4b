using QkdNetSim.Core.Units;

namespace QkdNetSim.Optics;

/// <summary>Standard single-mode fibre span: attenuation and propagation delay.</summary>
public sealed record Fibre
{
    private const double SpeedOfLightKmPerPs = 299792.458e-12;

    /// <param name="lengthKm">Length L &gt;= 0, km.</param>
    /// <param name="lossDbPerKm">Attenuation alpha &gt;= 0, dB/km (0.2: SMF-28, seeds 000 and 004).</param>
    /// <param name="groupIndex">Group index n_g &gt; 0.</param>
    public Fibre(double lengthKm, double lossDbPerKm = 0.2, double groupIndex = 1.4682)
    {
        if (!(lengthKm >= 0) || !double.IsFinite(lengthKm)) throw new ArgumentOutOfRangeException(nameof(lengthKm), lengthKm, "must be finite and >= 0 km");
        if (!(lossDbPerKm >= 0) || !double.IsFinite(lossDbPerKm)) throw new ArgumentOutOfRangeException(nameof(lossDbPerKm), lossDbPerKm, "must be finite and >= 0 dB/km");
        if (!(groupIndex > 0) || !double.IsFinite(groupIndex)) throw new ArgumentOutOfRangeException(nameof(groupIndex), groupIndex, "must be finite and > 0");
        LengthKm = lengthKm;
        LossDbPerKm = lossDbPerKm;
        GroupIndex = groupIndex;
    }

    public double LengthKm { get; }
    public double LossDbPerKm { get; }
    public double GroupIndex { get; }

    /// <summary>Loss alpha L, dB.</summary>
    public double LossDb => Decibels.FibreLossDb(LengthKm, LossDbPerKm);

    /// <summary>Power transmittance 10^(-alpha L / 10) (seed 004 Methods: 10^(-0.2 L/10); seed 000 Eq. 29).</summary>
    public double Transmittance => Decibels.ToTransmittance(LossDb);

    /// <summary>One-way group delay L n_g / c, integer picoseconds (rounded).</summary>
    public long PropagationDelayPs => (long)Math.Round(LengthKm * GroupIndex / SpeedOfLightKmPerPs);
}

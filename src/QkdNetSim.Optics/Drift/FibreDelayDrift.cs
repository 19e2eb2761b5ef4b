using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Optics.Drift;

/// <summary>
/// Temperature-driven delay drift of a feeder + drops tree. Temperatures are deviations from the reference at which the
/// transmitters were aligned, in K, each an OU process (mean K, theta 1/s, sigma K/sqrt(s)) starting at its mean: one
/// feeder temperature common to all users and an independent one per drop. <see cref="ThermalDelayCoefficientPsPerKmK"/>
/// defaults to 40 ps/(km K) (issue 12; see <see cref="FibreDelayDrift"/>). <see cref="ClockFromReceiverOverSameFibre"/>:
/// the transmitter's clock comes from the receiver over the same fibre, so the arrival offset is the round trip's.
/// </summary>
public sealed record FibreDelayDriftParameters
{
    public FibreDelayDriftParameters(OrnsteinUhlenbeckParameters feederTemperatureK, OrnsteinUhlenbeckParameters dropTemperatureK,
        double thermalDelayCoefficientPsPerKmK = 40, bool clockFromReceiverOverSameFibre = true)
    {
        if (!(thermalDelayCoefficientPsPerKmK >= 0) || !double.IsFinite(thermalDelayCoefficientPsPerKmK))
            throw new ArgumentOutOfRangeException(nameof(thermalDelayCoefficientPsPerKmK), thermalDelayCoefficientPsPerKmK, "must be finite and >= 0 ps/(km K)");
        FeederTemperatureK = feederTemperatureK ?? throw new ArgumentNullException(nameof(feederTemperatureK));
        DropTemperatureK = dropTemperatureK ?? throw new ArgumentNullException(nameof(dropTemperatureK));
        ThermalDelayCoefficientPsPerKmK = thermalDelayCoefficientPsPerKmK;
        ClockFromReceiverOverSameFibre = clockFromReceiverOverSameFibre;
    }

    public OrnsteinUhlenbeckParameters FeederTemperatureK { get; }
    public OrnsteinUhlenbeckParameters DropTemperatureK { get; }
    public double ThermalDelayCoefficientPsPerKmK { get; }
    public bool ClockFromReceiverOverSameFibre { get; }

    /// <summary>Arrival offset per one-way delay change: 2 with the clock over the same fibre (round trip), else 1.</summary>
    public int RoundTripFactor => ClockFromReceiverOverSameFibre ? 2 : 1;

    /// <summary>One-way delay change k L dT, ps.</summary>
    public static double DelayChangePs(double coefficientPsPerKmK, double lengthKm, double temperatureChangeK) =>
        coefficientPsPerKmK * lengthKm * temperatureChangeK;
}

/// <summary>
/// Arrival-time offset of each user's pulses at the receiver from fibre temperature drift.
/// Delay: tau = n_g L / c changes by d tau / dT = tau (1/n_g dn_g/dT + alpha_L); silica's dn/dT ~ 1e-5 /K plus expansion
/// alpha_L = 0.55 ppm/K give ~7.4 ppm/K of the 4.9 ns/m group delay, ~36 ps/(km K), and cabled SMF measures 6.7 ppm/K
/// (33 ps/(km K); Bergman, Eng and Johnston, Electron. Lett. 19, 865 (1983)); the default 40 ps/(km K) is issue 12's
/// value, which includes the jacket's strain. So d tau_u = k (L_feeder dT_feeder + L_drop,u dT_drop,u): 20 km and 1 K give 0.8 ns.
/// Clock: seed 004 aligns each transmitter to "a master clock from Bob"; assumed carried over the same fibre, the
/// transmitter fires d tau late and its light takes d tau more back, so the arrival offset is 2 d tau (else d tau).
/// Streams: "feeder/drift/temperature" and "user/{i}/drift/drop-temperature" (drop i belongs to user i).
/// </summary>
public sealed class FibreDelayDrift
{
    public const string FeederOwner = "feeder", FeederQuantity = "temperature", DropQuantity = "drop-temperature";
    private readonly OrnsteinUhlenbeckProcess _feeder;
    private readonly OrnsteinUhlenbeckProcess[] _drops;
    private readonly double[] _dropLengthsKm;

    public FibreDelayDrift(FibreDelayDriftParameters parameters, double feederLengthKm, IReadOnlyList<double> dropLengthsKm, RngStreams streams)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        if (!(feederLengthKm >= 0) || !double.IsFinite(feederLengthKm)) throw new ArgumentOutOfRangeException(nameof(feederLengthKm), feederLengthKm, "must be finite and >= 0 km");
        ArgumentNullException.ThrowIfNull(dropLengthsKm);
        FeederLengthKm = feederLengthKm;
        _dropLengthsKm = dropLengthsKm.ToArray();
        foreach (double l in _dropLengthsKm)
            if (!(l >= 0) || !double.IsFinite(l)) throw new ArgumentOutOfRangeException(nameof(dropLengthsKm), l, "must be finite and >= 0 km");
        var feederT = parameters.FeederTemperatureK;
        _feeder = new OrnsteinUhlenbeckProcess(feederT, feederT.MeanValue, streams, DriftStreams.Name(FeederOwner, FeederQuantity));
        var dropT = parameters.DropTemperatureK;
        _drops = new OrnsteinUhlenbeckProcess[_dropLengthsKm.Length];
        for (int u = 0; u < _drops.Length; u++)
            _drops[u] = new OrnsteinUhlenbeckProcess(dropT, dropT.MeanValue, streams, DriftStreams.ForUser(u, DropQuantity));
    }

    public FibreDelayDriftParameters Parameters { get; }
    public double FeederLengthKm { get; }
    public int UserCount => _drops.Length;
    public double DropLengthKm(int user) => _dropLengthsKm[user];

    /// <summary>Feeder temperature deviation, K (common to all users).</summary>
    public double FeederTemperatureK => _feeder.Value;

    /// <summary>Drop temperature deviation of <paramref name="user"/>, K.</summary>
    public double DropTemperatureK(int user) => _drops[user].Value;

    /// <summary>Advances the feeder and every drop temperature exactly by dt seconds.</summary>
    public void Advance(double dtS)
    {
        _feeder.Advance(dtS);
        foreach (var d in _drops) d.Advance(dtS);
    }

    /// <summary>One-way delay change k (L_f dT_f + L_d dT_d) of <paramref name="user"/>'s path, ps.</summary>
    public double OneWayDelayChangePs(int user)
    {
        double k = Parameters.ThermalDelayCoefficientPsPerKmK;
        return FibreDelayDriftParameters.DelayChangePs(k, FeederLengthKm, FeederTemperatureK)
             + FibreDelayDriftParameters.DelayChangePs(k, _dropLengthsKm[user], DropTemperatureK(user));
    }

    /// <summary>Arrival-time offset at the receiver's gates, ps: the one-way change times <see cref="FibreDelayDriftParameters.RoundTripFactor"/>.</summary>
    public double ArrivalOffsetPs(int user) => Parameters.RoundTripFactor * OneWayDelayChangePs(user);
}

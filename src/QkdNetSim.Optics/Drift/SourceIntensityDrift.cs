using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Optics.Drift;

/// <summary>
/// Relative source intensity r as an OU process around 1 (starting at 1): sigma in 1/sqrt(s), theta in 1/s; the stationary
/// relative standard deviation is sigma / sqrt(2 theta).
/// </summary>
public sealed record SourceIntensityDriftParameters
{
    public SourceIntensityDriftParameters(double noiseRelativePerSqrtS, double reversionRatePerS) =>
        Process = new OrnsteinUhlenbeckParameters(1, reversionRatePerS, noiseRelativePerSqrtS);

    public double NoiseRelativePerSqrtS => Process.NoisePerSqrtS;
    public double ReversionRatePerS => Process.ReversionRatePerS;
    public OrnsteinUhlenbeckParameters Process { get; }

    /// <summary>sigma / sqrt(2 theta); infinite for theta = 0.</summary>
    public double StationaryRelativeStdDev => Math.Sqrt(Process.StationaryVariance);
}

/// <summary>
/// Source intensity drift: every intensity level of the decoy source (laser power through the intensity modulator and
/// attenuator, seed 004 Methods) is scaled by the same relative factor r(t), the mean photon numbers becoming r mu_k.
/// Assumption: a common factor (the paper is silent; a drift of the modulator's bias would change the ratios too).
/// r is clamped at 0, which matters only when sigma/sqrt(2 theta) is not small. Stream "user/{i}/drift/intensity".
/// </summary>
public sealed class SourceIntensityDrift
{
    public const string Quantity = "intensity";
    private readonly OrnsteinUhlenbeckProcess _relative;

    public SourceIntensityDrift(SourceIntensityDriftParameters parameters, RngStreams streams, int userIndex)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _relative = new OrnsteinUhlenbeckProcess(parameters.Process, 1, streams, DriftStreams.ForUser(userIndex, Quantity));
    }

    public SourceIntensityDriftParameters Parameters { get; }
    public string StreamName => _relative.StreamName;

    /// <summary>Relative intensity r = max(0, x) (1 = nominal).</summary>
    public double RelativeIntensity => Math.Max(0, _relative.Value);

    /// <summary>Advances r exactly by dt seconds; returns the new relative intensity.</summary>
    public double Advance(double dtS)
    {
        _relative.Advance(dtS);
        return RelativeIntensity;
    }

    /// <summary>Drifted mean photon number r mu of a nominal level mu.</summary>
    public double MeanPhotonNumber(double nominalMeanPhotonNumber) => RelativeIntensity * nominalMeanPhotonNumber;
}

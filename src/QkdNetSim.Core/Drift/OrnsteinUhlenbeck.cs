using QkdNetSim.Core.Random;

namespace QkdNetSim.Core.Drift;

/// <summary>
/// Ornstein-Uhlenbeck parameters of dx = theta (mu - x) dt + sigma dW. Units of x are the caller's (rad, K, relative):
/// <see cref="MeanValue"/> in x, <see cref="ReversionRatePerS"/> theta in 1/s, <see cref="NoisePerSqrtS"/> sigma in x/sqrt(s).
/// theta = 0 is allowed and is the Wiener process with diffusion D = sigma^2 (no stationary law).
/// </summary>
public sealed record OrnsteinUhlenbeckParameters
{
    public OrnsteinUhlenbeckParameters(double meanValue, double reversionRatePerS, double noisePerSqrtS)
    {
        if (!double.IsFinite(meanValue)) throw new ArgumentOutOfRangeException(nameof(meanValue), meanValue, "must be finite");
        if (!(reversionRatePerS >= 0) || !double.IsFinite(reversionRatePerS)) throw new ArgumentOutOfRangeException(nameof(reversionRatePerS), reversionRatePerS, "must be finite and >= 0 1/s");
        if (!(noisePerSqrtS >= 0) || !double.IsFinite(noisePerSqrtS)) throw new ArgumentOutOfRangeException(nameof(noisePerSqrtS), noisePerSqrtS, "must be finite and >= 0 per sqrt(s)");
        MeanValue = meanValue;
        ReversionRatePerS = reversionRatePerS;
        NoisePerSqrtS = noisePerSqrtS;
    }

    public double MeanValue { get; }
    public double ReversionRatePerS { get; }
    public double NoisePerSqrtS { get; }

    /// <summary>Decay e^(-theta dt) of the distance to the mean over dt seconds.</summary>
    public double Decay(double dtS) => Math.Exp(-ReversionRatePerS * dtS);

    /// <summary>E[x(t+dt) | x(t) = x] = mu + (x - mu) e^(-theta dt).</summary>
    public double ConditionalMean(double x, double dtS) => MeanValue + (x - MeanValue) * Decay(dtS);

    /// <summary>
    /// Var[x(t+dt) | x(t)] = sigma^2 (1 - e^(-2 theta dt)) / (2 theta), written with expm1 so it tends to sigma^2 dt
    /// (the Wiener limit) as theta dt -&gt; 0 without cancellation.
    /// </summary>
    public double ConditionalVariance(double dtS)
    {
        double s2 = NoisePerSqrtS * NoisePerSqrtS;
        double k = 2 * ReversionRatePerS * dtS;
        return k == 0 ? s2 * dtS : s2 * dtS * (-Samplers.ExpM1(-k) / k);
    }

    /// <summary>Stationary variance sigma^2 / (2 theta) (dt -&gt; infinity of <see cref="ConditionalVariance"/>); infinite for theta = 0.</summary>
    public double StationaryVariance =>
        ReversionRatePerS > 0 ? NoisePerSqrtS * NoisePerSqrtS / (2 * ReversionRatePerS) : double.PositiveInfinity;
}

/// <summary>
/// Ornstein-Uhlenbeck process with the exact updating formula (Gillespie, Phys. Rev. E 54, 2084 (1996)):
/// solving dx = theta (mu - x) dt + sigma dW by the integrating factor e^(theta t) gives
/// x(t+dt) = mu + (x(t) - mu) e^(-theta dt) + sigma * integral_0^dt e^(-theta (dt-u)) dW(u); the Ito integral is Gaussian
/// with mean 0 and variance sigma^2 * integral_0^dt e^(-2 theta u) du = sigma^2 (1 - e^(-2 theta dt)) / (2 theta), so
/// x(t+dt) = mu + (x(t) - mu) e^(-theta dt) + sigma sqrt((1 - e^(-2 theta dt)) / (2 theta)) Z is exact for any dt.
/// As dt -&gt; infinity the variance tends to the stationary sigma^2 / (2 theta).
/// </summary>
public sealed class OrnsteinUhlenbeckProcess : DriftProcess
{
    /// <summary>Starts at <paramref name="initialValue"/>.</summary>
    public OrnsteinUhlenbeckProcess(OrnsteinUhlenbeckParameters parameters, double initialValue, RngStreams streams, string streamName)
        : base(initialValue, streams, streamName) =>
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));

    /// <summary>Starts in the stationary law N(mu, sigma^2/(2 theta)), drawn from the process's own stream; needs theta &gt; 0.</summary>
    public OrnsteinUhlenbeckProcess(OrnsteinUhlenbeckParameters parameters, RngStreams streams, string streamName)
        : this(parameters, parameters?.MeanValue ?? 0, streams, streamName)
    {
        if (!(parameters!.ReversionRatePerS > 0)) throw new ArgumentException("a stationary start needs a reversion rate > 0", nameof(parameters));
        SetInitialValue(parameters.MeanValue + Math.Sqrt(parameters.StationaryVariance) * NextStandardNormal());
    }

    public OrnsteinUhlenbeckParameters Parameters { get; }

    protected override double Center => Parameters.MeanValue;

    protected override (double Decay, double StdDev) Transition(double dtS) =>
        (Parameters.Decay(dtS), Math.Sqrt(Parameters.ConditionalVariance(dtS)));
}

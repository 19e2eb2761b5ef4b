using QkdNetSim.Core.Random;

namespace QkdNetSim.Core.Drift;

/// <summary>
/// Wiener process (random walk) with diffusion D, x in the caller's unit: Var[x(t) - x(0)] = D t, i.e. noise sqrt(D) per sqrt(s).
/// For a phase this is the phase-diffusion model of a laser or interferometer (D in rad^2/s; e.g. Henry, IEEE J. Quantum
/// Electron. 18, 259 (1982), &lt;dphi^2&gt; = D t), whose ensemble coherence is &lt;cos phi(t)&gt; = e^(-D t / 2) from phi(0) = 0.
/// </summary>
public sealed record RandomWalkParameters
{
    public RandomWalkParameters(double diffusionPerS)
    {
        if (!(diffusionPerS >= 0) || !double.IsFinite(diffusionPerS)) throw new ArgumentOutOfRangeException(nameof(diffusionPerS), diffusionPerS, "must be finite and >= 0 (unit^2/s)");
        DiffusionPerS = diffusionPerS;
    }

    /// <summary>D: variance growth per second, unit^2/s.</summary>
    public double DiffusionPerS { get; }

    /// <summary>Noise sqrt(D), unit/sqrt(s).</summary>
    public double NoisePerSqrtS => Math.Sqrt(DiffusionPerS);

    /// <summary>Var[x(t+dt) | x(t)] = D dt.</summary>
    public double ConditionalVariance(double dtS) => DiffusionPerS * dtS;
}

/// <summary>
/// Random walk with the exact transition x(t+dt) = x(t) + sqrt(D dt) Z: Wiener increments over disjoint intervals are
/// independent N(0, D dt), so any partition of the time axis gives the same law.
/// </summary>
public sealed class RandomWalkProcess : DriftProcess
{
    public RandomWalkProcess(RandomWalkParameters parameters, double initialValue, RngStreams streams, string streamName)
        : base(initialValue, streams, streamName) =>
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));

    public RandomWalkParameters Parameters { get; }

    protected override double Center => 0;

    protected override (double Decay, double StdDev) Transition(double dtS) => (1, Math.Sqrt(Parameters.ConditionalVariance(dtS)));
}

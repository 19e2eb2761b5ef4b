using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Optics.Drift;

/// <summary>
/// Drift of a transmitter interferometer's phase relative to the receiver's (the reference, seed 004 Methods).
/// <see cref="NoiseRadPerSqrtS"/> sigma: phase diffusion D = sigma^2 rad^2/s; <see cref="ReversionRatePerS"/> theta = 0 gives the
/// random walk, theta &gt; 0 an OU phase around 0 (stationary variance sigma^2/(2 theta)). Starts at <see cref="InitialPhaseRad"/>.
/// </summary>
public sealed record InterferometerPhaseDriftParameters
{
    public InterferometerPhaseDriftParameters(double noiseRadPerSqrtS, double reversionRatePerS = 0, double initialPhaseRad = 0)
    {
        if (!double.IsFinite(initialPhaseRad)) throw new ArgumentOutOfRangeException(nameof(initialPhaseRad), initialPhaseRad, "must be finite");
        Process = new OrnsteinUhlenbeckParameters(0, reversionRatePerS, noiseRadPerSqrtS);
        InitialPhaseRad = initialPhaseRad;
    }

    public double NoiseRadPerSqrtS => Process.NoisePerSqrtS;
    public double ReversionRatePerS => Process.ReversionRatePerS;
    public double InitialPhaseRad { get; }

    /// <summary>Diffusion D = sigma^2, rad^2/s.</summary>
    public double DiffusionRad2PerS => NoiseRadPerSqrtS * NoiseRadPerSqrtS;

    /// <summary>The phase as an OU process around 0 rad (theta = 0: the Wiener process).</summary>
    public OrnsteinUhlenbeckParameters Process { get; }

    /// <summary>
    /// Ensemble &lt;cos phi(t)&gt; = e^(-v/2) cos m for phi(t) ~ N(m, v), m = phi0 e^(-theta t), v = Var[phi(t) | phi0]
    /// (characteristic function of a normal); for the random walk from 0 this is e^(-D t / 2).
    /// </summary>
    public double ExpectedCos(double tS) =>
        Math.Exp(-Process.ConditionalVariance(tS) / 2) * Math.Cos(Process.ConditionalMean(InitialPhaseRad, tS));

    /// <summary>Ensemble optical error (1 - V &lt;cos phi(t)&gt;)/2 with no compensation.</summary>
    public double ExpectedOpticalError(double tS, double visibility) => (1 - visibility * ExpectedCos(tS)) / 2;
}

/// <summary>
/// True phase phi of one transmitter's interferometer relative to the receiver's, and the optical error it causes.
/// Phase-encoding BB84 (seed 004 Fig. 2, Methods): with matching bases the photon leaves the wrong port with probability
/// (1 - V cos(dphi))/2, where dphi is the residual phase between the two interferometers (two-path interference of
/// visibility V); an uncompensated drift phi, less the transmitter's bias b, gives e_phase = (1 - V cos(phi - b))/2,
/// which at phi = b is the static e_opt = (1 - V)/2 of <see cref="PhaseInterferometer"/>. Stream "user/{i}/drift/phase".
/// </summary>
public sealed class InterferometerPhaseDrift
{
    public const string Quantity = "phase";
    private readonly OrnsteinUhlenbeckProcess _phase;

    public InterferometerPhaseDrift(InterferometerPhaseDriftParameters parameters, RngStreams streams, int userIndex)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _phase = new OrnsteinUhlenbeckProcess(parameters.Process, parameters.InitialPhaseRad, streams, DriftStreams.ForUser(userIndex, Quantity));
    }

    public InterferometerPhaseDriftParameters Parameters { get; }
    public string StreamName => _phase.StreamName;

    /// <summary>True relative phase phi, rad (not wrapped).</summary>
    public double PhaseRad => _phase.Value;

    /// <summary>Advances phi exactly by dt seconds; returns the new phase, rad.</summary>
    public double Advance(double dtS) => _phase.Advance(dtS);

    /// <summary>Optical error (1 - V cos(phi - bias))/2 with the transmitter's compensating bias, rad.</summary>
    public double OpticalError(double visibility, double biasRad = 0) => OpticalErrorAt(PhaseRad - biasRad, visibility);

    /// <summary>(1 - V cos(phaseError))/2: wrong-port probability for matching bases (seed 004 Methods; two-path interference).</summary>
    public static double OpticalErrorAt(double phaseErrorRad, double visibility)
    {
        if (!(visibility >= 0 && visibility <= 1)) throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "must be in [0, 1]");
        return (1 - visibility * Math.Cos(phaseErrorRad)) / 2;
    }
}

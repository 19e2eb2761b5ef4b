using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Optics.Drift;

/// <summary>
/// Misalignment angle psi between the transmitter's polarizing output splitter and the receiver's polarizing input
/// splitter, as an OU process around 0 rad (theta = 0: random walk), sigma in rad/sqrt(s), starting at <see cref="InitialAngleRad"/>.
/// </summary>
public sealed record PolarizationDriftParameters
{
    public PolarizationDriftParameters(double noiseRadPerSqrtS, double reversionRatePerS = 0, double initialAngleRad = 0)
    {
        if (!double.IsFinite(initialAngleRad)) throw new ArgumentOutOfRangeException(nameof(initialAngleRad), initialAngleRad, "must be finite");
        Process = new OrnsteinUhlenbeckParameters(0, reversionRatePerS, noiseRadPerSqrtS);
        InitialAngleRad = initialAngleRad;
    }

    public double NoiseRadPerSqrtS => Process.NoisePerSqrtS;
    public double ReversionRatePerS => Process.ReversionRatePerS;
    public double InitialAngleRad { get; }
    public OrnsteinUhlenbeckParameters Process { get; }

    /// <summary>
    /// Ensemble &lt;cos^2 psi(t)&gt; = (1 + &lt;cos 2 psi&gt;)/2 = (1 + e^(-2v) cos 2m)/2 for psi(t) ~ N(m, v)
    /// (m = psi0 e^(-theta t), v the conditional variance).
    /// </summary>
    public double ExpectedOverlap(double tS) =>
        (1 + Math.Exp(-2 * Process.ConditionalVariance(tS)) * Math.Cos(2 * Process.ConditionalMean(InitialAngleRad, tS))) / 2;
}

/// <summary>
/// Polarization overlap at the polarizing splitters (seed 004 Methods: the transmitter's output and the receiver's input
/// beam splitters are polarizing, so photons are routed into the correct receiver arm; the transmitter pre-compensates
/// polarization). Assumption (the paper is silent): the fibre's drift acts as a rotation by psi between the two splitters'
/// axes (one great circle of the Poincare sphere). A photon's amplitude in the right polarization is cos psi, so the
/// overlap cos^2 psi in [0, 1] of the light takes the interfering short-long / long-short paths and sin^2 psi the wrong
/// arm: short-short and long-long, non-interfering satellites one interferometer delay before and after the interfering
/// slot. The transmitter's 50:50 input coupler puts half the wrong-arm light in each. Stream "user/{i}/drift/polarization".
/// </summary>
public sealed class PolarizationDrift
{
    public const string Quantity = "polarization";
    private readonly OrnsteinUhlenbeckProcess _angle;

    public PolarizationDrift(PolarizationDriftParameters parameters, RngStreams streams, int userIndex)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _angle = new OrnsteinUhlenbeckProcess(parameters.Process, parameters.InitialAngleRad, streams, DriftStreams.ForUser(userIndex, Quantity));
    }

    public PolarizationDriftParameters Parameters { get; }
    public string StreamName => _angle.StreamName;

    /// <summary>Misalignment angle psi, rad.</summary>
    public double AngleRad => _angle.Value;

    /// <summary>Fraction cos^2 psi of the light routed into the interfering arms.</summary>
    public double Overlap => OverlapAt(AngleRad);

    /// <summary>Fraction sin^2 psi routed into the wrong arm (1 - <see cref="Overlap"/>).</summary>
    public double WrongArmFraction => 1 - Overlap;

    /// <summary>Fraction in each satellite (early and late by one interferometer delay): sin^2 psi / 2.</summary>
    public double SatelliteFractionEachSide => WrongArmFraction / 2;

    /// <summary>Advances psi exactly by dt seconds; returns the new overlap.</summary>
    public double Advance(double dtS)
    {
        _angle.Advance(dtS);
        return Overlap;
    }

    /// <summary>cos^2 psi.</summary>
    public static double OverlapAt(double angleRad)
    {
        double c = Math.Cos(angleRad);
        return c * c;
    }
}

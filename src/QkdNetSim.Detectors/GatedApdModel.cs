namespace QkdNetSim.Detectors;

/// <summary>
/// Gated InGaAs avalanche photodiode (self-differencing, Yuan et al. APL 91, 041114 (2007); seed 004 Methods).
/// Built from the quantities a lab measures, and converted once into per-avalanche primitives for simulation:
/// every avalanche (photon, dark, afterpulse or crosstalk) independently triggers an afterpulse with probability
/// <see cref="AfterpulsePerAvalanche"/> and a crosstalk click with probability <see cref="CrosstalkPerAvalanche"/>.
/// The measured totals include cascades, so with T = p_A + X the per-avalanche probabilities are p_A/(1+T) and
/// X/(1+T) (a branching process with mean m = T/(1+T) has m/(1-m) = T descendants per primary click), and the
/// primary dark probability is p_D/(1+T) (a measured dark rate includes the darks' own afterpulses and crosstalk).
/// </summary>
public sealed class GatedApdModel
{
    public double Efficiency { get; }
    public double MeasuredDarkCountProbabilityPerGate { get; }
    public double MeasuredAfterpulseProbability { get; }
    public double MeasuredCrosstalkProbability { get; }
    public int HoldoffGates { get; }

    public double PrimaryDarkProbabilityPerGate { get; }
    public double AfterpulsePerAvalanche { get; }
    public double CrosstalkPerAvalanche { get; }

    public GateDelayDistribution AfterpulseDelay { get; }
    public GateDelayDistribution CrosstalkDelay { get; }

    public GatedApdModel(double efficiency, double darkCountProbabilityPerGate, double afterpulseProbability,
        IReadOnlyList<double> afterpulseTrapLifetimesPs, IReadOnlyList<double> afterpulseTrapWeights,
        double crosstalkProbability, double crosstalkDecayGates, int holdoffGates, double gatePeriodPs)
    {
        if (efficiency <= 0 || efficiency > 1) throw new ArgumentOutOfRangeException(nameof(efficiency));
        if (darkCountProbabilityPerGate < 0 || darkCountProbabilityPerGate >= 1) throw new ArgumentOutOfRangeException(nameof(darkCountProbabilityPerGate));
        if (afterpulseProbability < 0 || crosstalkProbability < 0) throw new ArgumentOutOfRangeException(nameof(afterpulseProbability));
        if (holdoffGates < 0) throw new ArgumentOutOfRangeException(nameof(holdoffGates));
        Efficiency = efficiency;
        MeasuredDarkCountProbabilityPerGate = darkCountProbabilityPerGate;
        MeasuredAfterpulseProbability = afterpulseProbability;
        MeasuredCrosstalkProbability = crosstalkProbability;
        HoldoffGates = holdoffGates;

        double totalDescendants = afterpulseProbability + crosstalkProbability;
        AfterpulsePerAvalanche = afterpulseProbability / (1 + totalDescendants);
        CrosstalkPerAvalanche = crosstalkProbability / (1 + totalDescendants);
        PrimaryDarkProbabilityPerGate = darkCountProbabilityPerGate / (1 + totalDescendants);

        AfterpulseDelay = GateDelayDistribution.TrapRelease(afterpulseTrapLifetimesPs, afterpulseTrapWeights, gatePeriodPs);
        CrosstalkDelay = GateDelayDistribution.Geometric(Math.Exp(-1.0 / crosstalkDecayGates));
    }

    /// <summary>
    /// kappa(s): measured secondary clicks (afterpulses and crosstalk, cascades included) that one click in a bin lands
    /// in the bin s gates later modulo N: p_A P(d = s mod N) + X P(d = s mod N) (seed 004 Methods p_X, position-resolved).
    /// </summary>
    public double SecondaryLandingProbability(int separationModN, int timeBins) =>
        MeasuredAfterpulseProbability * AfterpulseDelay.ProbabilityModulo(separationModN, timeBins)
        + MeasuredCrosstalkProbability * CrosstalkDelay.ProbabilityModulo(separationModN, timeBins);

    /// <summary>Seed-004 detector (Methods: 15% efficiency, 8e-6 darks per gate, 4.5% afterpulses; p_X fit of Fig. 4a).</summary>
    public static GatedApdModel Seed004(double gatePeriodPs = 1000) =>
        new(0.15, 8e-6, 0.045, new[] { 2.0e6 }, new[] { 1.0 }, 0.019, 1.0, 0, gatePeriodPs);
}

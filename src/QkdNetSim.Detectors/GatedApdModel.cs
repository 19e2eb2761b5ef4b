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

    private readonly Dictionary<int, double[]> _landingByTimeBins = new();

    /// <summary>
    /// kappa(s): expected secondary clicks (afterpulses and crosstalk of every generation) that one click lands in the
    /// gates s later modulo N (seed 004 Methods p_X, resolved by position). The descendants of generation g land at the
    /// sum of g delays, so modulo N their law is the g-fold cyclic convolution of the per-avalanche kernel
    /// K(r) = a P_AP(d = r) + x P_X(d = r); kappa = K + K*K + K*K*K + ..., whose total is p_A + X.
    /// </summary>
    public double SecondaryLandingProbability(int separationModN, int timeBins)
    {
        double[] landing;
        lock (_landingByTimeBins)
            if (!_landingByTimeBins.TryGetValue(timeBins, out landing!))
                _landingByTimeBins[timeBins] = landing = CascadeLanding(timeBins);
        return landing[((separationModN % timeBins) + timeBins) % timeBins];
    }

    private double[] CascadeLanding(int n)
    {
        var kernel = new double[n];
        for (int r = 0; r < n; r++)
            kernel[r] = AfterpulsePerAvalanche * AfterpulseDelay.ProbabilityModulo(r, n) + CrosstalkPerAvalanche * CrosstalkDelay.ProbabilityModulo(r, n);
        var total = (double[])kernel.Clone();
        var generation = (double[])kernel.Clone();
        for (int g = 2; g < 200 && generation.Sum() > 1e-16; g++)
        {
            var next = new double[n];
            for (int i = 0; i < n; i++)
                if (generation[i] != 0)
                    for (int j = 0; j < n; j++) next[(i + j) % n] += generation[i] * kernel[j];
            generation = next;
            for (int r = 0; r < n; r++) total[r] += generation[r];
        }
        return total;
    }

    /// <summary>Seed-004 detector (Methods: 15% efficiency, 8e-6 darks per gate, 4.5% afterpulses; p_X fit of Fig. 4a).</summary>
    public static GatedApdModel Seed004(double gatePeriodPs = 1000) =>
        new(0.15, 8e-6, 0.045, new[] { 2.0e6 }, new[] { 1.0 }, 0.019, 1.0, 0, gatePeriodPs);
}

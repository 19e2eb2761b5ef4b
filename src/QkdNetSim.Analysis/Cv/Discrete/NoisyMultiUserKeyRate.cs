namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Lossy &amp; noisy multi-user QPSK key rate from the explicit bound of <see cref="DiscreteModulationKeyRate"/> (Denys, Brown,
/// Leverrier, Quantum 5, 540 (2021)), beside the seed paper's numerical SDP (Sec. V). The key Bob sees T_eff = T/N and excess
/// noise xi (SNU at the channel input, i.e. preparation noise from Alice's source) and Eve is given the purification of Alice
/// and the key Bob. That treats every other Bob as Eve's, which is exact for N_T = 1 (scenario a) and a valid but looser
/// lower bound for N_T &gt; 1, so this rate does not depend on N_T. By default the key is Bob's continuous heterodyne outcome,
/// as the bound is published (beta I(X:Y) - chi(Y:E)); the quadrant form (I(X:Z) with the same chi(Y:E)) is available labelled.
/// As xi -&gt; 0 it tends to the Gaussian-extremality bound of the loss-only state.
/// </summary>
public static class NoisyMultiUserKeyRate
{
    public static DiscreteModulationResult Compute(double alpha, double fibreTransmittance, TrustScenario scenario, double excessNoiseSnu,
        double reconciliationEfficiency = LossOnlyMultiUserKeyRate.DefaultReconciliationEfficiency,
        MutualInformationModel mutualInformation = MutualInformationModel.ContinuousOutcome)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        LossOnlyMultiUserKeyRate.Validate(fibreTransmittance, reconciliationEfficiency);
        return DiscreteModulationKeyRate.Compute(new DiscreteModulationInput(
            Constellation.Qpsk(alpha), scenario.KeyBobTransmittance(fibreTransmittance), excessNoiseSnu,
            reconciliationEfficiency, mutualInformation));
    }

    /// <summary>Lower end of the amplitude search for the bound (its optimum sits at smaller alpha than the loss-only rate's).</summary>
    public const double NoisyLow = 0.1;

    /// <summary>Maximised over alpha in [lo, hi]; returns (alpha, result).</summary>
    public static (double Alpha, DiscreteModulationResult Result) Optimal(double fibreTransmittance, TrustScenario scenario, double excessNoiseSnu,
        double reconciliationEfficiency = LossOnlyMultiUserKeyRate.DefaultReconciliationEfficiency,
        MutualInformationModel mutualInformation = MutualInformationModel.ContinuousOutcome,
        double lo = NoisyLow, double hi = AmplitudeOptimizer.DefaultHigh)
    {
        var (alpha, _) = AmplitudeOptimizer.Maximise(a => Compute(a, fibreTransmittance, scenario, excessNoiseSnu, reconciliationEfficiency, mutualInformation).KeyRateBits, lo, hi);
        return (alpha, Compute(alpha, fibreTransmittance, scenario, excessNoiseSnu, reconciliationEfficiency, mutualInformation));
    }
}

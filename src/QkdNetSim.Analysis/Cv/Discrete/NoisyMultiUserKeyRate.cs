namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Lossy &amp; noisy multi-user QPSK key rate, substituting the analytical bound of <see cref="DiscreteModulationKeyRate"/>
/// (after Denys, Brown, Leverrier, Quantum 5, 540 (2021)) for the seed paper's SDP (Sec. V). The key Bob sees
/// T_eff = T/N and excess noise xi (SNU at the channel input, i.e. preparation noise from Alice's source) and Eve is
/// given the purification of Alice and the key Bob. That treats every other Bob as Eve's, which is exact for N_T = 1
/// (scenario a) and a valid but looser lower bound for N_T &gt; 1 (the other trusted Bobs only hold less than the full
/// purification), so this rate does not depend on N_T. By default the key is Bob's continuous heterodyne outcome
/// (I(A:Y), consistent with the bound on chi(Y:E), as in Ghorai et al. 2019 / Denys et al. 2021); the quadrant key map
/// (I(A:Z) with the same chi(Y:E) &gt;= chi(Z:E) bound) is valid too but loses about 2/pi of I at low SNR. As xi -&gt; 0 it tends to the Gaussian-extremality bound of the
/// loss-only state, which lies below the exact loss-only rate of <see cref="LossOnlyMultiUserKeyRate"/> (a = N_T = 1).
/// </summary>
public static class NoisyMultiUserKeyRate
{
    public static DiscreteModulationResult Compute(double alpha, double fibreTransmittance, TrustScenario scenario, double excessNoiseSnu,
        double reconciliationEfficiency = LossOnlyMultiUserKeyRate.DefaultReconciliationEfficiency,
        MutualInformationModel mutualInformation = MutualInformationModel.QpskContinuousOutcome)
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
        MutualInformationModel mutualInformation = MutualInformationModel.QpskContinuousOutcome,
        double lo = NoisyLow, double hi = AmplitudeOptimizer.DefaultHigh)
    {
        var (alpha, _) = AmplitudeOptimizer.Maximise(a => Compute(a, fibreTransmittance, scenario, excessNoiseSnu, reconciliationEfficiency, mutualInformation).KeyRateBits, lo, hi);
        return (alpha, Compute(alpha, fibreTransmittance, scenario, excessNoiseSnu, reconciliationEfficiency, mutualInformation));
    }
}

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Asymptotic loss-only key rate of multi-user QPSK CV-QKD with heterodyne detection, quadrant key map and reverse
/// reconciliation for the trust scenarios a)-d) (Kanitschar &amp; Pacher, seed 001, Eqs. (2), (3) and Sec. IV.2).
/// The paper's formulas lost their symbols in extraction; they are reconstructed here from the single-user literature
/// (Lin, Upadhyaya, Lütkenhaus, PRX 9, 041064 (2019); Heid &amp; Lütkenhaus, PRA 73, 052316 (2006)):
/// a)-c): K = beta I(A:Z) - chi(Z:E), key Bob at T/N, Eve |sqrt(1 - N_T T/N) alpha_k&gt;;
/// d): K = beta I(A:Z_i) - max(chi(Z_i:E), max_j I(Z_i:Y_j)) with Eve at 1 - T (all Bobs trusted) and Y_j the heterodyne
/// outcome of another Bob (classical, no Eve system involved; own reading of Eq. (3)).
/// </summary>
public static class LossOnlyMultiUserKeyRate
{
    /// <summary>Reconciliation efficiency used in the reproduction (our choice; the paper's value was lost, 0.95 is customary).</summary>
    public const double DefaultReconciliationEfficiency = 0.95;

    public static LossOnlyKeyRateResult Compute(double alpha, double fibreTransmittance, TrustScenario scenario,
        double reconciliationEfficiency = DefaultReconciliationEfficiency)
    {
        Validate(fibreTransmittance, reconciliationEfficiency);
        ArgumentNullException.ThrowIfNull(scenario);
        var c = Constellation.Qpsk(alpha);
        double tB = scenario.KeyBobTransmittance(fibreTransmittance);
        double tE = scenario.EveTransmittance(fibreTransmittance);
        double iab = QuadrantStatistics.AliceBobBits(c, tB);
        double chi = HolevoOfQuadrantKey.Bits(c, tB, tE);
        double other = 0.0;
        if (scenario.Kind == TrustKind.AllCurious && scenario.BobCount > 1)
        {
            double sigma = QuadrantStatistics.OutcomeSigma(tB);
            other = QuadrantStatistics.QpskBobBobBits(alpha, tB, tB, sigma, sigma);
        }
        double key = reconciliationEfficiency * iab - Math.Max(chi, other);
        return new LossOnlyKeyRateResult(alpha, iab, chi, other, key);
    }

    /// <summary>Key rate maximised over alpha in [lo, hi] (<see cref="AmplitudeOptimizer"/>).</summary>
    public static LossOnlyKeyRateResult Optimal(double fibreTransmittance, TrustScenario scenario,
        double reconciliationEfficiency = DefaultReconciliationEfficiency, double lo = AmplitudeOptimizer.DefaultLow, double hi = AmplitudeOptimizer.DefaultHigh)
    {
        Validate(fibreTransmittance, reconciliationEfficiency);
        var (alpha, _) = AmplitudeOptimizer.Maximise(a => Compute(a, fibreTransmittance, scenario, reconciliationEfficiency).KeyRateBits, lo, hi);
        return Compute(alpha, fibreTransmittance, scenario, reconciliationEfficiency);
    }

    internal static void Validate(double t, double beta)
    {
        if (!(t > 0.0 && t <= 1.0)) throw new AnalysisInputException("T", $"transmittance must lie in (0, 1] (got {t:G6})");
        if (!(beta > 0.0 && beta <= 1.0)) throw new AnalysisInputException("beta", $"reconciliation efficiency must lie in (0, 1] (got {beta:G6})");
    }
}

namespace QkdNetSim.Analysis;

/// <summary>
/// Observations of one user's decoy-state BB84 session (both bases used for key). Index conventions: basis b in {0, 1}
/// is Alice's basis of sifted events (Alice basis == Bob basis); intensity k = 0 signal (mu1), 1 decoy (mu2), 2 weakest (mu3).
/// </summary>
public sealed class DecoyBb84Input
{
    /// <summary>Mean photon numbers per pulse [mu1, mu2, mu3].</summary>
    public required double[] MeanPhotons { get; init; }
    /// <summary>Intensity choice probabilities [p1, p2, p3], summing to 1.</summary>
    public required double[] IntensityProbabilities { get; init; }
    /// <summary>n[b][k]: sifted detections (gates with &gt;= 1 click, Alice basis == Bob basis == b, intensity k).</summary>
    public required long[][] SiftedCounts { get; init; }
    /// <summary>m[b][k]: sifted detections whose bit differs from Alice's.</summary>
    public required long[][] ErrorCounts { get; init; }
    /// <summary>Session length over which the counts were collected, seconds.</summary>
    public required double SessionTimeS { get; init; }
    /// <summary>Optional pulses emitted per intensity (all bases); enables gains and yields.</summary>
    public long[]? EmittedPulses { get; init; }
    /// <summary>Probability that Alice encodes in basis 0 (for gains only).</summary>
    public double AliceBasis0Probability { get; init; } = 0.5;
    /// <summary>Probability that Bob measures in basis 0 (for gains only).</summary>
    public double BobBasis0Probability { get; init; } = 0.5;
    /// <summary>Secrecy parameter of the whole (two-block) key.</summary>
    public double EpsSec { get; init; } = 1e-10;
    /// <summary>Correctness parameter of the whole (two-block) key.</summary>
    public double EpsCor { get; init; } = 1e-10;
    /// <summary>f_EC: error-correction leak relative to the Shannon limit n h(E).</summary>
    public double ErrorCorrectionEfficiency { get; init; } = 1.1;
    /// <summary>
    /// d[b]: sifted bits of basis b disclosed in public after measurement (a control loop's QBER sample): they count in the
    /// estimates, which are about the whole sample, and leave the key block (<see cref="DecoyBb84Analysis"/>). Null: none.
    /// </summary>
    public long[]? DisclosedBits { get; init; }
    /// <summary>Errors among the disclosed bits, per basis (null: none).</summary>
    public long[]? DisclosedErrors { get; init; }
    /// <summary>Chernoff inversion used for the finite-size deviations.</summary>
    public ChernoffForm Chernoff { get; init; } = ChernoffForm.ExactInversion;
    /// <summary>
    /// Also bound the single-photon errors from the signal intensity (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005):
    /// e1 &lt;= (E_mu Q_mu e^mu - e0 Y0)/(mu Y1)) and keep the smaller of it and Lim's decoy bound (default). False: Lim's
    /// decoy bound alone, with Lim's 21-term failure budget (<see cref="DecoyBb84Analysis"/>).
    /// </summary>
    public bool SignalStateErrorBound { get; init; } = true;

    /// <summary>
    /// The first rule the three mean photon numbers [signal, decoy, weakest] break for the two-decoy bounds (Lim et al.,
    /// PRA 89, 022307: mu1 > mu2 + mu3, mu2 > mu3 >= 0), as (field, rule); null when they are usable. The one home of these
    /// rules: scenario validators call it before a run, so a run is never simulated only to be rejected by its analysis.
    /// </summary>
    public static (string Field, string Rule)? MeanPhotonsViolation(IReadOnlyList<double>? mu)
    {
        if (mu is null || mu.Count != 3) return ("meanPhotons", "must have exactly 3 entries [signal, decoy, weakest]");
        for (int k = 0; k < 3; k++)
            if (!double.IsFinite(mu[k]) || mu[k] < 0) return ($"meanPhotons[{k}]", "must be finite and >= 0");
        if (!(mu[1] > mu[2])) return ("meanPhotons", "requires mu2 > mu3 (decoy above weakest)");
        if (!(mu[0] > mu[1] + mu[2])) return ("meanPhotons", "requires mu1 > mu2 + mu3");
        return null;
    }

    /// <summary>Throws <see cref="AnalysisInputException"/> naming the first field that breaks its rule.</summary>
    public void Validate()
    {
        if (MeanPhotonsViolation(MeanPhotons) is var (field, rule)) Fail(field, rule);

        var p = IntensityProbabilities;
        if (p is null || p.Length != 3) Fail("intensityProbabilities", "must have exactly 3 entries");
        double sum = 0;
        for (int k = 0; k < 3; k++)
        {
            if (!(p![k] > 0 && p[k] <= 1)) Fail($"intensityProbabilities[{k}]", "must be in (0, 1]");
            sum += p[k];
        }
        if (Math.Abs(sum - 1.0) > 1e-9) Fail("intensityProbabilities", $"must sum to 1 within 1e-9 (sum = {sum:R})");

        CheckCounts(SiftedCounts, "siftedCounts");
        CheckCounts(ErrorCounts, "errorCounts");
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 3; k++)
                if (ErrorCounts[b][k] > SiftedCounts[b][k])
                    Fail($"errorCounts[{b}][{k}]", "must be <= siftedCounts of the same basis and intensity");

        if (!(double.IsFinite(SessionTimeS) && SessionTimeS > 0)) Fail("sessionTimeS", "must be finite and > 0");
        if (EmittedPulses is not null)
        {
            if (EmittedPulses.Length != 3) Fail("emittedPulses", "must have exactly 3 entries");
            for (int k = 0; k < 3; k++)
                if (EmittedPulses[k] <= 0) Fail($"emittedPulses[{k}]", "must be > 0");
        }
        if (!(AliceBasis0Probability > 0 && AliceBasis0Probability < 1)) Fail("aliceBasis0Probability", "must be in (0, 1)");
        if (!(BobBasis0Probability > 0 && BobBasis0Probability < 1)) Fail("bobBasis0Probability", "must be in (0, 1)");
        if (!(EpsSec > 0 && EpsSec < 1)) Fail("epsSec", "must be in (0, 1)");
        if (!(EpsCor > 0 && EpsCor < 1)) Fail("epsCor", "must be in (0, 1)");
        if (!(double.IsFinite(ErrorCorrectionEfficiency) && ErrorCorrectionEfficiency >= 1.0))
            Fail("errorCorrectionEfficiency", "must be finite and >= 1");
        if (!Enum.IsDefined(Chernoff)) Fail("chernoff", "must be YanEq2 or ExactInversion");
        for (int b = 0; b < 2; b++)
        {
            long d = DisclosedBits?[b] ?? 0, de = DisclosedErrors?[b] ?? 0;
            if (d < 0 || d > SiftedCounts[b].Sum()) Fail($"disclosedBits[{b}]", "must be in [0, sifted bits of the basis]");
            if (de < 0 || de > d || de > ErrorCounts[b].Sum()) Fail($"disclosedErrors[{b}]", "must be in [0, disclosed bits] and <= the basis' errors");
        }
    }

    /// <summary>Probability that a pulse lands in the sifted set of basis b (Alice and Bob both choose b).</summary>
    public double BasisMatchProbability(int basis)
        => basis == 0 ? AliceBasis0Probability * BobBasis0Probability : (1 - AliceBasis0Probability) * (1 - BobBasis0Probability);

    private void CheckCounts(long[][]? counts, string field)
    {
        if (counts is null || counts.Length != 2) Fail(field, "must have 2 bases");
        for (int b = 0; b < 2; b++)
        {
            if (counts![b] is null || counts[b].Length != 3) Fail($"{field}[{b}]", "must have 3 intensities");
            for (int k = 0; k < 3; k++)
                if (counts[b][k] < 0) Fail($"{field}[{b}][{k}]", "must be >= 0");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string rule) => throw new AnalysisInputException(field, rule);
}

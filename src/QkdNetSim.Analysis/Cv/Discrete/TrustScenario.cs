namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>Which of the seed paper's Sec. III trust scenarios a key rate is for.</summary>
public enum TrustKind
{
    /// <summary>a) only the key-generating Bob is trusted (N_T = 1).</summary>
    OnlyKeyBob,
    /// <summary>b) N_T of N Bobs trusted, keys with one of them.</summary>
    Partial,
    /// <summary>c) all N Bobs trusted (N_T = N).</summary>
    All,
    /// <summary>d) all N Bobs trusted but curious: each wants a key private from Eve and from the other Bobs (Eq. (3)).</summary>
    AllCurious,
}

/// <summary>
/// One Alice, N Bobs behind a uniform 1-to-N splitter, identical loss-only fibres of transmittance T, N_T trusted Bobs
/// (Kanitschar &amp; Pacher, "Security of multi-user QKD with discrete-modulated continuous variables", Secs. III, IV.2).
/// Reconstruction of the lost symbols: the key Bob receives |sqrt(T/N) alpha_k&gt;; untrusted outputs go to Eve, and by the
/// beam-splitter reduction of Sec. IV.2 Eve's modes combine unitarily into one coherent state |sqrt(eta_E) alpha_k&gt; with
/// eta_E = (N - N_T)/N + N_T (1 - T)/N = 1 - N_T T / N (a: 1 - T/N, c: 1 - T).
/// </summary>
public sealed record TrustScenario
{
    public int BobCount { get; }
    public int TrustedCount { get; }
    public TrustKind Kind { get; }

    private TrustScenario(int n, int nT, TrustKind kind) { BobCount = n; TrustedCount = nT; Kind = kind; }

    public static TrustScenario OnlyKeyBob(int bobCount) => Create(bobCount, 1, TrustKind.OnlyKeyBob);
    public static TrustScenario Partial(int bobCount, int trustedCount) => Create(bobCount, trustedCount, TrustKind.Partial);
    public static TrustScenario All(int bobCount) => Create(bobCount, bobCount, TrustKind.All);
    public static TrustScenario AllCurious(int bobCount) => Create(bobCount, bobCount, TrustKind.AllCurious);

    /// <summary>A validated scenario; a count that breaks a rule throws <see cref="AnalysisInputException"/>.</summary>
    public static TrustScenario Create(int bobCount, int trustedCount, TrustKind kind)
    {
        if (bobCount < 1) throw new AnalysisInputException("N", $"number of Bobs must be >= 1 (got {bobCount})");
        if (trustedCount < 1 || trustedCount > bobCount)
            throw new AnalysisInputException("N_T", $"number of trusted Bobs must lie in 1..N = {bobCount} (got {trustedCount})");
        if (kind == TrustKind.OnlyKeyBob && trustedCount != 1) throw new AnalysisInputException("N_T", "scenario a) has N_T = 1");
        if (kind is TrustKind.All or TrustKind.AllCurious && trustedCount != bobCount) throw new AnalysisInputException("N_T", "scenarios c), d) have N_T = N");
        return new TrustScenario(bobCount, trustedCount, kind);
    }

    /// <summary>Key Bob's transmittance T/N (splitter share times fibre).</summary>
    public double KeyBobTransmittance(double fibreTransmittance) => fibreTransmittance / BobCount;

    /// <summary>Eve's combined transmittance eta_E = 1 - N_T T / N (Sec. IV.2 reduction).</summary>
    public double EveTransmittance(double fibreTransmittance) => 1.0 - TrustedCount * fibreTransmittance / BobCount;

    public override string ToString() => $"{Kind} N = {BobCount}, N_T = {TrustedCount}";
}

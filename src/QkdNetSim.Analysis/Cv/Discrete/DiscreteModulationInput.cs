namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>How <see cref="DiscreteModulationKeyRate"/> evaluates the Alice-Bob mutual information.</summary>
public enum MutualInformationModel
{
    /// <summary>
    /// The explicit bound as published: I(X:Y) with Bob's continuous heterodyne outcome Y, the variable chi(Y:E) refers to
    /// (Denys et al. 2021, Eq. (2); <see cref="ContinuousOutcomeInformation"/>), for any constellation.
    /// </summary>
    ContinuousOutcome,
    /// <summary>
    /// Labelled "quadrant form": I(X:Z) of the quadrant key map (QPSK; seed 001 Eq. (1)) with the same chi(Y:E) &gt;= chi(Z:E).
    /// Valid but loose (it pays Eve's information on the continuous outcome while keeping only the quadrant); key rates with a
    /// quadrant key map come from the numerical method.
    /// </summary>
    QuadrantKeyMap,
    /// <summary>Gaussian-channel heterodyne formula log2(1 + SNR) with V_M = 2 &lt;n&gt;: the Gaussian-modulation limit of ContinuousOutcome, an approximation for a finite constellation.</summary>
    GaussianChannel,
}

/// <summary>
/// One single-user link for <see cref="DiscreteModulationKeyRate"/>.
/// </summary>
/// <param name="Constellation">Alice's coherent states and probabilities.</param>
/// <param name="Transmittance">T in (0, 1] seen by the key Bob (multi-user: T_fibre / N).</param>
/// <param name="ExcessNoiseSnu">xi &gt;= 0 in SNU referred to the channel input: Bob's state has &lt;b^dagger b&gt; = T &lt;n&gt; + T xi / 2.</param>
/// <param name="ReconciliationEfficiency">beta in (0, 1].</param>
/// <param name="MutualInformation">I(A:B) model.</param>
/// <param name="Detector">Trusted heterodyne detector (null = ideal).</param>
public sealed record DiscreteModulationInput(
    Constellation Constellation,
    double Transmittance,
    double ExcessNoiseSnu,
    double ReconciliationEfficiency,
    MutualInformationModel MutualInformation = MutualInformationModel.ContinuousOutcome,
    TrustedDetector? Detector = null);

/// <summary>
/// Result of <see cref="DiscreteModulationKeyRate.Compute"/> (bits per symbol).
/// </summary>
/// <param name="MeanPhotonNumber">&lt;n&gt; = sum p_k |alpha_k|^2.</param>
/// <param name="TauCorrelation">c = Tr(tau^(1/2) a tau^(1/2) a^dagger).</param>
/// <param name="NonGaussianity">w = sum_k p_k Var_k(a_tau) &gt;= 0 of Denys et al. 2021, Theorem 1 (0 for a Gaussian modulation).</param>
/// <param name="CorrelationBound">Z* (SNU), the lower bound on the A-B correlation used in the Gaussian covariance matrix.</param>
/// <param name="AliceBobBits">I(X:Y) (or the labelled alternative of <see cref="MutualInformationModel"/>).</param>
/// <param name="HolevoBoundBits">Upper bound on chi(Y:E).</param>
/// <param name="KeyRateBits">beta I(A:B) - chi bound (not clipped).</param>
public sealed record DiscreteModulationResult(
    double MeanPhotonNumber,
    double TauCorrelation,
    double NonGaussianity,
    double CorrelationBound,
    double AliceBobBits,
    double HolevoBoundBits,
    double KeyRateBits);

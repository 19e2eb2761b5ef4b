namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>How <see cref="DiscreteModulationKeyRate"/> evaluates Alice-Bob mutual information.</summary>
public enum MutualInformationModel
{
    /// <summary>Quadrant key map of Bob's heterodyne outcome (QPSK; seed paper Eq. (1)): I(A:Z) from the exact discrete joint distribution.</summary>
    QuadrantKeyMap,
    /// <summary>
    /// QPSK only: I(A:Y) with Bob's continuous heterodyne outcome (two binary-input Gaussian channels); matches chi(Y:E),
    /// which the bound is for (<see cref="QuadrantStatistics.QpskContinuousBits"/>).
    /// </summary>
    QpskContinuousOutcome,
    /// <summary>Gaussian-channel heterodyne formula log2(1 + SNR) with V_M = 2 &lt;n&gt; (as used by Denys et al. 2021 for QAM).</summary>
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
    MutualInformationModel MutualInformation = MutualInformationModel.QuadrantKeyMap,
    TrustedDetector? Detector = null);

/// <summary>
/// Result of <see cref="DiscreteModulationKeyRate.Compute"/> (bits per symbol).
/// </summary>
/// <param name="MeanPhotonNumber">&lt;n&gt; = sum p_k |alpha_k|^2.</param>
/// <param name="TauCorrelation">c = Tr(tau^(1/2) a tau^(1/2) a^dagger).</param>
/// <param name="NonGaussianity">W = &lt;n&gt; + 1 - c^2 / &lt;n&gt; &gt;= 0 (0 for a Gaussian modulation).</param>
/// <param name="CorrelationBound">Z* (SNU), the lower bound on the A-B correlation used in the Gaussian covariance matrix.</param>
/// <param name="AliceBobBits">I(A:B).</param>
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

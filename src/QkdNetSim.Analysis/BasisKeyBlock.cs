namespace QkdNetSim.Analysis;

/// <summary>Key block distilled from the sifted events of one basis (finite or asymptotic); phase errors come from the other basis.</summary>
/// <param name="Basis">Basis b whose sifted bits form the raw key.</param>
/// <param name="SiftedBits">n_b: sifted detections of basis b, all intensities.</param>
/// <param name="ErrorBits">m_b: bit errors among them.</param>
/// <param name="Qber">E_b = m_b / n_b.</param>
/// <param name="S0LowerBits">s_{b,0}: lower bound on vacuum events in the raw key (Lim Eq. (2)).</param>
/// <param name="S1LowerBits">s_{b,1}: lower bound on single-photon events in the raw key (Lim Eq. (3)).</param>
/// <param name="V1UpperOtherBasisBits">v_{b',1}: upper bound on single-photon bit errors in the other basis (Lim Eq. (4)).</param>
/// <param name="S1LowerOtherBasisBits">s_{b',1}: lower bound on single-photon events in the other basis.</param>
/// <param name="PhaseErrorUpper">phi_b: upper bound on the single-photon phase error rate of the raw key (Lim Eq. (5)), &lt;= 0.5.</param>
/// <param name="LeakEcBits">lambda_EC = f_EC n_b h(E_b).</param>
/// <param name="SecurityOverheadBits">6 log2(21/eps_sec') + log2(2/eps_cor') (0 asymptotically).</param>
/// <param name="BlockLengthBits">Lim Eq. (1) key length (floored in the finite case; may be negative = no key).</param>
public sealed record BasisKeyBlock(
    int Basis,
    long SiftedBits,
    long ErrorBits,
    double Qber,
    double S0LowerBits,
    double S1LowerBits,
    double V1UpperOtherBasisBits,
    double S1LowerOtherBasisBits,
    double PhaseErrorUpper,
    double LeakEcBits,
    double SecurityOverheadBits,
    double BlockLengthBits);

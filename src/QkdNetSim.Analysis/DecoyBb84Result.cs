namespace QkdNetSim.Analysis;

/// <summary>Decoy-state BB84 analysis of one user: finite-key (Lim frame + Chernoff) and asymptotic (GLLP + MQZL two-decoy) results.</summary>
/// <param name="Finite">Finite-size key blocks, index = basis.</param>
/// <param name="Asymptotic">Asymptotic key blocks, index = basis.</param>
/// <param name="FiniteKeyLengthBits">Sum of the positive finite block lengths (each floored), bits.</param>
/// <param name="FiniteKeyRateBitPerS">max(0, FiniteKeyLengthBits) / session time.</param>
/// <param name="AsymptoticKeyLengthBits">Sum of the positive asymptotic block lengths, bits.</param>
/// <param name="AsymptoticKeyRateBitPerS">AsymptoticKeyLengthBits / session time.</param>
/// <param name="QberPerBasisIntensity">QBER[b][k] = m/n (0 when n = 0).</param>
/// <param name="SinglePhotonErrorRateFinite">e1[b] = v1/s1 of basis b from the finite bounds (0.5 if s1 = 0).</param>
/// <param name="SinglePhotonErrorRateAsymptotic">e1[b] = v1/s1 of basis b, asymptotic (equals MQZL e1^U).</param>
/// <param name="GainsPerBasisIntensity">Q[b][k] = n[b][k] / (N_k P(match b)); null without emitted pulses.</param>
/// <param name="Y0Lower">MQZL Y0^L per basis (asymptotic, per sifted pulse); null without emitted pulses.</param>
/// <param name="Y1Lower">MQZL Y1^L per basis (asymptotic, per sifted pulse); null without emitted pulses.</param>
/// <param name="ChernoffFailurePerBound">Failure probability budget of each bound: eps_sec / (2 * 23), or eps_sec / (2 * 21) without the signal-state error bound.</param>
public sealed record DecoyBb84Result(
    BasisKeyBlock[] Finite,
    BasisKeyBlock[] Asymptotic,
    double FiniteKeyLengthBits,
    double FiniteKeyRateBitPerS,
    double AsymptoticKeyLengthBits,
    double AsymptoticKeyRateBitPerS,
    double[][] QberPerBasisIntensity,
    double[] SinglePhotonErrorRateFinite,
    double[] SinglePhotonErrorRateAsymptotic,
    double[][]? GainsPerBasisIntensity,
    double[]? Y0Lower,
    double[]? Y1Lower,
    double ChernoffFailurePerBound);

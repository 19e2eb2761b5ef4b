namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>One loss-only multi-user key-rate evaluation (bits per symbol sent by Alice).</summary>
/// <param name="Alpha">Coherent-state amplitude alpha.</param>
/// <param name="AliceBobBits">I(A:Z_i) of the key Bob.</param>
/// <param name="EveHolevoBits">chi(Z_i:E).</param>
/// <param name="OtherBobBits">max_j I(Z_i:Y_j) (scenario d only, else 0).</param>
/// <param name="KeyRateBits">beta I(A:Z_i) - max(chi, I(Z_i:Y_j)) (may be negative; not clipped).</param>
public sealed record LossOnlyKeyRateResult(double Alpha, double AliceBobBits, double EveHolevoBits, double OtherBobBits, double KeyRateBits);

namespace QkdNetSim.Analysis.Cv;

/// <summary>Asymptotic GG02 key rate and its parts, all in bits per channel use (pulse).</summary>
/// <param name="MutualInformationBits">I_AB.</param>
/// <param name="EveEntropyBits">S(E) = S(AB) (Eve purifies AB).</param>
/// <param name="EveConditionalEntropyBits">S(E|b) = S(AFG|b) (conditional state incl. trusted detector modes).</param>
/// <param name="HolevoBoundBits">chi_BE = S(E) - S(E|b).</param>
/// <param name="KeyRateBits">K = beta I_AB - chi_BE (may be negative: no key).</param>
/// <param name="AbSymplecticEigenvalues">lambda_1, lambda_2 of the AB covariance matrix (ascending).</param>
/// <param name="ConditionalSymplecticEigenvalues">lambda_3, lambda_4, lambda_5 of the AFG matrix conditioned on b (ascending).</param>
public sealed record Gg02Result(
    double MutualInformationBits,
    double EveEntropyBits,
    double EveConditionalEntropyBits,
    double HolevoBoundBits,
    double KeyRateBits,
    IReadOnlyList<double> AbSymplecticEigenvalues,
    IReadOnlyList<double> ConditionalSymplecticEigenvalues)
{
    /// <summary>max(K, 0).</summary>
    public double SecretKeyRateBits => Math.Max(0.0, KeyRateBits);
}

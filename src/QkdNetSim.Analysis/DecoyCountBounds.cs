namespace QkdNetSim.Analysis;

/// <summary>
/// Two-decoy (vacuum + weak) bounds in count form, Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), Eqs. (2)-(4)
/// (derived in their App. A, Eqs. (A4)-(A6)). Arguments nXxx are already rescaled counts n^{+-}_k = (e^{mu_k}/p_k) * bound(n_k);
/// with exact counts (no deviation) these reduce to Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005) times tau_n * N.
/// Intensities: mu[0] = mu1 (signal), mu[1] = mu2 (decoy), mu[2] = mu3 (weakest), mu1 &gt; mu2 + mu3, mu2 &gt; mu3 &gt;= 0.
/// </summary>
public static class DecoyCountBounds
{
    /// <summary>Lim Eq. (2): s_0 &gt;= tau_0 (mu2 n^-_3 - mu3 n^+_2) / (mu2 - mu3), clipped at 0 (s_0 &gt;= 0 always).</summary>
    public static double VacuumLower(IReadOnlyList<double> mu, double tau0, double nMinus3, double nPlus2)
    {
        double mu2 = mu[1], mu3 = mu[2];
        return Math.Max(0.0, tau0 * (mu2 * nMinus3 - mu3 * nPlus2) / (mu2 - mu3)); // Lim Eq. (2)
    }

    /// <summary>
    /// Lim Eq. (3): s_1 &gt;= tau_1 mu1 [n^-_2 - n^+_3 - (mu2^2 - mu3^2)/mu1^2 (n^+_1 - s_0/tau_0)] / [mu1 (mu2 - mu3) - mu2^2 + mu3^2],
    /// with s_0 any lower bound on the vacuum count; clipped at 0.
    /// </summary>
    public static double SingleLower(IReadOnlyList<double> mu, double tau0, double tau1, double s0Lower,
        double nPlus1, double nMinus2, double nPlus3)
    {
        double mu1 = mu[0], mu2 = mu[1], mu3 = mu[2];
        double dSq = mu2 * mu2 - mu3 * mu3;
        double numerator = nMinus2 - nPlus3 - dSq / (mu1 * mu1) * (nPlus1 - s0Lower / tau0);
        double denominator = mu1 * (mu2 - mu3) - dSq;
        return Math.Max(0.0, tau1 * mu1 * numerator / denominator); // Lim Eq. (3)
    }

    /// <summary>Lim Eq. (4): v_1 &lt;= tau_1 (m^+_2 - m^-_3) / (mu2 - mu3), clipped at 0.</summary>
    public static double SingleErrorsUpper(IReadOnlyList<double> mu, double tau1, double mPlus2, double mMinus3)
    {
        double mu2 = mu[1], mu3 = mu[2];
        return Math.Max(0.0, tau1 * (mPlus2 - mMinus3) / (mu2 - mu3)); // Lim Eq. (4)
    }

    /// <summary>
    /// Upper bound on the single-photon errors from the SIGNAL intensity (the Lo-Ma-Chen / MQZL form
    /// e1 &lt;= (E_mu Q_mu e^mu - e0 Y0)/(Y1 mu), PRL 94, 230504 and PRA 72, 012326, in Lim's count form): from
    /// e^{mu1} m*_1 / p1 = sum_n mu1^n v_n / (n! tau_n) &gt;= v0/tau0 + mu1 v1/tau1, v1 &lt;= (tau1/mu1)(m^+_1 - v0^L/tau0).
    /// Vacuum events carry no information on Alice's bit, so their errors v0 are Binomial(s0, 1/2); v0^L is a lower
    /// bound on them. Valid with the decoy form <see cref="SingleErrorsUpper"/>; the analysis takes the smaller.
    /// The signal counts are ~100x larger than the decoy counts here, so this bound fluctuates far less.
    /// </summary>
    public static double SingleErrorsUpperFromSignal(IReadOnlyList<double> mu, double tau0, double tau1, double mPlus1, double v0Lower)
    {
        double mu1 = mu[0];
        return Math.Max(0.0, tau1 / mu1 * (mPlus1 - v0Lower / tau0));
    }

    /// <summary>
    /// Lower bound on the errors among s0 vacuum events, each an error with probability exactly 1/2: Hoeffding,
    /// v0 &gt;= s0/2 - sqrt(s0 ln(1/eps)/2) except with probability eps; eps = 0 means no deviation (asymptotic).
    /// </summary>
    public static double VacuumErrorsLower(double s0Lower, double eps) =>
        eps <= 0 ? s0Lower / 2 : Math.Max(0.0, s0Lower / 2 - Math.Sqrt(s0Lower * Math.Log(1.0 / eps) / 2));
}

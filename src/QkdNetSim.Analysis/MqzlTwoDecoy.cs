namespace QkdNetSim.Analysis;

/// <summary>
/// Asymptotic gain-form decoy bounds of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Sec. "vacuum + weak decoy" generalised to two
/// weak decoys nu1 &gt; nu2 (their Y0^L, Y1^{L,nu1,nu2}, e1^{U,nu1,nu2}). Gains Q are detections per emitted pulse of that intensity
/// (restricted to one sifted basis), E the QBER of those detections. Used for the yield outputs and as the independent
/// reference that Lim's count-form bounds with zero deviation reproduce.
/// </summary>
public static class MqzlTwoDecoy
{
    /// <summary>Y0^L = max(0, (nu1 Q_nu2 e^{nu2} - nu2 Q_nu1 e^{nu1}) / (nu1 - nu2))  (MQZL, two-decoy Y0 bound).</summary>
    public static double Y0Lower(double nu1, double nu2, double qNu1, double qNu2)
        => Math.Max(0.0, (nu1 * qNu2 * Math.Exp(nu2) - nu2 * qNu1 * Math.Exp(nu1)) / (nu1 - nu2));

    /// <summary>Y1^L = mu / (mu nu1 - mu nu2 - nu1^2 + nu2^2) [Q_nu1 e^{nu1} - Q_nu2 e^{nu2} - (nu1^2 - nu2^2)/mu^2 (Q_mu e^{mu} - Y0^L)]  (MQZL).</summary>
    public static double Y1Lower(double mu, double nu1, double nu2, double qMu, double qNu1, double qNu2, double y0Lower)
    {
        double y1 = mu / (mu * nu1 - mu * nu2 - nu1 * nu1 + nu2 * nu2)
            * (qNu1 * Math.Exp(nu1) - qNu2 * Math.Exp(nu2) - (nu1 * nu1 - nu2 * nu2) / (mu * mu) * (qMu * Math.Exp(mu) - y0Lower));
        return Math.Max(0.0, y1);
    }

    /// <summary>e1^U = (E_nu1 Q_nu1 e^{nu1} - E_nu2 Q_nu2 e^{nu2}) / ((nu1 - nu2) Y1^L)  (MQZL); 0.5 if Y1^L &lt;= 0; clipped to [0, 0.5].</summary>
    public static double E1Upper(double nu1, double nu2, double qNu1, double qNu2, double eNu1, double eNu2, double y1Lower)
    {
        if (!(y1Lower > 0.0)) return 0.5;
        double e1 = (eNu1 * qNu1 * Math.Exp(nu1) - eNu2 * qNu2 * Math.Exp(nu2)) / ((nu1 - nu2) * y1Lower);
        return Math.Clamp(e1, 0.0, 0.5);
    }
}

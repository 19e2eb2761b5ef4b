namespace QkdNetSim.Analysis;

/// <summary>Probability that Alice's phase-randomised weak coherent source emits n photons, mixed over intensities.</summary>
public static class PhotonNumberPrior
{
    /// <summary>tau_n = sum_k p_k e^{-mu_k} mu_k^n / n!  (Lim et al., PRA 89, 022307, below Eq. (2)).</summary>
    public static double Tau(int photons, IReadOnlyList<double> meanPhotons, IReadOnlyList<double> probabilities)
    {
        if (photons < 0) throw new ArgumentOutOfRangeException(nameof(photons));
        double factorial = 1.0;
        for (int i = 2; i <= photons; i++) factorial *= i;
        double tau = 0.0;
        for (int k = 0; k < meanPhotons.Count; k++)
            tau += probabilities[k] * Math.Exp(-meanPhotons[k]) * Math.Pow(meanPhotons[k], photons) / factorial;
        return tau;
    }
}

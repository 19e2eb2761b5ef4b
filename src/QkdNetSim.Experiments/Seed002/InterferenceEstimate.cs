namespace QkdNetSim.Experiments.Seed002;

/// <summary>A quantity estimated from simulated counts, with its 1-sigma statistical error and the counts behind it.</summary>
/// <param name="Value">Estimate.</param>
/// <param name="Sigma">1-sigma error (Poisson or binomial, see the factory).</param>
/// <param name="Events">Events in the denominator (two-folds or |Psi-> events).</param>
public readonly record struct InterferenceEstimate(double Value, double Sigma, long Events)
{
    /// <summary>
    /// V_HOM = 1 - C / C_dist from same-bin two-folds of two runs of equal length (interfering, fully distinguishable);
    /// independent Poisson counts: sigma = (C / C_dist) sqrt(1/C + 1/C_dist).
    /// </summary>
    public static InterferenceEstimate HomVisibility(long sameBin, long sameBinDistinguishable)
    {
        if (sameBin <= 0 || sameBinDistinguishable <= 0) return new(double.NaN, double.NaN, sameBin);
        double r = (double)sameBin / sameBinDistinguishable;
        return new(1 - r, r * Math.Sqrt(1.0 / sameBin + 1.0 / sameBinDistinguishable), sameBin);
    }

    /// <summary>
    /// Error rate q = E / N of |Psi-> events, binomial sigma sqrt(q (1 - q) / N); with no error at all, 1/N (the scale of
    /// one count) instead of zero.
    /// </summary>
    public static InterferenceEstimate ErrorRate(long errors, long events)
    {
        if (events <= 0) return new(double.NaN, double.NaN, 0);
        double q = (double)errors / events;
        double sigma = errors > 0 ? Math.Sqrt(q * (1 - q) / events) : 1.0 / events;
        return new(q, sigma, events);
    }

    /// <summary>V_BSM = 1 - 2 q from the X-basis error rate; sigma = 2 sigma_q.</summary>
    public static InterferenceEstimate BsmVisibility(long errors, long events)
    {
        var q = ErrorRate(errors, events);
        return new(1 - 2 * q.Value, 2 * q.Sigma, events);
    }

    /// <summary>(simulated - model) / sigma.</summary>
    public double Pull(double model) => (Value - model) / Sigma;
}

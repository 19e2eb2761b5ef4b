namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Closed-form QBER of the seed-004 Methods ("Simulation"): eta = mu 10^(-0.2 L/10) l_spl eta_Bob,
/// eta_err = eta (e_opt + p_A/2N) + p_D/2, and with n active users and p_X = 1.9%/(N-1) + p_A/N:
/// e = (eta_err + p_X (n-1) eta / 2) / (eta (1 + p_A/N) + p_D + p_X (n-1) eta). p_D is the two-detector total.
/// First order in the small probabilities: no saturation, no secondaries of secondaries or of dark counts.
/// </summary>
public static class MethodsQberModel
{
    /// <summary>Seed-004 crosstalk per added user: p_X = X/(N-1) + p_A/N (Methods, X = 1.9% from Fig. 4a).</summary>
    public static double CrosstalkPerAddedUser(int timeBins, double afterpulseProbability, double enhancedCrosstalk = 0.019) =>
        (timeBins > 1 ? enhancedCrosstalk / (timeBins - 1) : 0) + afterpulseProbability / timeBins;

    /// <param name="eta">Mean detected photons per pulse (mu x channel x eta_Bob).</param>
    /// <param name="opticalError">e_opt.</param>
    /// <param name="afterpulseProbability">p_A.</param>
    /// <param name="darkCountProbabilityTotal">p_D of both detectors together (seed 004: 2 x 8e-6).</param>
    /// <param name="timeBins">N.</param>
    /// <param name="activeUsers">n.</param>
    /// <param name="crosstalkPerAddedUser">p_X; default: the Methods expression.</param>
    public static double Qber(double eta, double opticalError, double afterpulseProbability, double darkCountProbabilityTotal,
        int timeBins, int activeUsers, double? crosstalkPerAddedUser = null)
    {
        double pX = crosstalkPerAddedUser ?? CrosstalkPerAddedUser(timeBins, afterpulseProbability);
        double crosstalkCounts = pX * (activeUsers - 1) * eta;
        double etaErr = eta * (opticalError + afterpulseProbability / (2.0 * timeBins)) + darkCountProbabilityTotal / 2;
        return (etaErr + crosstalkCounts / 2) / (eta * (1 + afterpulseProbability / timeBins) + darkCountProbabilityTotal + crosstalkCounts);
    }

    /// <summary>
    /// The Methods formula with two first-order refinements: (1) the crosstalk and own-afterpulse terms resolved by
    /// time-bin position from the detector's delay laws: a click in bin j lands a secondary in bin u with probability
    /// kappa(s) = p_A P(d = s mod N) + X P(d = s mod N), s = (u - j) mod N (equal to the Methods p_X on average
    /// over positions, hence exact when all N bins are active); (2) the clicks that spawn secondaries are those of
    /// the average pulse (sum_k p_k mu_k, decoys included), not of the signal pulse alone.
    /// </summary>
    public static double QberPositionResolved(AccessNetworkConfig config, AccessUser user, double signalMeanPhotons)
    {
        var det = config.Detector;
        int n = config.TimeBins;
        double Kappa(int s) => det.SecondaryLandingProbability(s, n);
        double eta = signalMeanPhotons * config.PhotonDetectionProbability(user);
        double pD = 2 * det.MeasuredDarkCountProbabilityPerGate;
        double own = user.Source.AverageMeanPhotonNumber * config.PhotonDetectionProbability(user) * Kappa(0);
        double others = 0;
        foreach (var j in config.Users.Where(x => x.Active && x.Index != user.Index))
        {
            int s = config.Separation(j.Slot, user.Slot);
            others += j.Source.AverageMeanPhotonNumber * config.PhotonDetectionProbability(j) * Kappa(s);
        }
        double errors = eta * user.OpticalError + own / 2 + pD / 2 + others / 2;
        return errors / (eta + own + pD + others);
    }
}

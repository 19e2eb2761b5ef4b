using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Expected sifted counts n[b][k], errors m[b][k] and emitted pulses N[k] of one user over a session; and, over all
/// basis choices, the gates with at least one click, the click rows (a double click counts two) per intensity and the
/// double-click gates.
/// </summary>
public sealed record ExpectedCounts(double[][] Sifted, double[][] Errors, double[] Emitted)
{
    public required double[] ClickedGates { get; init; }
    public required double[] ClickRows { get; init; }
    public required double DoubleClicks { get; init; }
}

/// <summary>
/// Analytic expectation of what the simulator measures, for sweeps too large to simulate point by point (the
/// seed-004 Fig. 4b map) and as the "theory" next to simulated points. Same device physics as the engines, to
/// first order in the secondary clicks: each detector of user u sees a background probability per gate
/// b_u = p_D + 1/2 sum_j C_j kappa(s_uj) (measured dark probability, plus half of the afterpulse and crosstalk
/// clicks that bin j's photon clicks C_j land in u's bin at separation s, see <see cref="MethodsQberModel"/>),
/// and clicks with 1 - (1 - b_u) exp(-m_d) where m_d is the mean photon number reaching detector d.
/// </summary>
public static class ExpectedCountsModel
{
    /// <summary>
    /// b: probability per gate that one detector clicks without light in bin <paramref name="slot"/>: the measured dark
    /// probability plus half of the afterpulses and crosstalk that the active users' photon clicks land in that bin.
    /// </summary>
    public static double BackgroundProbability(AccessNetworkConfig config, int slot)
    {
        var det = config.Detector;
        double background = det.MeasuredDarkCountProbabilityPerGate;
        foreach (var j in config.Users.Where(x => x.Active))
            background += 0.5 * config.PhotonClickProbability(j)
                              * det.SecondaryLandingProbability(config.Separation(j.Slot, slot), config.TimeBins);
        return background + SpillProbability(config, slot);
    }

    /// <summary>
    /// Probability per gate that one detector of bin <paramref name="slot"/> sees a photon of another pulse: light of a
    /// user whose timing offset puts it (partly) in this bin's gate (<see cref="GateArrivals"/>), split 50:50 at the outputs,
    /// P = 1 - sum_k p_k exp(-mu_k eta / 2) per pulse, summed over pulses (first order, as the secondaries above).
    /// </summary>
    public static double SpillProbability(AccessNetworkConfig config, int slot) =>
        SpillProbability(config, GateArrivals.Of(config, config.Users.Select(LinkState.Nominal).ToArray()), slot);

    /// <summary>As <see cref="SpillProbability(AccessNetworkConfig, int)"/> with the static network's arrivals computed once by the caller.</summary>
    public static double SpillProbability(AccessNetworkConfig config, GateArrivals nominalArrivals, int slot)
    {
        double spill = 0;
        foreach (var pulse in nominalArrivals.BackgroundBySlot[slot])
        {
            var src = config.Users[pulse.User].Source;
            double none = 0;
            for (int k = 0; k < src.Levels; k++)
                none += src.Probabilities[k] * Math.Exp(-src.MeanPhotonNumbers[k] * (pulse.InterferingEta + pulse.NonInterferingEta) / 2);
            spill += 1 - none;
        }
        return spill;
    }

    public static ExpectedCounts ForUser(AccessNetworkConfig config, AccessUser user, long sessionGates)
    {
        double background = BackgroundProbability(config, user.Slot);

        double eta = config.PhotonDetectionProbability(user);
        double visibility = PhaseInterferometer.VisibilityFromOpticalError(user.OpticalError);
        var src = user.Source;
        long pulses = config.PulsesInSlot(user.Slot, sessionGates);
        var sifted = new[] { new double[src.Levels], new double[src.Levels] };
        var errors = new[] { new double[src.Levels], new double[src.Levels] };
        var emitted = new double[src.Levels];
        for (int k = 0; k < src.Levels; k++)
        {
            emitted[k] = pulses * src.Probabilities[k];
            for (int b = 0; b < 2; b++)
            {
                double pMatch = (b == 0 ? src.Basis0Probability : 1 - src.Basis0Probability)
                              * (b == 0 ? config.BobBasis0Probability : 1 - config.BobBasis0Probability);
                for (int x = 0; x < 2; x++)
                {
                    double port0 = PhaseInterferometer.Port0Probability(b, x, b, visibility);
                    double m0 = src.MeanPhotonNumbers[k] * eta * port0, m1 = src.MeanPhotonNumbers[k] * eta * (1 - port0);
                    double p0 = 1 - (1 - background) * Math.Exp(-m0), p1 = 1 - (1 - background) * Math.Exp(-m1);
                    double any = 1 - (1 - p0) * (1 - p1);
                    double wrong = x == 0 ? p1 * (1 - p0) : p0 * (1 - p1);
                    double err = wrong + 0.5 * p0 * p1;
                    double weight = emitted[k] * pMatch * 0.5;
                    sifted[b][k] += weight * any;
                    errors[b][k] += weight * err;
                }
            }
        }
        // Every basis pair (matched or not): gates with >= 1 click, click rows p0 + p1 and double clicks p0 p1.
        var clicked = new double[src.Levels];
        var rows = new double[src.Levels];
        double doubles = 0;
        for (int k = 0; k < src.Levels; k++)
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                {
                    double weight = emitted[k] * (a == 0 ? src.Basis0Probability : 1 - src.Basis0Probability)
                                  * (b == 0 ? config.BobBasis0Probability : 1 - config.BobBasis0Probability) * 0.5;
                    for (int x = 0; x < 2; x++)
                    {
                        double port0 = PhaseInterferometer.Port0Probability(a, x, b, visibility);
                        double m0 = src.MeanPhotonNumbers[k] * eta * port0, m1 = src.MeanPhotonNumbers[k] * eta * (1 - port0);
                        double p0 = 1 - (1 - background) * Math.Exp(-m0), p1 = 1 - (1 - background) * Math.Exp(-m1);
                        clicked[k] += weight * (1 - (1 - p0) * (1 - p1));
                        rows[k] += weight * (p0 + p1);
                        doubles += weight * p0 * p1;
                    }
                }
        return new ExpectedCounts(sifted, errors, emitted) { ClickedGates = clicked, ClickRows = rows, DoubleClicks = doubles };
    }
}

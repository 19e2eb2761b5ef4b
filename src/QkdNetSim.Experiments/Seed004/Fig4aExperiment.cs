using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// Seed 004 Fig. 4a: relative increase of transmitter 1's count rate, (C_on - C_off)/C_off, when transmitter 2
/// (equal loss, 125 MHz) is switched on, versus the gate separation s between them: the number of gates from a pulse
/// of transmitter 2 to the next pulse of transmitter 1 (secondary clicks only fall on later gates). Model: a click of transmitter
/// 2 lands a secondary click in transmitter 1's bin with kappa(s) = p_A P(d = s mod N) + X P(d = s mod N)
/// (afterpulse trap law and crosstalk law of the detector model); the paper's floor is p_A/N.
/// </summary>
public static class Fig4aExperiment
{
    public static ResultTable Run(ExperimentContext ctx)
    {
        var table = new ResultTable("fig4a", "gateSeparation", "countsOff", "countsOn", "relativeIncrease", "relativeIncreaseSigma",
            "modelRelativeIncrease", "afterpulseFloor", "methodsAverage");
        double sessionS = ctx.Full ? 300 : 20;
        string file = RepoPaths.Model("networks/seed004-fig3a-splitter.yaml");
        var common = new[] { $"durationS={sessionS}", "users.1.fibreLengthKm=19.5" }; // equal losses, as the paper's p_X extraction assumes
        var off = ctx.Simulate("fig4a-off", file, common.Append("users.1.active=false"));
        double cOff = off.Summary.Users[0].ClickRows.Sum();
        var config = off.Config;
        var det = config.Detector;
        int n = config.TimeBins;
        var user = config.Users[0];
        double photonClicks = config.PhotonClickProbability(user);
        double Kappa(int s) => det.SecondaryLandingProbability(s, n);
        // Expected clicks of user 1 per own gate with user 2 off: photons, own secondaries, darks of both detectors.
        double offRate = photonClicks * (1 + Kappa(0)) + 2 * det.MeasuredDarkCountProbabilityPerGate;
        double methodsAverage = 0.019 / (n - 1) + det.MeasuredAfterpulseProbability / n;
        for (int s = 1; s < n; s++)
        {
            var on = ctx.Simulate($"fig4a-s{s}", file, common.Append($"users.1.slot={n - s}")); // T2 s gates before T1
            double cOn = on.Summary.Users[0].ClickRows.Sum();
            double r = (cOn - cOff) / cOff;
            double sigma = Math.Sqrt(cOn / (cOff * cOff) + cOn * cOn / (cOff * cOff * cOff)); // independent Poisson counts
            double model = photonClicks * Kappa(s) / offRate;
            table.Add((double)s, cOff, cOn, r, sigma, model, det.MeasuredAfterpulseProbability / n, methodsAverage);
        }
        return table;
    }
}

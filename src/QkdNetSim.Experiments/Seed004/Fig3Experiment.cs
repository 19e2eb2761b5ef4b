using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// Seed 004 Fig. 3: two transmitters at 125 MHz on an 8-bin network, through a 1x8 splitter (3a) or a DWDM
/// multiplexer (3b). Simulates each network, analyses it, and sets the paper's QBER and key rate beside the
/// simulation, the Methods closed form and the expected-count model at the paper's 20-min session.
/// </summary>
public static class Fig3Experiment
{
    public static ResultTable Run(ExperimentContext ctx, PaperValues paper) => Run(ctx, paper, sessionS: null);

    /// <summary>As <see cref="Run(ExperimentContext, PaperValues)"/> with every simulated session set to <paramref name="sessionS"/> (quick-scale tests); null keeps the reproduction's lengths.</summary>
    public static ResultTable Run(ExperimentContext ctx, PaperValues paper, double? sessionS)
    {
        var table = new ResultTable("fig3", "figure", "user", "channelLossDb", "sessionS", "paperQber", "simQber", "simQberSigma",
            "methodsFormulaQber", "modelQber", "paperKeyRateBitPerS", "simFiniteKeyRateBitPerS", "simAsymptoticKeyRateBitPerS",
            "modelFiniteKeyRateBitPerS1200s", "modelAsymptoticKeyRateBitPerS", "clicksPer20MinMillions", "receiverEfficiency", "qberWithinTolerance", "keyRateWithinTolerance");
        var variants = new[]
        {
            (Figure: "3a", File: "networks/seed004-fig3a-splitter.yaml", Qber: paper.Fig3aQber, Key: paper.Fig3aKeyRateBitPerS, QuickS: 300.0),
            (Figure: "3b", File: "networks/seed004-fig3b-dwdm.yaml", Qber: paper.Fig3bQber, Key: paper.Fig3bKeyRateBitPerS, QuickS: 60.0),
        };
        foreach (var v in variants)
        {
            double simulatedS = sessionS ?? (ctx.Full ? 1200 : v.QuickS);
            var sim = ctx.Simulate($"fig{v.Figure}", RepoPaths.Model(v.File), new[] { $"durationS={simulatedS}" });
            for (int i = 0; i < 2; i++)
            {
                var u = sim.Summary.Users[i];
                var user = sim.Config.Users[i];
                long n = u.SiftedBitsPerBasisIntensity[0][0] + u.SiftedBitsPerBasisIntensity[1][0];
                double sigma = Math.Sqrt(u.QberSignal * (1 - u.QberSignal) / Math.Max(1, n));
                double eta = user.Source.MeanPhotonNumbers[0] * sim.Config.PhotonDetectionProbability(user);
                var det = sim.Config.Detector;
                double methods = MethodsQberModel.Qber(eta, user.OpticalError, det.MeasuredAfterpulseProbability,
                    2 * det.MeasuredDarkCountProbabilityPerGate, sim.Config.TimeBins, sim.Config.ActiveUserCount);
                double model = MethodsQberModel.QberPositionResolved(sim.Config, user, user.Source.MeanPhotonNumbers[0]);
                var modelKey = ModelKeyRate.Analyze(sim.Config, user, 1200);
                table.Add("Fig. " + v.Figure, u.Name, u.ChannelLossDb, sim.Summary.Run.SimulatedTimeS, v.Qber[i], u.QberSignal, sigma,
                    methods, model, v.Key[i], u.SecretKeyRateBitPerS, u.AsymptoticKeyRateBitPerS,
                    modelKey.FiniteKeyRateBitPerS, modelKey.AsymptoticKeyRateBitPerS,
                    u.ClickRows.Sum() / sim.Summary.Run.SimulatedTimeS * 1200 / 1e6,
                    sim.Config.ReceiverEfficiency,
                    Math.Abs(u.QberSignal - v.Qber[i]) <= paper.QberToleranceAbsolute,
                    Math.Abs(u.SecretKeyRateBitPerS / v.Key[i] - 1) <= paper.KeyRateToleranceRelative);
            }
        }
        return table;
    }
}

using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// The paper's 30 dB settings "optimized by exploiting the joint constraints": our optimiser
/// (<see cref="MdiParameterOptimizer"/>) run on the expected-count model of pair AB at 25, 30 and 35 dB with N = 3e12,
/// started from the paper's settings, next to them.
/// </summary>
public static class OptimizerExperiment
{
    public static ResultTable Run(ExperimentContext ctx, Seed002Paper paper)
    {
        var table = new ResultTable("optimized_settings", "loss_db", "source", "z", "y", "x", "pz", "py", "px", "po", "key_per_pulse", "key_bit_per_s");
        double[] losses = ctx.Full ? [25.0, 30.0, 35.0] : [30.0];
        int i = 0;
        foreach (double loss in losses)
        {
            ctx.Cancel.ThrowIfCancellationRequested();
            var cfg = Seed002Setup.Load(ctx, Seed002Setup.PairLoss(loss)).Config;
            var start = cfg.Users[0].Encoder;
            var r = MdiParameterOptimizer.Optimize(cfg, 0, paper.PulsePairs, start, maxEvaluations: ctx.Full ? 600 : 250);
            double hz = cfg.Timing.ClockRateHz;
            Row(table, loss, "paper's settings (model)", start, r.StartKeyRatePerPulse, hz);
            Row(table, loss, $"optimised ({r.Evaluations} evaluations)", r.Encoder, r.KeyRatePerPulse, hz);
            ctx.Progress?.Invoke("optimiser", ++i / (double)losses.Length);
        }
        return table;
    }

    private static void Row(ResultTable t, double loss, string source, Protocols.Mdi.TimeBinEncoder e, double key, double hz) =>
        t.Add(loss, source, e.MeanPhotonNumbers[0], e.MeanPhotonNumbers[1], e.MeanPhotonNumbers[2],
            e.Probabilities[0], e.Probabilities[1], e.Probabilities[2], e.Probabilities[3], key, Math.Max(0, key) * hz);
}

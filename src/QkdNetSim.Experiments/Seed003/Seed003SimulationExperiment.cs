using QkdNetSim.Analysis.Cv.Ofdm;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// Sample-level OFDM modulation (<see cref="OfdmModulationSimulator"/>) against Eq. (15) of Wang et al.: per-subcarrier
/// profiles at the paper's μ = 0.01 and a μ sweep showing where the small-signal model holds and where it breaks.
/// </summary>
public static class Seed003SimulationExperiment
{
    public static readonly double[] SweepMu = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8];
    public static readonly int[] SweepN = [10, 40];

    public static int Symbols(ExperimentContext ctx) => ctx.Full ? 20_000 : 2_000;

    /// <summary>⟨ΔX_k²⟩ per subcarrier at μ = 0.01 and the paper's κ, θ for each of the protocol's figure N.</summary>
    public static ResultTable Profiles(ExperimentContext ctx, Seed003Protocol p)
    {
        var t = new ResultTable($"sim_profile_{p.Slug}", "protocol", "subcarrierCount", "modulationIndex", "subcarrier", "simulatedSnu", "simulatedStdErrSnu",
            "eq15Snu", "eq15IqImbalanceSnu", "eq15IntermodulationSnu", "ratio", "symbols");
        var m = p.Modulation;
        foreach (int n in p.Paper.FigureN)
        {
            ctx.Cancel.ThrowIfCancellationRequested();
            var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(n, m.ModulationIndex, m.GainImbalance, m.QuadratureSkewRad, m.ModulationVarianceSnu), p.Constellation());
            var measured = sim.MeasureExcessNoise(ctx.Seed, Symbols(ctx));
            var model = p.NoiseModel.PerSubcarrier(n);
            for (int k = 0; k < n; k++)
                t.Add(p.Name, (double)n, m.ModulationIndex, (double)(k + 1), measured.ExcessNoiseSnu[k], measured.StandardErrorSnu[k],
                    model[k].ModulationNoiseSnu, model[k].IqImbalanceSnu, model[k].IntermodulationSnu, measured.ExcessNoiseSnu[k] / model[k].ModulationNoiseSnu, (double)measured.SymbolCount);
        }
        return t;
    }

    /// <summary>
    /// Subcarrier-averaged and worst ⟨ΔX_k²⟩ versus μ, with the paper's IQ imbalance and with a balanced modulator (κ = 1, θ = 0,
    /// intermodulation only), against Eq. (15) with the same μ, κ, θ.
    /// </summary>
    public static ResultTable MuSweep(ExperimentContext ctx, Seed003Protocol p)
    {
        var t = new ResultTable($"sim_mu_sweep_{p.Slug}", "protocol", "modulator", "subcarrierCount", "modulationIndex", "simulatedMeanSnu", "simulatedMeanStdErrSnu",
            "eq15MeanSnu", "ratioMean", "simulatedWorstSnu", "eq15WorstSnu", "ratioWorst");
        var m = p.Modulation;
        foreach (bool balanced in new[] { false, true })
            foreach (int n in SweepN)
                foreach (double mu in SweepMu)
                {
                    ctx.Cancel.ThrowIfCancellationRequested();
                    double kappa = balanced ? 1.0 : m.GainImbalance, theta = balanced ? 0.0 : m.QuadratureSkewRad;
                    var sim = new OfdmModulationSimulator(new OfdmModulatorSettings(n, mu, kappa, theta, m.ModulationVarianceSnu), p.Constellation());
                    var measured = sim.MeasureExcessNoise(ctx.Seed, Symbols(ctx));
                    var model = new OfdmNoiseModel(m with { ModulationIndex = mu, GainImbalance = kappa, QuadratureSkewRad = theta });
                    var per = model.PerSubcarrier(n);
                    double eqMean = per.Average(s => s.ModulationNoiseSnu);
                    double se = Math.Sqrt(measured.StandardErrorSnu.Sum(e => e * e)) / n;
                    var worst = measured.Worst();
                    double eqWorst = model.Worst(n).ModulationNoiseSnu;
                    t.Add(p.Name, balanced ? "balanced (kappa 1, theta 0)" : "paper IQ imbalance", (double)n, mu, measured.MeanExcessNoiseSnu, se,
                        eqMean, measured.MeanExcessNoiseSnu / eqMean, worst.ExcessNoiseSnu, eqWorst, worst.ExcessNoiseSnu / eqWorst);
                }
        return t;
    }
}

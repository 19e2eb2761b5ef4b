using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Chooses the four-intensity settings (z, y, x and the probabilities p_z, p_y, p_x, p_o) that maximise the finite-key
/// rate of seed 002 Eq. (4) for one BSM module at a given loss and number of pulse pairs, on the expected-count model
/// (<see cref="MdiExpectedCounts"/>) — what the paper did for its 30 dB settings ("The four-intensity parameters are
/// optimized by exploiting the joint constraints"). Nelder-Mead (MathNet) in an unconstrained parameterisation:
/// z = e^u0, y = e^u1, x = y / (1 + e^-u2) (so y &gt; x), probabilities = softmax(u3..u5, 0). o stays vacuum.
/// </summary>
public static class MdiParameterOptimizer
{
    public sealed record Result(TimeBinEncoder Encoder, double KeyRatePerPulse, double StartKeyRatePerPulse, int Evaluations);

    /// <param name="config">Network whose module <paramref name="module"/> is optimised; both users get the same settings.</param>
    /// <param name="start">Starting settings (e.g. the paper's).</param>
    public static Result Optimize(MdiNetworkConfig config, int module, double pulsePairs, TimeBinEncoder start,
        double eps = 1e-10, double f = 1.16, int maxEvaluations = 400)
    {
        if (start.Levels != 4) throw new ArgumentException("the four-intensity protocol needs 4 levels (z, y, x, o)", nameof(start));
        int evaluations = 0;
        double Objective(Vector<double> u)
        {
            evaluations++;
            var enc = Decode(u, start.ExtinctionRatioDb);
            return -KeyRate(config, module, pulsePairs, enc, eps, f);
        }
        var u0 = Encode(start);
        double startRate = KeyRate(config, module, pulsePairs, start, eps, f);
        var solver = new NelderMeadSimplex(1e-6, maxEvaluations);
        MinimizationResult r;
        try { r = solver.FindMinimum(ObjectiveFunction.Value(Objective), u0, Vector<double>.Build.Dense(6, 0.3)); }
        catch (MaximumIterationsException) { r = null!; }
        var best = r is null ? start : Decode(r.MinimizingPoint, start.ExtinctionRatioDb);
        double bestRate = KeyRate(config, module, pulsePairs, best, eps, f);
        if (bestRate < startRate) { best = start; bestRate = startRate; }
        return new Result(best, bestRate, startRate, evaluations);
    }

    /// <summary>Model finite-key rate per pulse pair (paper's zero-count treatment); a large negative value where no key.</summary>
    public static double KeyRate(MdiNetworkConfig config, int module, double pulsePairs, TimeBinEncoder enc, double eps = 1e-10, double f = 1.16)
    {
        var users = config.Users.Select(u => u with { Encoder = enc }).ToArray();
        var cfg = config with { Users = users };
        try
        {
            var r = MdiDecoyAnalysis.Analyze(new MdiExpectedCounts(cfg, module, pulsePairs).DecoyInput(enc, eps, f));
            return r.Paper.KeyRatePerPulsePair;
        }
        catch (AnalysisInputException)
        {
            return -1.0; // settings the analysis rejects (e.g. no counts): worse than any key
        }
    }

    private static Vector<double> Encode(TimeBinEncoder e)
    {
        double z = e.MeanPhotonNumbers[0], y = e.MeanPhotonNumbers[1], x = e.MeanPhotonNumbers[2];
        var p = e.Probabilities;
        return Vector<double>.Build.DenseOfArray([Math.Log(z), Math.Log(y), Math.Log(x / (y - x)),
            Math.Log(p[0] / p[3]), Math.Log(p[1] / p[3]), Math.Log(p[2] / p[3])]);
    }

    private static TimeBinEncoder Decode(Vector<double> u, double extinctionDb)
    {
        double z = Math.Exp(Math.Clamp(u[0], -10, 2.3)), y = Math.Exp(Math.Clamp(u[1], -10, 2.3));
        double x = y / (1 + Math.Exp(-Math.Clamp(u[2], -30, 30)));
        double w0 = Math.Exp(Math.Clamp(u[3], -30, 30)), w1 = Math.Exp(Math.Clamp(u[4], -30, 30)), w2 = Math.Exp(Math.Clamp(u[5], -30, 30));
        double sum = w0 + w1 + w2 + 1;
        return new TimeBinEncoder([z, y, x, 0.0], [w0 / sum, w1 / sum, w2 / sum, 1 / sum], [0, 1, 1, 1], extinctionDb);
    }
}

using System.Numerics;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Loss-only chi(Y:E) between Bob's continuous heterodyne outcome Y and Eve's pure states |e_k&gt; = |sqrt(T_E) alpha_k&gt;
/// (generalised beam-splitter attack, as <see cref="HolevoOfQuadrantKey"/> but without the key map):
/// chi = S(sum_k p_k |e_k&gt;&lt;e_k|) - integral p(y) S(sum_k p(k|y) |e_k&gt;&lt;e_k|) d^2y, p(y|k) the complex Gaussian of mean
/// sqrt(T_B) alpha_k and variance sigma^2 per quadrature (<see cref="QuadrantStatistics.OutcomeSigma"/>). Each entropy comes from
/// the K x K Gram matrix; the integral uses Simpson's rule with step sigma/8 on +-12 sigma beyond the outermost mean (the
/// integrand is smooth on the scale sigma). This is the exact loss-only reference for the explicit bound's chi(Y:E), so the
/// bound's gap splits into Gaussian extremality (chi_Gaussian - chi(Y:E)) and the key map (chi(Y:E) - chi(Z:E)).
/// </summary>
public static class HolevoOfContinuousOutcome
{
    public static double Bits(Constellation c, double bobTransmittance, double eveTransmittance)
    {
        double sigma = QuadrantStatistics.OutcomeSigma(bobTransmittance);
        double sb = Math.Sqrt(bobTransmittance), se = Math.Sqrt(eveTransmittance);
        int k = c.Count;
        var means = Enumerable.Range(0, k).Select(i => c.Point(i) * sb).ToArray();
        var eve = Enumerable.Range(0, k).Select(i => c.Point(i) * se).ToArray();
        var overlap = new Complex[k, k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) overlap[i, j] = CoherentStateEnsemble.Overlap(eve[i], eve[j]);
        double chi = CoherentStateEnsemble.EntropyBits(c.Probabilities, (i, j) => overlap[i, j]);

        double reach = means.Max(m => m.Magnitude) + 12.0 * sigma;
        int n = 2 * (int)Math.Ceiling(reach / sigma * 8.0);
        double h = 2.0 * reach / n, norm = 1.0 / (2 * Math.PI * sigma * sigma), acc = 0.0;
        var joint = new double[k];
        for (int a = 0; a <= n; a++)
            for (int b = 0; b <= n; b++)
            {
                var y = new Complex(-reach + a * h, -reach + b * h);
                double py = 0.0;
                for (int i = 0; i < k; i++)
                {
                    double d = (y - means[i]).Magnitude;
                    joint[i] = c.Probability(i) * norm * Math.Exp(-d * d / (2 * sigma * sigma));
                    py += joint[i];
                }
                if (py < 1e-300) continue;
                for (int i = 0; i < k; i++) joint[i] /= py;
                acc += ContinuousOutcomeInformation.SimpsonWeight(a, n) * ContinuousOutcomeInformation.SimpsonWeight(b, n) * py * CoherentStateEnsemble.EntropyBits(joint, (i, j) => overlap[i, j]);
            }
        return Math.Max(0.0, chi - acc * h * h / 9.0);
    }
}

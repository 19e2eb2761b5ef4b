using System.Numerics;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// I(X:Y) in bits between Alice's symbol X of a discrete modulation and Bob's continuous heterodyne outcome Y (no key map),
/// the mutual information of the explicit bound beta I(X:Y) - chi(Y:E) (Denys, Brown, Leverrier, Quantum 5, 540 (2021), Eq. (2);
/// Ghorai et al., PRX 9, 021059 (2019)). Given X = k, Y = sqrt(T) alpha_k + N with N complex Gaussian of variance sigma^2 per
/// quadrature (amplitude units, <see cref="QuadrantStatistics.OutcomeSigma"/>), so I = h(Y) - h(N), h(N) = log2(2 pi e sigma^2),
/// and h(Y) of the Gaussian mixture is integrated numerically.
/// A constellation whose points form a product grid with product probabilities (QPSK, square QAM with Maxwell-Boltzmann
/// weights) has independent I and Q symbols, so I = I_I + I_Q with one-dimensional integrals; otherwise a two-dimensional
/// grid is used. Both use Simpson's rule with step sigma/16 on the support +-12 sigma beyond the outermost mean (tails below
/// 1e-30; the integrand is smooth on the scale sigma).
/// </summary>
public static class ContinuousOutcomeInformation
{
    private const double StepsPerSigma = 16.0, TailSigmas = 12.0;

    public static double Bits(Constellation c, double transmittance, double sigma)
    {
        if (!(transmittance > 0.0) || !(sigma > 0.0)) throw new ArgumentException("need T > 0 and sigma > 0");
        double s = Math.Sqrt(transmittance);
        if (ProductGrid(c) is var (xs, px, ys, py))
            return Math.Max(0.0, OneDimensionalBits(xs.Select(x => x * s).ToArray(), px, sigma) + OneDimensionalBits(ys.Select(y => y * s).ToArray(), py, sigma));
        return Math.Max(0.0, TwoDimensionalBits(c, s, sigma));
    }

    /// <summary>I(X:Y) for Y = m_X + N(0, sigma^2) on the real line: h(Y) - log2(sqrt(2 pi e) sigma).</summary>
    public static double OneDimensionalBits(IReadOnlyList<double> means, IReadOnlyList<double> probabilities, double sigma)
    {
        double lo = means.Min() - TailSigmas * sigma, hi = means.Max() + TailSigmas * sigma;
        int n = 2 * (int)Math.Ceiling((hi - lo) / sigma * StepsPerSigma / 2.0);
        double h = (hi - lo) / n, norm = 1.0 / (sigma * Math.Sqrt(2 * Math.PI)), acc = 0.0;
        for (int i = 0; i <= n; i++)
        {
            double y = lo + i * h, f = 0.0;
            for (int k = 0; k < means.Count; k++) f += probabilities[k] * norm * Math.Exp(-(y - means[k]) * (y - means[k]) / (2 * sigma * sigma));
            acc += SimpsonWeight(i, n) * (f > 0 ? -f * Math.Log2(f) : 0.0);
        }
        return acc * h / 3.0 - Math.Log2(Math.Sqrt(2 * Math.PI * Math.E) * sigma);
    }

    private static double TwoDimensionalBits(Constellation c, double scale, double sigma)
    {
        var means = Enumerable.Range(0, c.Count).Select(k => c.Point(k) * scale).ToArray();
        double x0 = means.Min(m => m.Real) - TailSigmas * sigma, x1 = means.Max(m => m.Real) + TailSigmas * sigma;
        double y0 = means.Min(m => m.Imaginary) - TailSigmas * sigma, y1 = means.Max(m => m.Imaginary) + TailSigmas * sigma;
        int nx = 2 * (int)Math.Ceiling((x1 - x0) / sigma * StepsPerSigma / 2.0), ny = 2 * (int)Math.Ceiling((y1 - y0) / sigma * StepsPerSigma / 2.0);
        double hx = (x1 - x0) / nx, hy = (y1 - y0) / ny, norm = 1.0 / (2 * Math.PI * sigma * sigma), acc = 0.0;
        for (int i = 0; i <= nx; i++)
            for (int j = 0; j <= ny; j++)
            {
                var y = new Complex(x0 + i * hx, y0 + j * hy);
                double f = 0.0;
                for (int k = 0; k < means.Length; k++) f += c.Probability(k) * norm * Math.Exp(-(y - means[k]).Magnitude * (y - means[k]).Magnitude / (2 * sigma * sigma));
                acc += SimpsonWeight(i, nx) * SimpsonWeight(j, ny) * (f > 0 ? -f * Math.Log2(f) : 0.0);
            }
        return acc * hx * hy / 9.0 - Math.Log2(2 * Math.PI * Math.E * sigma * sigma);
    }

    /// <summary>Composite Simpson weight of node i of n (n even): 1, 4, 2, ..., 4, 1 (times h/3).</summary>
    internal static double SimpsonWeight(int i, int n) => i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);

    /// <summary>The I and Q marginals when the constellation is a product grid with product probabilities, else null.</summary>
    private static (double[] Xs, double[] Px, double[] Ys, double[] Py)? ProductGrid(Constellation c)
    {
        const double tol = 1e-12;
        var xs = Distinct(Enumerable.Range(0, c.Count).Select(k => c.Point(k).Real));
        var ys = Distinct(Enumerable.Range(0, c.Count).Select(k => c.Point(k).Imaginary));
        if (xs.Length * ys.Length != c.Count) return null;
        var px = new double[xs.Length];
        var py = new double[ys.Length];
        for (int k = 0; k < c.Count; k++)
        {
            px[Array.FindIndex(xs, x => Math.Abs(x - c.Point(k).Real) <= tol)] += c.Probability(k);
            py[Array.FindIndex(ys, y => Math.Abs(y - c.Point(k).Imaginary) <= tol)] += c.Probability(k);
        }
        for (int k = 0; k < c.Count; k++)
        {
            double p = px[Array.FindIndex(xs, x => Math.Abs(x - c.Point(k).Real) <= tol)] * py[Array.FindIndex(ys, y => Math.Abs(y - c.Point(k).Imaginary) <= tol)];
            if (Math.Abs(p - c.Probability(k)) > 1e-12) return null;
        }
        return (xs, px, ys, py);

        static double[] Distinct(IEnumerable<double> values)
        {
            var list = new List<double>();
            foreach (double v in values) if (!list.Any(u => Math.Abs(u - v) <= tol)) list.Add(v);
            return list.ToArray();
        }
    }
}

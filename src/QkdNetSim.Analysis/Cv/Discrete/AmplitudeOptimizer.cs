namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Maximises a key rate over the coherent-state amplitude alpha in [lo, hi] (stand-in for the seed paper's Matlab fminbnd,
/// Sec. VI.1): a coarse grid of 25 points, then golden-section search (Kiefer 1953) on the bracket around the best grid
/// point down to a width of 1e-5. The grid guards against the flat, negative tails of the key rate.
/// </summary>
public static class AmplitudeOptimizer
{
    /// <summary>Default amplitude interval [0.3, 1.5] (our choice; the paper's interval was lost in extraction).</summary>
    public const double DefaultLow = 0.3, DefaultHigh = 1.5;

    public static (double Alpha, double Value) Maximise(Func<double, double> rate, double lo = DefaultLow, double hi = DefaultHigh, int grid = 25, double tol = 1e-5)
    {
        if (!(lo > 0 && hi > lo)) throw new ArgumentException("need 0 < lo < hi");
        double step = (hi - lo) / (grid - 1);
        int best = 0;
        double bestVal = double.NegativeInfinity;
        for (int i = 0; i < grid; i++)
        {
            double v = rate(lo + i * step);
            if (v > bestVal) { bestVal = v; best = i; }
        }
        double a = lo + Math.Max(0, best - 1) * step, b = lo + Math.Min(grid - 1, best + 1) * step;
        double gr = (Math.Sqrt(5) - 1) / 2;
        double c = b - gr * (b - a), d = a + gr * (b - a);
        double fc = rate(c), fd = rate(d);
        while (b - a > tol)
        {
            if (fc > fd) { b = d; d = c; fd = fc; c = b - gr * (b - a); fc = rate(c); }
            else { a = c; c = d; fc = fd; d = a + gr * (b - a); fd = rate(d); }
        }
        double x = 0.5 * (a + b), fx = rate(x);
        double gridX = lo + best * step;
        return fx >= bestVal ? (x, fx) : (gridX, bestVal);
    }
}

namespace QkdNetSim.Analysis;

/// <summary>
/// Confidence bounds on the expectation of a count X = sum of independent Bernoulli trials (Poisson trials) from one
/// observation x. Used by the finite-key decoy analysis in place of Lim et al.'s Hoeffding deviation.
/// </summary>
/// <remarks>
/// Tail inequalities used (Mitzenmacher and Upfal, Probability and Computing, 2nd ed., Thm 4.4 with
/// ln(1+d) &gt;= 2d/(2+d), and Thm 4.5):
///   upper tail  Pr[X &gt;= (1+d) mu] &lt;= exp(-d^2 mu / (2+d)),  d &gt; 0;
///   lower tail  Pr[X &lt;= (1-d) mu] &lt;= exp(-d^2 mu / 2),      0 &lt; d &lt; 1.
/// Exact inversion (the bound mu at which the tail probability of the observed x equals exp(-b)):
///   lower: (x - mu)^2 = b (x + mu)  =&gt;  mu_L = max(0, x + b/2 - sqrt(b^2/4 + 2 b x));
///   upper: (mu - x)^2 = 2 b mu      =&gt;  mu_U = x + b + sqrt(b^2 + 2 b x)   (valid also for x = 0: mu_U = 2b).
/// Yan et al. (seed 002, Eqs. (1)-(2)) instead solve d^2 x / (2 + d) = b with the observed x in place of mu and use
/// x/(1+d), x/(1-d). Their upper bound is always &gt;= mu_U (certified, conservative); their lower bound is about b counts
/// above mu_L, with certified failure exp(-b/(1+d)) = (eps/2)^(1/(1+d)).
/// </remarks>
public static class ChernoffBound
{
    /// <summary>Seed 002 Eq. (2) constant b = -ln(eps/2), eps the two-sided failure probability.</summary>
    public static double YanB(double eps)
    {
        CheckEps(eps);
        return -Math.Log(eps / 2.0);
    }

    /// <summary>Seed 002 Eq. (2): delta = (b + sqrt(b^2 + 8 b x)) / (2x); +infinity for x = 0.</summary>
    public static double YanDelta(double x, double eps)
    {
        CheckCount(x);
        double b = YanB(eps);
        if (x == 0.0) return double.PositiveInfinity;
        return (b + Math.Sqrt(b * b + 8.0 * b * x)) / (2.0 * x); // seed 002 Eq. (2)
    }

    /// <summary>Lower confidence bound on E[X] given observed x; eps = failure budget of this bound (see <see cref="ChernoffForm"/>).</summary>
    public static double Lower(double x, double eps, ChernoffForm form)
    {
        CheckCount(x);
        CheckEps(eps);
        if (x == 0.0) return 0.0; // E[X] >= 0 always; nothing better is certifiable from x = 0
        switch (form)
        {
            case ChernoffForm.YanEq2:
                return x / (1.0 + YanDelta(x, eps)); // seed 002 Eq. (1), lower
            case ChernoffForm.ExactInversion:
            {
                double b = Math.Log(1.0 / eps);
                return Math.Max(0.0, x + b / 2.0 - Math.Sqrt(b * b / 4.0 + 2.0 * b * x)); // M&U Thm 4.4 inverted
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(form));
        }
    }

    /// <summary>Upper confidence bound on E[X] given observed x; eps = failure budget of this bound (see <see cref="ChernoffForm"/>).</summary>
    public static double Upper(double x, double eps, ChernoffForm form)
    {
        CheckCount(x);
        CheckEps(eps);
        switch (form)
        {
            case ChernoffForm.YanEq2:
            {
                double delta = YanDelta(x, eps);
                // seed 002 Eq. (1), upper. For delta > 1/2 (x < 10 b) x/(1-delta) degenerates (non-monotone below
                // x ~ 6.5 b, infinite at delta = 1); there we use the exact inversion of the same lower-tail bound with
                // the same b = ln(2/eps), which is certified (failure <= eps/2) and never larger, so the result stays
                // monotone in x (the switch is an upward step).
                if (delta <= 0.5) return x / (1.0 - delta);
                double b = YanB(eps);
                return x + b + Math.Sqrt(b * b + 2.0 * b * x);
            }
            case ChernoffForm.ExactInversion:
            {
                double b = Math.Log(1.0 / eps);
                return x + b + Math.Sqrt(b * b + 2.0 * b * x); // M&U Thm 4.5 inverted
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(form));
        }
    }

    private static void CheckCount(double x)
    {
        if (!(x >= 0.0) || double.IsInfinity(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "count must be finite and >= 0");
    }

    private static void CheckEps(double eps)
    {
        if (!(eps > 0.0 && eps < 1.0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "failure probability must be in (0, 1)");
    }
}

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>
/// Residual error of a sampled first-order correction loop tracking a random walk (the stabilizers of the controllers here).
/// The plant's residual is delta(t) = x(t) - c(t): x a Wiener process of diffusion D (unit^2/s; an OU drift with theta T &lt;&lt; 1
/// looks the same over one update), c the correction. Each update interval T the controller estimates the interval's mean
/// residual, delta_bar_k + eps_k (eps the estimate's noise, variance s^2), and corrects by g times it at the interval's end.
/// With y_k the residual at the start of interval k, w_k = x(end) - x(start) and w_bar_k = mean of x - x(start) over the
/// interval: y_{k+1} = (1 - g) y_k + (w_k - g w_bar_k) - g eps_k. For a Wiener path Var w = D T, Var w_bar = D T/3,
/// Cov(w, w_bar) = D T/2, so Var(w - g w_bar) = D T (1 - g + g^2/3), and the stationary start variance is
/// V_y = [D T (1 - g + g^2/3) + g^2 s^2] / (g (2 - g)) (0 &lt; g &lt; 2; g = 1: D T/3 + s^2). Within the interval the residual
/// is y + W(s), so its time-mean square is &lt;delta^2&gt; = V_y + D T/2, and a probe dither of amplitude d adds d^2.
/// Assumptions: the estimate is unbiased and linear (small residuals), its noise independent of the state.
/// </summary>
public static class LoopResidual
{
    /// <summary>V_y: stationary variance of the residual just after a correction.</summary>
    public static double StartVariance(double diffusionPerS, double intervalS, double gain, double estimateVariance)
    {
        if (!(gain > 0 && gain < 2)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "a first-order loop is stable for 0 < gain < 2");
        double dt = diffusionPerS * intervalS;
        return (dt * (1 - gain + gain * gain / 3) + gain * gain * estimateVariance) / (gain * (2 - gain));
    }

    /// <summary>&lt;delta^2&gt;: time-mean square residual without the dither, V_y + D T / 2.</summary>
    public static double MeanSquare(double diffusionPerS, double intervalS, double gain, double estimateVariance) =>
        StartVariance(diffusionPerS, intervalS, gain, estimateVariance) + diffusionPerS * intervalS / 2;
}

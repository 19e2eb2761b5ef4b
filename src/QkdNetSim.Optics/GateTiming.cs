namespace QkdNetSim.Optics;

/// <summary>
/// Detection efficiency of a gated detector for a pulse arriving dt away from the gate centre, modelled as a
/// Gaussian temporal window of the given FWHM (self-differencing InGaAs gates are ~100-200 ps wide; Yuan et al. APL 91, 041114).
/// Gates repeat every period T, so light arriving x after the centre of gate 0 is caught by gate k with efficiency
/// w(x - k T) (<see cref="LandingGates"/>): with |x| small only gate 0 sees it, near T/2 it falls between gates and is
/// lost, and near T it lands in the next gate. Assumption: a photon is caught by at most one gate. The Gaussian windows'
/// tails overlap slightly (sum over k of w(x - k T) exceeds 1 by about 2 w(T), 3e-5 for FWHM = T/2), so the per-pulse
/// engine, which takes the gates in order, differs from the per-gate laws by that relative amount; scenarios keep FWHM &lt;= T.
/// </summary>
public static class GateTiming
{
    /// <summary>Efficiencies below this are dropped: they cannot change any click probability held in a double.</summary>
    public const double NegligibleEfficiency = 1e-15;

    public static double RelativeEfficiency(double offsetPs, double windowFwhmPs)
    {
        if (offsetPs == 0) return 1;
        return Math.Exp(-4 * Math.Log(2) * offsetPs * offsetPs / (windowFwhmPs * windowFwhmPs));
    }

    /// <summary>Largest |x| at which the window still catches <see cref="NegligibleEfficiency"/>: w(x) >= e  &lt;=&gt;  |x| &lt;= FWHM sqrt(ln(1/e) / (4 ln 2)).</summary>
    public static double ReachPs(double windowFwhmPs) => windowFwhmPs * Math.Sqrt(Math.Log(1 / NegligibleEfficiency) / (4 * Math.Log(2)));

    /// <summary>
    /// Every gate k (relative to gate 0) whose window catches light arriving <paramref name="offsetPs"/> after gate 0's centre
    /// with an efficiency of at least <see cref="NegligibleEfficiency"/>, with that efficiency w(offset - k T).
    /// </summary>
    public static List<(long Gate, double Efficiency)> LandingGates(double offsetPs, double windowFwhmPs, double gatePeriodPs)
    {
        if (!double.IsFinite(offsetPs)) throw new ArgumentOutOfRangeException(nameof(offsetPs), offsetPs, "must be finite");
        if (!(windowFwhmPs > 0) || !(gatePeriodPs > 0)) throw new ArgumentOutOfRangeException(nameof(windowFwhmPs), "window and period must be > 0 ps");
        double reachPs = ReachPs(windowFwhmPs);
        long first = (long)Math.Ceiling((offsetPs - reachPs) / gatePeriodPs), last = (long)Math.Floor((offsetPs + reachPs) / gatePeriodPs);
        if (last - first > 1_000_000) throw new ArgumentOutOfRangeException(nameof(windowFwhmPs), windowFwhmPs, "gate window spans more than a million gates");
        var gates = new List<(long, double)>();
        for (long k = first; k <= last; k++)
        {
            double e = RelativeEfficiency(offsetPs - k * gatePeriodPs, windowFwhmPs);
            if (e >= NegligibleEfficiency) gates.Add((k, e));
        }
        return gates;
    }
}

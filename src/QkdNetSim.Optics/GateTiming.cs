namespace QkdNetSim.Optics;

/// <summary>
/// Detection efficiency of a gated detector for a pulse arriving dt away from the gate centre, modelled as a
/// Gaussian temporal window of the given FWHM (self-differencing InGaAs gates are ~100-200 ps wide; Yuan et al. APL 91, 041114).
/// </summary>
public static class GateTiming
{
    public static double RelativeEfficiency(double offsetPs, double windowFwhmPs)
    {
        if (offsetPs == 0) return 1;
        return Math.Exp(-4 * Math.Log(2) * offsetPs * offsetPs / (windowFwhmPs * windowFwhmPs));
    }
}

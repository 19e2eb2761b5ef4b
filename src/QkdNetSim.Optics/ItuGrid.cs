namespace QkdNetSim.Optics;

/// <summary>ITU-T G.694.1 100 GHz DWDM grid: channel n at 190.0 THz + n x 0.1 THz (channel 33 = 193.3 THz = 1550.92 nm).</summary>
public static class ItuGrid
{
    private const double SpeedOfLightMPerS = 299792458.0;

    public static double FrequencyThz(int channel) => 190.0 + 0.1 * channel;

    public static double WavelengthNm(int channel) => SpeedOfLightMPerS / (FrequencyThz(channel) * 1e12) * 1e9;
}

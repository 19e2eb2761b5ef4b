namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Clock, pulse and coincidence timing (seed 002: 100 MHz clock, ~0.8 ns pulses, FPGA coincidence logic with ~156 ps
/// resolution and a 1 ns window). A slot holds one qubit: early bin centred ceil(pulseFwhmPs) after the slot start, late
/// bin earlyLateSeparationPs after that, each with a coincidence window centred on it.
/// </summary>
public sealed class MdiTimingSpec
{
    /// <summary>Qubit (pulse-pair) rate, Hz.</summary>
    public double ClockRateHz { get; set; } = 1e8;
    /// <summary>Early-to-late bin separation, ps. The paper's ~10 ns does not fit a 10 ns slot with the windows; 5 ns is assumed.</summary>
    public long EarlyLateSeparationPs { get; set; } = 5000;
    /// <summary>Intensity FWHM of a carved pulse, ps.</summary>
    public double PulseFwhmPs { get; set; } = 800;
    /// <summary>Width of each time-bin acceptance window (and of the four-fold window), ps.</summary>
    public long CoincidenceWindowPs { get; set; } = 1000;
    /// <summary>Time-tag resolution of the coincidence logic, ps.</summary>
    public long ResolutionPs { get; set; } = 156;
}

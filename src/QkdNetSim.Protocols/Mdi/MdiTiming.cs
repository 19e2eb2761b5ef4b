using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Clock, pulse and coincidence-logic timing of the MDI network (seed 002: 100 MHz clock, 0.8 ns pulses, early/late
/// separation ~10 ns, FPGA coincidence logic with ~156 ps resolution and a 1 ns window).
/// </summary>
/// <param name="ClockRateHz">Pulse-pair (qubit) rate, Hz.</param>
/// <param name="EarlyLateSeparationPs">Time between the early and the late bin, ps.</param>
/// <param name="PulseFwhmPs">Intensity FWHM of a carved pulse (Gaussian, transform limited), ps.</param>
/// <param name="CoincidenceWindowPs">Width of each time-bin acceptance window, centred on the bin, ps; also the four-fold window.</param>
/// <param name="ResolutionPs">Time-tag resolution of the coincidence logic, ps (tags are floor(t / resolution) x resolution).</param>
public sealed record MdiTiming(double ClockRateHz, long EarlyLateSeparationPs, double PulseFwhmPs, long CoincidenceWindowPs, long ResolutionPs)
{
    /// <summary>Slot (clock) period, integer ps.</summary>
    public long SlotPeriodPs => Periods.PeriodPs(ClockRateHz);

    /// <summary>Offset of the early bin's centre inside a slot: the two bins sit symmetrically about the slot centre, so a
    /// pulse's tails stay inside its own slot and clicks of consecutive slots never interleave.</summary>
    public long EarlyOffsetPs => (SlotPeriodPs - EarlyLateSeparationPs) / 2;

    /// <summary>Offset of the late bin's centre inside a slot.</summary>
    public long LateOffsetPs => EarlyOffsetPs + EarlyLateSeparationPs;

    /// <summary>rms width of the Gaussian intensity envelope, ps: FWHM / (2 sqrt(2 ln 2)).</summary>
    public double PulseSigmaPs => PulseFwhmPs / (2 * Math.Sqrt(2 * Math.Log(2)));
}

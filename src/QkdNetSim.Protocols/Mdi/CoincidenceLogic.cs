using QkdNetSim.Detectors;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Relay electronics of one BSM module (seed 002: FPGA coincidence logic, ~156 ps resolution, 1 ns window). Each
/// detector registers an event only if it is alive (non-paralyzable dead time after its last registered click); a
/// registered click inside the early or late window (width W, centred on the bin) is a time-bin click. A slot where
/// both detectors have an in-window click is a two-fold coincidence, logged with the first in-window bin of each.
/// </summary>
public sealed class CoincidenceLogic
{
    private readonly long _earlyLo, _earlyHi, _lateLo, _lateHi, _resolutionPs, _periodPs;

    public CoincidenceLogic(MdiTiming t)
    {
        long half = t.CoincidenceWindowPs / 2;
        _earlyLo = t.EarlyOffsetPs - half;
        _earlyHi = _earlyLo + t.CoincidenceWindowPs;
        _lateLo = t.LateOffsetPs - half;
        _lateHi = _lateLo + t.CoincidenceWindowPs;
        _resolutionPs = t.ResolutionPs;
        _periodPs = t.SlotPeriodPs;
    }

    /// <summary>Time-bin window of a time inside the slot: 0 early, 1 late, -1 outside both.</summary>
    public int WindowOf(long timeInSlotPs) =>
        timeInSlotPs >= _earlyLo && timeInSlotPs < _earlyHi ? 0 :
        timeInSlotPs >= _lateLo && timeInSlotPs < _lateHi ? 1 : -1;

    /// <summary>
    /// Applies dead time to the slot's events of detector k (updating <paramref name="lastRegisteredPs"/>, absolute ps) and
    /// returns the first in-window click: bin (or -1), its absolute time, its origin, and the number of further in-window clicks.
    /// </summary>
    public int Register(ModuleSlotEvents.View v, int k, long slotStartPs, long deadTimePs, ref long lastRegisteredPs,
        out long firstTimePs, out EventOrigin firstOrigin, out int extraClicks)
    {
        int bin = -1;
        firstTimePs = 0;
        firstOrigin = EventOrigin.Dark;
        extraClicks = 0;
        int b = k * ModuleSlotEvents.Capacity;
        for (int i = 0; i < v.Count[k]; i++)
        {
            long abs = slotStartPs + v.TimePs[b + i];
            if (!NonParalyzableDeadTime.TryRegister(ref lastRegisteredPs, abs, deadTimePs)) continue; // dead: lost, not extended
            int w = WindowOf(v.TimePs[b + i]);
            if (w < 0) continue;
            if (bin < 0)
            {
                bin = w;
                firstTimePs = abs;
                firstOrigin = v.Origin[b + i];
            }
            else extraClicks++;
        }
        return bin;
    }

    /// <summary>Time tag as the logic reports it: floor to the resolution.</summary>
    public long Tag(long absolutePs) => absolutePs - absolutePs % _resolutionPs;

    /// <summary>Photon (non-dark) events of detector k in the slot (ground truth).</summary>
    public static short PhotonEvents(ModuleSlotEvents.View v, int k)
    {
        int b = k * ModuleSlotEvents.Capacity, n = 0;
        for (int i = 0; i < v.Count[k]; i++) if (v.Origin[b + i] != EventOrigin.Dark) n++;
        return (short)n;
    }

    public long SlotPeriodPs => _periodPs;
}

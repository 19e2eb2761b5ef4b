using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Reference engine: steps every slot, draws every encoder's state, and samples every module's detector events from the
/// unconditioned law, applying dead time with a running last-click time per detector. Cost grows with slots; it exists to
/// prove <see cref="FastMdiEngine"/> right in distribution.
/// </summary>
public sealed class PerPulseMdiEngine : MdiEngine
{
    private readonly Xoshiro256[] _rng;
    private readonly AliasTable[][] _encoderAlias;
    private readonly long[] _lastReg;
    private readonly long[] _times = new long[2 * ModuleSlotEvents.Capacity];
    private readonly EventOrigin[] _origins = new EventOrigin[2 * ModuleSlotEvents.Capacity];
    private readonly int[] _counts = new int[2];

    public PerPulseMdiEngine(MdiNetworkConfig config, ICoincidenceSink? sink) : base(config, sink)
    {
        _rng = Groups.Select(g => StreamFor($"mdi/perPulse/group/{g.Index}")).ToArray();
        _encoderAlias = Groups.Select(g => g.Encoders.Select(e => new AliasTable(e.Probability)).ToArray()).ToArray();
        _lastReg = new long[2 * Config.Modules.Count];
        Array.Fill(_lastReg, long.MinValue / 2);
    }

    public override void AdvanceTo(long endSlot)
    {
        var view = new ModuleSlotEvents.View { Count = _counts, TimePs = _times, Origin = _origins };
        for (long slot = ProcessedUntilSlot; slot < endSlot; slot++)
        {
            for (int gi = 0; gi < Groups.Length; gi++)
            {
                var g = Groups[gi];
                ref var rng = ref _rng[gi];
                int joint = 0, radix = 1;
                for (int e = 0; e < g.Encoders.Count; e++)
                {
                    joint += radix * _encoderAlias[gi][e].Sample(ref rng);
                    radix *= g.Encoders[e].Count;
                }
                for (int i = 0; i < g.Modules.Length; i++)
                {
                    int pair = g.PairOf[joint * g.Modules.Length + i];
                    ModuleSlotEvents.SampleUnconditioned(g.Optics[i], pair, Timing, ref rng, view);
                    int m = g.Modules[i];
                    Coincide(g, i, joint, slot, view, ref _lastReg[2 * m], ref _lastReg[2 * m + 1]);
                }
            }
            ModuleSlotsSampled += Config.Modules.Count;
        }
        ProcessedUntilSlot = Math.Max(ProcessedUntilSlot, endSlot);
    }
}

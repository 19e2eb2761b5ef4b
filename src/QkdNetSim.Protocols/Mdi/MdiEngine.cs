using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Shared part of the MDI network engines: the configuration, per-module optics and coincidence logic, the record batch
/// handed to the sink, and the slot cursor. Subclasses decide how slots are visited (every slot, or only candidates).
/// </summary>
public abstract class MdiEngine : QkdNetSim.Core.Kernel.IStepEngine
{
    private const int BatchSize = 4096;

    protected MdiNetworkConfig Config { get; }
    protected BsmOptics[] Optics { get; }
    protected MdiEncoderGroup[] Groups { get; }
    protected CoincidenceLogic Logic { get; }
    protected MdiTiming Timing { get; }
    protected long SlotPeriodPs { get; }
    private readonly ICoincidenceSink? _sink;
    private readonly CoincidenceRecord[] _batch = new CoincidenceRecord[BatchSize];
    private int _batchCount;

    /// <summary>All slots before this one are simulated.</summary>
    public long ProcessedUntilSlot { get; protected set; }

    long QkdNetSim.Core.Kernel.IStepEngine.ProcessedUntilStep => ProcessedUntilSlot;
    /// <summary>Two-fold coincidences produced so far.</summary>
    public long Coincidences { get; private set; }
    /// <summary>Module-slots whose events were sampled (per-pulse: every module every slot; fast: candidates and look-back).</summary>
    public long ModuleSlotsSampled { get; protected set; }

    protected MdiEngine(MdiNetworkConfig config, ICoincidenceSink? sink)
    {
        Config = config;
        Timing = config.Timing;
        SlotPeriodPs = Timing.SlotPeriodPs;
        Logic = new CoincidenceLogic(Timing);
        var tables = config.Users.Select(u => new UserStateTable(u.Encoder)).ToArray();
        Optics = config.Modules.Select(m => new BsmOptics(m, tables[m.UserA], tables[m.UserB], Timing)).ToArray();
        Groups = MdiEncoderGroup.Build(config, tables, Optics);
        _groupOf = new int[Optics.Length];
        _localOf = new int[Optics.Length];
        foreach (var g in Groups)
            for (int i = 0; i < g.Modules.Length; i++) (_groupOf[g.Modules[i]], _localOf[g.Modules[i]]) = (g.Index, i);
        _groupChanged = new bool[Groups.Length];
        _sink = sink;
    }

    private readonly int[] _groupOf, _localOf;
    private readonly bool[] _groupChanged;

    /// <summary>Called before the relative delays change (time series: the delays in effect up to that slot).</summary>
    public IRelativeDelayObserver? DelayObserver { get; set; }

    /// <summary>Relative delay tau of module <paramref name="module"/>'s input B after input A now in effect, ps.</summary>
    public double RelativeDelayPs(int module) => Optics[module].Module.RelativeDelayPs;

    /// <summary>
    /// Sets every module's relative delay (B after A, ps; one entry per module) from slot <see cref="ProcessedUntilSlot"/>
    /// on: the kernel seam of a drifting delay (<see cref="MdiDelayDrift"/>). Modules whose delay is unchanged keep their
    /// optics bit for bit; an encoder group with a changed module rebuilds its click laws at that slot
    /// (<see cref="OnGroupLawChanged"/>). Allocates the rebuilt optics and laws, once per change, never per event.
    /// </summary>
    public void SetRelativeDelaysPs(ReadOnlySpan<double> delaysPs)
    {
        if (delaysPs.Length != Optics.Length) throw new ArgumentException($"one delay per module ({Optics.Length}), got {delaysPs.Length}", nameof(delaysPs));
        bool any = false;
        for (int m = 0; m < Optics.Length; m++)
        {
            if (!double.IsFinite(delaysPs[m])) throw new ArgumentOutOfRangeException(nameof(delaysPs), delaysPs[m], $"module {m}: delay must be finite");
            any |= delaysPs[m] != Optics[m].Module.RelativeDelayPs;
        }
        if (!any) return;
        DelayObserver?.BeforeChange(ProcessedUntilSlot, this);
        Array.Clear(_groupChanged);
        for (int m = 0; m < Optics.Length; m++)
        {
            var o = Optics[m];
            if (delaysPs[m] == o.Module.RelativeDelayPs) continue;
            var rebuilt = new BsmOptics(o.Module with { RelativeDelayPs = delaysPs[m] }, o.StatesA, o.StatesB, Timing);
            Optics[m] = rebuilt;
            Groups[_groupOf[m]].Optics[_localOf[m]] = rebuilt;
            _groupChanged[_groupOf[m]] = true;
        }
        for (int g = 0; g < Groups.Length; g++)
            if (_groupChanged[g]) OnGroupLawChanged(g, ProcessedUntilSlot);
    }

    /// <summary>
    /// Group <paramref name="group"/>'s optics (<see cref="MdiEncoderGroup.Optics"/>) changed and apply from
    /// <paramref name="fromSlot"/>: an engine that caches laws derived from them rebuilds those. The per-pulse engine
    /// reads the optics every slot and needs nothing.
    /// </summary>
    protected virtual void OnGroupLawChanged(int group, long fromSlot) { }

    /// <summary>Simulates every slot before <paramref name="endSlot"/>.</summary>
    public abstract void AdvanceTo(long endSlot);

    /// <summary>Hands buffered records to the sink.</summary>
    public void Flush()
    {
        if (_batchCount == 0) return;
        _sink?.Accept(_batch.AsSpan(0, _batchCount));
        _batchCount = 0;
    }

    /// <summary>
    /// Applies dead time and window logic to one module-slot and emits a record when both detectors have an in-window click.
    /// </summary>
    protected void Coincide(MdiEncoderGroup g, int local, int joint, long slot, ModuleSlotEvents.View v, ref long lastReg0, ref long lastReg1)
    {
        int module = g.Modules[local];
        var m = Config.Modules[module];
        long start = slot * SlotPeriodPs;
        int bin0 = Logic.Register(v, 0, start, m.Detector0.DeadTimePs, ref lastReg0, out long t0, out var o0, out int x0);
        int bin1 = Logic.Register(v, 1, start, m.Detector1.DeadTimePs, ref lastReg1, out long t1, out var o1, out int x1);
        if (bin0 < 0 || bin1 < 0) return;
        var ta = g.Encoders[g.EncoderA[local]];
        var tb = g.Encoders[g.EncoderB[local]];
        int sa = g.StateOf[joint * g.Encoders.Count + g.EncoderA[local]];
        int sb = g.StateOf[joint * g.Encoders.Count + g.EncoderB[local]];
        ref var r = ref _batch[_batchCount++];
        r.Slot = slot;
        r.Module = (short)module;
        r.TimeD0Ps = Logic.Tag(t0);
        r.TimeD1Ps = Logic.Tag(t1);
        r.BinD0 = (byte)bin0;
        r.BinD1 = (byte)bin1;
        r.ExtraClicks = (byte)Math.Min(255, x0 + x1);
        r.IntensityA = ta.Intensity[sa];
        r.IntensityB = tb.Intensity[sb];
        r.BasisA = ta.Basis[sa];
        r.BasisB = tb.Basis[sb];
        r.BitA = ta.Bit[sa];
        r.BitB = tb.Bit[sb];
        r.TruthCauseD0 = o0 == EventOrigin.Dark ? DetectionCause.DarkCount : DetectionCause.SignalPhoton;
        r.TruthCauseD1 = o1 == EventOrigin.Dark ? DetectionCause.DarkCount : DetectionCause.SignalPhoton;
        r.TruthPhotonsD0 = CoincidenceLogic.PhotonEvents(v, 0);
        r.TruthPhotonsD1 = CoincidenceLogic.PhotonEvents(v, 1);
        Coincidences++;
        if (_batchCount == BatchSize) Flush();
    }

    /// <summary>Stream of a group (root seed + component name).</summary>
    protected Xoshiro256 StreamFor(string name) => new RngStreams(Config.Seed).StreamFor(name);
}

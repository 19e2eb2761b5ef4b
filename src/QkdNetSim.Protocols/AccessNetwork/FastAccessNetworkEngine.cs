using System.Runtime.CompilerServices;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Skip-ahead engine: cost grows with clicks, not gates.
/// <para>
/// Primary clicks (signal photons, dark counts) of gate g are independent Bernoulli trials of probability p_s, s = g mod N,
/// so with hazards lambda_s = -ln(1 - p_s), P(no primary click in gates g0..g) = exp(-sum of lambda over them). The next
/// primary click after g0 is therefore the first gate where that cumulative hazard passes E ~ Exp(1): with the frame's
/// prefix sums H_s = lambda_0 + ... + lambda_(s-1) and Lambda = H_N, E + H_(s0) = k Lambda + r with 0 &lt;= r &lt; Lambda gives
/// k whole frames skipped, then the bin s with H_s &lt;= r &lt; H_(s+1) (a binary search over N prefix sums). One exponential and
/// one search per click, whatever the users' distances: no queue over groups of bins.
/// </para>
/// <para>
/// Given a click, the intensity, bases, bit and click pattern come from the conditional law (alias table). Secondary clicks
/// (afterpulses, crosstalk) come from the detector pair's queue; a secondary landing in a gate without a primary click
/// draws the owner's settings from the law given no primary click, with a generator keyed by the gate. Every draw that
/// depends on the detector state is keyed by gate (or by avalanche); every other draw comes from the epoch's streams in an
/// order fixed by the primary clicks alone. So an epoch (a fixed span of gates, <see cref="AccessNetworkConfig.EpochGates"/>)
/// is a function of the detector state it starts from, which lets <see cref="EpochSessionRunner"/> run epochs in parallel and
/// stitch them exactly. At each epoch start the streams switch to the epoch's ("epoch/{e}/...") and the pending gap is redrawn
/// (geometric gaps are memoryless, so this is exact).
/// </para>
/// <para>
/// Tally-only runs (<see cref="CountClickedGates"/>) count each ordinary click by (bin, outcome index) and hand the counts to
/// the <see cref="IGateCountObserver"/> at the end of each advance; gates with a secondary click, hold-off or a double click
/// go through the per-gate path. Link states (issue 12) are constant between kernel events; when one changes, the laws of
/// every bin are rebuilt from that gate (<see cref="PrimaryClickModel.ForSlots"/>) and the pending gap is redrawn. All of this
/// is exact in distribution gate by gate; the one approximation is the per-gate law of light that reaches two gates (see
/// <see cref="PrimaryClickModel.ForSlots"/>). <see cref="PerPulseAccessNetworkEngine"/> is the reference that proves it.
/// </para>
/// </summary>
public sealed class FastAccessNetworkEngine : AccessNetworkEngine
{
    /// <summary>Largest hazard per gate: a click probability of 1 - e^-700 (p = 1 in double precision) is certain.</summary>
    private const double MaxHazard = 700;

    private PrimaryClickModel[] _modelBySlot = [];
    private Hazards _hazards = null!;
    private AliasTable[] _tableBySlot = [];  // each bin's law of the outcome given a primary click
    private byte[] _maskByOutcome = [];      // [slot * _stride + outcome]: detectors that click (bit d)
    private long _nextGate = long.MaxValue; // the next primary click: frame _nextFrame, bin _nextSlot
    private long _nextFrame;
    private int _nextSlot;
    private long _epoch = -1, _epochEndGate;
    private Xoshiro256 _primaryRng;        // "epoch/{e}/bins/primary": gaps and click outcomes
    private Xoshiro256 _trialRng;          // "epoch/{e}/receiver/avalanche-trials": the primary clicks' afterpulse and crosstalk trials
    private Xoshiro256 _truthRng;          // "epoch/{e}/bins/truth-photons"
    private AvalancheTrials _trials;
    private readonly ulong _secondaryGateKey; // "receiver/secondary-gates": settings of gates with only secondary clicks
    private long[] _counts = [];           // [slot * _stride + outcome]: counted clicks not yet handed to the count observer
    private int _stride;
    private readonly bool[] _slotCounted;
    private bool _anyCounted;

    /// <param name="laws">The bins' laws of the nominal link states (<see cref="PrimaryClickModel.ForSlots"/>), when the caller already built them.</param>
    public FastAccessNetworkEngine(AccessNetworkConfig config, IDetectionSink? sink, PrimaryClickModel[]? laws = null) : base(config, sink)
    {
        _secondaryGateKey = Streams.SeedFor("receiver/secondary-gates");
        _slotCounted = new bool[TimeBins];
        BuildLaws(laws);
        BeginEpoch(0);
    }

    /// <summary>
    /// Count ordinary clicked gates per (bin, outcome) and hand them to the <see cref="AccessNetworkEngine.GateObserver"/> as
    /// counts (it must be an <see cref="IGateCountObserver"/> that does not need gate order) at the end of each advance,
    /// instead of one call per gate. Only without a record sink.
    /// </summary>
    public bool CountClickedGates { get; set; }

    /// <summary>
    /// Starts this (fresh) engine at the first gate of epoch <paramref name="epoch"/>, as if every earlier gate had been
    /// simulated and had left the detectors idle (<see cref="EpochSessionRunner"/>).
    /// </summary>
    public void StartAtEpoch(long epoch)
    {
        if (ProcessedUntilGate != 0 || Counters.PrimaryEvents != 0) throw new InvalidOperationException("an engine starts at an epoch before it simulates anything");
        long start = checked(epoch * Config.EpochGates);
        StartAt(start);
        _epoch = -1; // nothing of epoch 0 to close
        BeginEpoch(epoch);
    }

    /// <summary>The epoch that contains the next gate to simulate.</summary>
    public long CurrentEpoch => _epoch;

    private void BuildLaws(PrimaryClickModel[]? laws = null)
    {
        _modelBySlot = laws ?? PrimaryClickModel.ForSlots(Config, LinkStates);
        _hazards = new Hazards(_modelBySlot.Select(m => m.ClickProbability).ToArray());
        _tableBySlot = _modelBySlot.Select(m => m.ClickTable).ToArray();
        _stride = _modelBySlot.Max(m => m.ClickOutcomes.Length);
        _counts = new long[TimeBins * _stride];
        _maskByOutcome = new byte[TimeBins * _stride];
        for (int s = 0; s < TimeBins; s++)
            for (int i = 0; i < _modelBySlot[s].ClickOutcomes.Length; i++)
            {
                ref readonly PrimaryOutcome o = ref _modelBySlot[s].ClickOutcomes[i];
                _maskByOutcome[s * _stride + i] = (byte)((o.Click0 ? 1 : 0) | (o.Click1 ? 2 : 0));
            }
    }

    /// <inheritdoc/>
    protected override void RebuildLaws()
    {
        BuildLaws();
        DrawNextPrimary(ProcessedUntilGate);
    }

    /// <summary>Switches to epoch <paramref name="epoch"/>'s streams at <see cref="AccessNetworkEngine.ProcessedUntilGate"/> and redraws the pending gap.</summary>
    private void BeginEpoch(long epoch)
    {
        if (_epoch >= 0) CloseEmissionInterval();
        _epoch = epoch;
        _epochEndGate = epoch >= long.MaxValue / Config.EpochGates - 1 ? long.MaxValue : (epoch + 1) * Config.EpochGates;
        _primaryRng = Streams.StreamFor("bins/primary", epoch);
        _trialRng = Streams.StreamFor("receiver/avalanche-trials", epoch);
        _truthRng = Streams.StreamFor("bins/truth-photons", epoch);
        _trials = new AvalancheTrials(Config.Detector, ref _trialRng);
        DrawNextPrimary(ProcessedUntilGate);
    }

    /// <summary>The first primary click at or after <paramref name="fromGate"/>, into _nextGate, _nextFrame and _nextSlot.</summary>
    private void DrawNextPrimary(long fromGate)
    {
        long frame = fromGate / TimeBins;
        int slot = (int)(fromGate - frame * TimeBins) - 1; // the search starts one bin after "slot"
        _nextGate = _hazards.Next(ref _primaryRng, ref frame, ref slot);
        _nextFrame = frame;
        _nextSlot = slot;
    }

    /// <summary>
    /// The frame's cumulative hazards for the skip-ahead of the class comment: prefix sums H_s, Lambda = H_N, and a guide
    /// table (Chen and Asau, J. Chin. Inst. Eng. 1974) of max(64, 16N) equal cells of [0, Lambda), each pointing at the bin
    /// where it starts, so the search for a bin starts at most a step or two before it and rarely needs a step.
    /// </summary>
    private sealed class Hazards
    {
        private readonly double[] _prefix;
        private readonly int[] _guide;
        private readonly double _frame, _invFrame, _guideScale;
        private readonly int _bins;

        public Hazards(double[] clickProbabilities)
        {
            _bins = clickProbabilities.Length;
            _prefix = new double[_bins + 1];
            for (int s = 0; s < _bins; s++)
            {
                double p = clickProbabilities[s];
                double lambda = p <= 0 ? 0 : p >= 1 ? MaxHazard : Math.Min(MaxHazard, -1.0 / Samplers.InvLogOneMinus(p));
                _prefix[s + 1] = _prefix[s] + lambda;
            }
            _frame = _prefix[_bins];
            _invFrame = _frame > 0 ? 1 / _frame : 0;
            int cells = Math.Max(64, 16 * _bins);
            _guide = new int[cells];
            _guideScale = _frame > 0 ? cells / _frame : 0;
            for (int c = 0, bin = 0; c < cells; c++)
            {
                double at = c * _frame / cells;
                while (bin < _bins - 1 && _prefix[bin + 1] <= at) bin++;
                _guide[c] = bin;
            }
        }

        /// <summary>
        /// The first primary click after bin <paramref name="slot"/> of frame <paramref name="frame"/> (bin -1: from the frame's
        /// start): its gate, with <paramref name="frame"/> and <paramref name="slot"/> moved to it; long.MaxValue if none comes.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Next(ref Xoshiro256 rng, ref long frame, ref int slot)
        {
            if (!(_frame > 0)) return long.MaxValue; // no click possible
            int s0 = slot + 1;
            if (s0 == _bins) { frame++; s0 = 0; }
            double[] h = _prefix;
            double t = h[s0] + ZigguratExponential.Next(ref rng);
            double k = Math.Floor(t * _invFrame), r = t - k * _frame;
            if (r < 0) { k--; r += _frame; }           // rounding of k: keep 0 <= r < Lambda
            else if (r >= _frame) { k++; r -= _frame; }
            int s = _guide[Math.Min((int)(r * _guideScale), _guide.Length - 1)];
            while (h[s + 1] <= r) s++;
            if (!(k < 1e15)) return long.MaxValue; // beyond any session
            frame += (long)k;
            slot = s;
            return frame * _bins + s;
        }
    }

    public override void AdvanceTo(long endGate)
    {
        ApplyLinkChanges();
        while (ProcessedUntilGate < endGate)
        {
            if (ProcessedUntilGate >= _epochEndGate) { FlushCounts(ProcessedUntilGate); BeginEpoch(_epoch + 1); }
            long stop = Math.Min(endGate, _epochEndGate);
            Run(stop);
            ProcessedUntilGate = stop;
        }
        FlushCounts(ProcessedUntilGate);
    }

    /// <summary>Every gate before <paramref name="stop"/> (within the epoch): primary clicks and secondaries merged by gate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the hot loop: optimized at once, not through on-stack replacement
    private void Run(long stop)
    {
        bool counting = CountClickedGates && !HasRecordSink && GateObserver is IGateCountObserver;
        // The loop's state in locals (registers), written back when it stops.
        Hazards hazards = _hazards;
        AliasTable[] tables = _tableBySlot;
        byte[] masks = _maskByOutcome;
        long[] counts = _counts;
        int stride = _stride;
        GatedDetectorPair pair = Detectors;
        var rng = _primaryRng;
        long gate = _nextGate, frame = _nextFrame, primaries = 0;
        int slot = _nextSlot;
        while (true)
        {
            long secondary = pair.NextSecondaryGate;
            if (secondary < gate)
            {
                if (secondary >= stop) break;
                SecondaryGate(secondary);
                continue;
            }
            if (gate >= stop) break;
            int index = tables[slot].Sample(ref rng);
            int mask = masks[slot * stride + index];
            primaries++;
            // The trials of every potential avalanche (see AvalancheTrials), detector 0's first; which detector is data, not a branch.
            _trials.Next(ref _trialRng, out long ap, out long xt);
            if (counting && secondary != gate && mask != 3 && !pair.IsBlind(mask >> 1, gate))
            {
                counts[slot * stride + index]++;
                _slotCounted[slot] = true;
                _anyCounted = true;
                pair.OnAvalanche(gate, mask >> 1, ap, xt);
            }
            else
            {
                long ap1 = 0, xt1 = 0;
                if (mask == 3) _trials.Next(ref _trialRng, out ap1, out xt1);
                PrimaryClickModel model = _modelBySlot[slot];
                PrimaryGate(gate, slot, model, in model.ClickOutcomes[index], mask == 2
                    ? new DrawnTrials(false, 0, 0, true, ap, xt)
                    : new DrawnTrials(true, ap, xt, mask == 3, ap1, xt1));
            }
            gate = hazards.Next(ref rng, ref frame, ref slot);
        }
        _primaryRng = rng;
        _nextGate = gate;
        _nextFrame = frame;
        _nextSlot = slot;
        Counters.PrimaryEvents += primaries;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    private void PrimaryGate(long gate, int slot, PrimaryClickModel model, in PrimaryOutcome o, in DrawnTrials trials)
    {
        int user = SlotOwner[slot];
        var clicks = new ClickPair();
        sbyte aliceBasis = -1, aliceBit = -1, intensity = -1;
        short photons = -1;
        if (o.Click0) clicks.Set(0, o.Photon0 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount);
        if (o.Click1) clicks.Set(1, o.Photon1 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount);
        if (user >= 0)
        {
            aliceBasis = o.AliceBasis; aliceBit = o.AliceBit; intensity = o.Intensity;
            if (DrawTruthPhotons) photons = TruthPhotons(ref _truthRng, in o, o.Own0, o.Own1);
            SampledIntensityCounts[user][intensity]++;
            SampledPulses[user]++;
        }
        Detectors.CollectSecondaries(gate, ref clicks);
        EmitClicks(gate, slot, user, o.BobBasis, aliceBasis, aliceBit, intensity, photons, ref clicks, in trials);
    }

    /// <summary>A gate with secondary clicks only: the owner's settings given no primary click, from the gate's own generator.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    private void SecondaryGate(long gate)
    {
        var clicks = new ClickPair();
        Detectors.CollectSecondaries(gate, ref clicks);
        if (!clicks.Any) return;
        int slot = (int)(gate % TimeBins);
        int user = SlotOwner[slot];
        PrimaryClickModel model = _modelBySlot[slot];
        var rng = new Xoshiro256(SplitMix64.Mix(_secondaryGateKey ^ SplitMix64.Mix((ulong)gate)));
        byte bobBasis;
        sbyte aliceBasis = -1, aliceBit = -1, intensity = -1;
        short photons = -1;
        if (user >= 0)
        {
            ref readonly PrimaryOutcome o = ref model.NoClickOutcomes![model.NoClickTable!.Sample(ref rng)];
            bobBasis = o.BobBasis;
            aliceBasis = o.AliceBasis; aliceBit = o.AliceBit; intensity = o.Intensity;
            if (DrawTruthPhotons) photons = TruthPhotons(ref rng, in o, false, false);
            SampledIntensityCounts[user][intensity]++;
            SampledPulses[user]++;
        }
        else if (model.NoClickTable is { } empty) bobBasis = model.NoClickOutcomes![empty.Sample(ref rng)].BobBasis; // background light makes b matter
        else bobBasis = rng.NextDouble() < Config.BobBasis0Probability ? (byte)0 : (byte)1;
        EmitClicks(gate, slot, user, bobBasis, aliceBasis, aliceBit, intensity, photons, ref clicks, default);
    }

    /// <summary>Hands the counted clicks to the count observer, as spans ending before <paramref name="endGate"/>, and adds them to the counters.</summary>
    private void FlushCounts(long endGate)
    {
        if (!_anyCounted) return;
        _anyCounted = false;
        var observer = GateObserver as IGateCountObserver;
        for (int slot = 0; slot < TimeBins; slot++)
        {
            if (!_slotCounted[slot]) continue;
            _slotCounted[slot] = false;
            int user = SlotOwner[slot];
            PrimaryOutcome[] outcomes = _modelBySlot[slot].ClickOutcomes;
            for (int i = 0; i < outcomes.Length; i++)
            {
                ref long c = ref _counts[slot * _stride + i];
                if (c == 0) continue;
                long n = c;
                c = 0;
                ref readonly PrimaryOutcome o = ref outcomes[i];
                int d = o.Click0 ? 0 : 1;
                bool photon = d == 0 ? o.Photon0 : o.Photon1;
                Counters.DetectionGates += n;
                Counters.ClickRows += n;
                Counters.ClicksByCause[(int)(photon ? DetectionCause.SignalPhoton : DetectionCause.DarkCount)] += n;
                if (user >= 0)
                {
                    SampledIntensityCounts[user][o.Intensity] += n;
                    SampledPulses[user] += n;
                    observer?.OnGates(endGate, slot, user, o.Intensity, o.AliceBasis, o.AliceBit, o.BobBasis, 1 << d, n);
                }
                else observer?.OnGates(endGate, slot, -1, -1, -1, -1, o.BobBasis, 1 << d, n);
            }
        }
    }

    /// <summary>Emitted photon number given the outcome: detected photons per detector (zero-truncated Poisson where an own photon caused the click) plus lost photons (Poisson), independent by Poisson splitting.</summary>
    private static short TruthPhotons(ref Xoshiro256 rng, in PrimaryOutcome o, bool own0, bool own1)
    {
        long n = o.MeanLost > 0 ? Samplers.PoissonInversion(ref rng, o.MeanLost, o.ExpMinusLost) : 0;
        if (own0) n += Samplers.ZeroTruncatedPoisson(ref rng, o.MeanDetected0, o.OneGivenDetected0);
        if (own1) n += Samplers.ZeroTruncatedPoisson(ref rng, o.MeanDetected1, o.OneGivenDetected1);
        return (short)Math.Min(n, short.MaxValue);
    }

    /// <inheritdoc/>
    public override double[] UnobservedIntensityLaw(int userIndex) =>
        _modelBySlot[Config.Users[userIndex].Slot].IntensityGivenNoClick;
}

using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Skip-ahead engine: cost grows with clicks, not gates. Time bins with the same primary click probability form a
/// group whose gates are i.i.d. Bernoulli trials, so the next primary click of a group is a geometric gap away;
/// given a click, the intensity, bases, bit and click pattern come from the conditional law (alias table).
/// Secondary clicks (afterpulses, crosstalk) come from the detector pair's queue; a secondary landing in a user's
/// gate without a primary click draws the user's settings from the law conditioned on no primary click.
/// The groups' next clicks and the secondaries are merged by the kernel's (time, sequence) rule (<see cref="TimedQueue{T}"/>).
/// Link states (issue 12) are constant between kernel events; when one changes, the laws of every bin are rebuilt from
/// that gate (<see cref="PrimaryClickModel.ForSlots"/>) and each group's pending gap is redrawn from it: geometric gaps are
/// memoryless, so this is exact. All of this is exact in distribution gate by gate; the one approximation is the
/// per-gate law of light that reaches two gates (see <see cref="PrimaryClickModel.ForSlots"/>).
/// <see cref="PerPulseAccessNetworkEngine"/> is the reference that proves it.
/// </summary>
public sealed class FastAccessNetworkEngine : AccessNetworkEngine
{
    private PrimaryClickModel[] _modelBySlot = [];
    private BinGroup[] _groups = [];
    private readonly TimedQueue<int> _nextPrimary = new(); // each group's next primary click gate; payload: group index
    private readonly Xoshiro256[] _groupRng;                // "bins/group/{s}": the stream of the group whose first bin is s
    private readonly Xoshiro256[] _userRng;
    private Xoshiro256 _emptyBinRng;
    private readonly Xoshiro256[] _truthRng;
    private readonly long _binMask; // N - 1 when N is a power of two (gate mod N without a division), else -1

    private sealed class BinGroup
    {
        public required int Index;
        public required int[] Slots;
        /// <summary>1 / -ln(1 - P(click)): geometric gaps as floor(Exp(1) / lambda).</summary>
        public required double InvLambda;
        public required bool Never;
        public long Candidate;   // index in this group's gate sequence of the next primary click
        public long NextGate;
        public Xoshiro256 Rng;   // the stream of its first bin, handed back to _groupRng when the groups are rebuilt
    }

    public FastAccessNetworkEngine(AccessNetworkConfig config, IDetectionSink? sink) : base(config, sink)
    {
        _userRng = config.Users.Select(u => Streams.StreamFor($"user/{u.Index}/settings")).ToArray();
        _emptyBinRng = Streams.StreamFor("bins/empty");
        _truthRng = config.Users.Select(u => Streams.StreamFor($"user/{u.Index}/truth-photons")).ToArray();
        _groupRng = Enumerable.Range(0, TimeBins).Select(s => Streams.StreamFor($"bins/group/{s}")).ToArray();
        _binMask = (TimeBins & (TimeBins - 1)) == 0 ? TimeBins - 1 : -1;
        BuildLaws(0);
    }

    /// <summary>Builds every bin's law from the current link states and starts each group's gaps at <paramref name="fromGate"/>.</summary>
    private void BuildLaws(long fromGate)
    {
        foreach (var g in _groups) _groupRng[g.Slots[0]] = g.Rng;
        _modelBySlot = PrimaryClickModel.ForSlots(Config, LinkStates);
        // Bins with bit-identical click probabilities share one geometric stream.
        _groups = Enumerable.Range(0, TimeBins)
            .GroupBy(s => _modelBySlot[s].ClickProbability)
            .OrderBy(g => g.Min())
            .Select((g, i) => new BinGroup
            {
                Index = i,
                Slots = g.OrderBy(s => s).ToArray(),
                InvLambda = -_modelBySlot[g.First()].InvLogNoClick,
                Never = _modelBySlot[g.First()].ClickProbability <= 0,
                Rng = _groupRng[g.Min()],
            })
            .ToArray();
        _nextPrimary.Clear();
        long frame = fromGate / TimeBins, firstSlot = fromGate - frame * TimeBins;
        foreach (var g in _groups)
        {
            g.Candidate = frame * g.Slots.Length + g.Slots.Count(s => s < firstSlot) - 1;
            AdvanceGroup(g);
            _nextPrimary.Push(g.NextGate, g.Index);
        }
    }

    /// <inheritdoc/>
    protected override void RebuildLaws() => BuildLaws(ProcessedUntilGate);

    private void AdvanceGroup(BinGroup g)
    {
        if (g.Never) { g.NextGate = long.MaxValue; return; }
        g.Candidate += 1 + Samplers.GeometricFailuresFast(ref g.Rng, g.InvLambda);
        long m = g.Slots.Length;
        long frame = m == 1 ? g.Candidate : g.Candidate / m;
        g.NextGate = frame > long.MaxValue / (2L * TimeBins) ? long.MaxValue : frame * TimeBins + g.Slots[g.Candidate - frame * m];
    }

    public override void AdvanceTo(long endGate)
    {
        ApplyLinkChanges();
        var next = _nextPrimary;
        while (true)
        {
            long gate = next.PeekTime, secondary = Detectors.NextSecondaryGate;
            if (secondary < gate)
            {
                if (secondary >= endGate) break;
                ProcessGate(secondary, null);
            }
            else
            {
                if (gate >= endGate) break;
                ProcessGate(gate, _groups[next.PeekPayload]);
            }
        }
        ProcessedUntilGate = Math.Max(ProcessedUntilGate, endGate);
    }

    private void ProcessGate(long gate, BinGroup? primaryGroup)
    {
        int slot = _binMask >= 0 ? (int)(gate & _binMask) : (int)(gate % TimeBins);
        int user = SlotOwner[slot];
        var clicks = new ClickPair();
        byte bobBasis;
        sbyte aliceBasis = -1, aliceBit = -1, intensity = -1;
        short photons = -1;
        PrimaryClickModel model = _modelBySlot[slot];
        ref Xoshiro256 rng = ref user >= 0 ? ref _userRng[user] : ref _emptyBinRng;
        if (primaryGroup != null)
        {
            Counters.PrimaryEvents++;
            ref readonly PrimaryOutcome o = ref model.ClickOutcomes[model.ClickTable.Sample(ref rng)];
            bobBasis = o.BobBasis;
            bool photon0 = o.Photon0, photon1 = o.Photon1;
            if (o.Click0) clicks.Set(0, photon0 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount);
            if (o.Click1) clicks.Set(1, photon1 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount);
            if (user >= 0)
            {
                aliceBasis = o.AliceBasis; aliceBit = o.AliceBit; intensity = o.Intensity;
                if (DrawTruthPhotons) photons = TruthPhotons(ref _truthRng[user], in o, o.Own0, o.Own1);
                SampledIntensityCounts[user][intensity]++;
                SampledPulses[user]++;
            }
            AdvanceGroup(primaryGroup);
            _nextPrimary.ReplaceTop(primaryGroup.NextGate, primaryGroup.Index);
            Detectors.CollectSecondaries(gate, ref clicks);
        }
        else
        {
            Detectors.CollectSecondaries(gate, ref clicks);
            if (!clicks.Any) return;
            if (user >= 0)
            {
                ref readonly PrimaryOutcome o = ref model.NoClickOutcomes![model.NoClickTable!.Sample(ref rng)];
                bobBasis = o.BobBasis;
                aliceBasis = o.AliceBasis; aliceBit = o.AliceBit; intensity = o.Intensity;
                if (DrawTruthPhotons) photons = TruthPhotons(ref _truthRng[user], in o, false, false);
                SampledIntensityCounts[user][intensity]++;
                SampledPulses[user]++;
            }
            else if (model.NoClickTable is { } empty) bobBasis = model.NoClickOutcomes![empty.Sample(ref rng)].BobBasis; // background light makes b matter
            else bobBasis = DrawBobBasis();
        }
        EmitClicks(gate, slot, user, bobBasis, aliceBasis, aliceBit, intensity, photons, ref clicks);
    }

    /// <summary>Emitted photon number given the outcome: detected photons per detector (zero-truncated Poisson where an own photon caused the click) plus lost photons (Poisson), independent by Poisson splitting.</summary>
    private static short TruthPhotons(ref Xoshiro256 rng, in PrimaryOutcome o, bool own0, bool own1)
    {
        long n = o.MeanLost > 0 ? Samplers.PoissonInversion(ref rng, o.MeanLost, o.ExpMinusLost) : 0;
        if (own0) n += Samplers.ZeroTruncatedPoisson(ref rng, o.MeanDetected0, o.OneGivenDetected0);
        if (own1) n += Samplers.ZeroTruncatedPoisson(ref rng, o.MeanDetected1, o.OneGivenDetected1);
        return (short)Math.Min(n, short.MaxValue);
    }

    protected override double[] UnobservedIntensityLaw(int userIndex) =>
        _modelBySlot[Config.Users[userIndex].Slot].IntensityGivenNoClick;
}

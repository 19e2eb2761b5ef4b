using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Block-sampling engine (issue 12): each call of <see cref="AdvanceTo"/> draws the counts of every gate in
/// [<see cref="AccessNetworkEngine.ProcessedUntilGate"/>, endGate) at once from the per-gate law of that span's constant
/// parameters, and hands them to a <see cref="IGateCountObserver"/>; it writes no per-click records. Cost grows with
/// spans x bins x outcomes, not with gates or clicks. Link states set between spans (kernel processes) rebuild the
/// per-bin laws (<see cref="RebuildLaws"/>) before the next span.
/// <para><b>Primary clicks: exact.</b> A span holds G_r = #{g in [a, b): g mod N = r} gates of bin r, i.i.d. under the
/// bin's <see cref="PrimaryClickModel"/>. The clicked gates are C_r ~ Binomial(G_r, P(click)); given C_r, their outcomes
/// (intensity, Alice basis, bit, Bob basis, click pattern with its causes) are Multinomial(C_r, P(outcome | click))
/// (<see cref="PrimaryClickModel.ClickWeights"/>), and the intensities of the G_r - C_r unclicked gates are
/// Multinomial(G_r - C_r, <see cref="PrimaryClickModel.IntensityGivenNoClick"/>). So the emitted pulses per intensity and
/// the primary counts are exact in distribution for every span.</para>
/// <para><b>Secondary clicks (afterpulses, crosstalk): stationary rates.</b> Every avalanche on detector d triggers a
/// secondary of kind k (afterpulse, crosstalk; both on d, as in <see cref="GatedDetectorPair"/>) with probability p_k
/// (<see cref="GatedApdModel"/>), so given the span's A_d avalanches the secondaries are M ~ Binomial(A_d, p_k). Each lands
/// at its parent's gate plus a delay D ~ <see cref="GateDelayDistribution"/>: its parent's bin s is drawn with probability
/// A_{d,s} / A_d and its bin is (s + D) mod N. The landed secondaries are avalanches of the next generation, drawn the same
/// way until a generation is empty (mean branching p_A + p_X &lt; 1). Approximations: (i) a secondary lands in the span of
/// its parent (the delay, ~2000 gates for seed 004, is tiny against a span); (ii) parents are drawn with replacement
/// (a parent may have both an afterpulse and a crosstalk child, and the fast engine lets one avalanche have at most one
/// of each; both give the same mean); (iii) a secondary lands in a gate without a primary click and without another
/// secondary (the fast engine merges coincident clicks on one detector and makes a double click of clicks on both:
/// relative effect ~ P(click per gate), 1e-3 or less), so its settings are drawn from the landing bin's law given no
/// primary click (<see cref="PrimaryClickModel.NoClickWeights"/>; an empty bin draws only Bob's basis), independently of
/// the unclicked gates' intensity draw (a few secondaries among ~1e9 unclicked gates).</para>
/// <para><b>Hold-off: a survival factor.</b> With hold-off H gates, a click on detector d in a gate of bin r survives if d
/// had no avalanche in the H gates before: S_{r,d} = prod_{j=1..H} (1 - q_{d,(r-j) mod N}), with q_{d,s} the per-gate
/// avalanche probability of d in bin s, P(primary click on d) plus the stationary secondaries
/// sum_s' q'_{d,s'} kappa((s - s') mod N) (<see cref="GatedApdModel.SecondaryLandingProbability"/>). A secondary also
/// needs its own parent's hold-off to have ended: a factor P(D &gt; H) of its kind, and the survivors land by the delay law
/// given D &gt; H (the killed ones are exactly the short delays, which land in the bins just after the parent's). Each click is thinned independently
/// (a double click becomes both / one / none with S_0 S_1, S_0 (1 - S_1), (1 - S_0) S_1). This treats the avalanches of
/// the H gates before as independent of the click (exact for primaries up to the secondaries' correlations, first order in H q).</para>
/// <para>Truth counters (<see cref="AccessNetworkEngine.Counters"/>) count the drawn clicks per cause; no truth photon
/// numbers exist. The per-gate <see cref="AccessNetworkEngine.GateObserver"/> and the record sink are never called.</para>
/// </summary>
public sealed class BlockSamplingAccessEngine : AccessNetworkEngine
{
    private const int Afterpulse = 0, Crosstalk = 1, MaxGenerations = 200;

    private readonly Xoshiro256[] _binRng;
    private Xoshiro256 _secondaryRng;
    private readonly double[] _perAvalanche;         // p_k per kind
    private readonly GateDelayDistribution[] _delay; // D per kind
    private readonly double[] _keepAfterParentHoldoff; // P(D > H) per kind
    private readonly long[][] _avalanches = { Array.Empty<long>(), Array.Empty<long>() }, _nextAvalanches = { Array.Empty<long>(), Array.Empty<long>() };
    private readonly long[] _landed;
    private readonly double[][] _offsetModN;           // P(D = r mod N | D > H) per kind
    private readonly AliasTable?[] _offsetTable;       // the same, for single draws
    private readonly double[] _landingWeights, _landingTail;
    private long[] _scratch = new long[16];
    private SlotLaw[] _laws = Array.Empty<SlotLaw>();
    private bool _built;

    /// <summary>One bin's laws for the current link states, and its counts of the span being drawn.</summary>
    private sealed class SlotLaw
    {
        public required PrimaryClickModel Model;
        public required int User;                   // -1: empty bin (or user's link inactive)
        public required MultinomialTable ClickTable; // over Model.ClickOutcomes
        public required int[] ClickSetting;         // settings index of each click outcome
        public required MultinomialTable NoClickTable; // over the settings, given no primary click
        public required sbyte[] Intensity, AliceBasis, AliceBit;
        public required byte[] BobBasis;            // per settings index
        public MultinomialTable? IntensityTable;     // unclicked gates' intensities (user bins)
        public double Survival0 = 1, Survival1 = 1;  // hold-off S_{r,d}
        public required long[] Counts;              // [setting * 4 + detector mask] of the span
    }

    /// <summary>Receives each span's counts (the tallies); the engine writes no records.</summary>
    public IGateCountObserver? CountObserver { get; set; }

    /// <summary>When positive, spans are cut at multiples of this many gates (a time-series block never straddles a span).</summary>
    public long SpanBoundaryGates { get; set; }

    public BlockSamplingAccessEngine(AccessNetworkConfig config) : base(config, sink: null)
    {
        _binRng = Enumerable.Range(0, TimeBins).Select(s => Streams.StreamFor($"blocks/bin/{s}")).ToArray();
        _secondaryRng = Streams.StreamFor("blocks/secondaries");
        var det = config.Detector;
        _perAvalanche = new[] { det.AfterpulsePerAvalanche, det.CrosstalkPerAvalanche };
        _delay = new[] { det.AfterpulseDelay, det.CrosstalkDelay };
        _keepAfterParentHoldoff = _delay.Select(d => KeepAfterHoldoff(d, det.HoldoffGates)).ToArray();
        for (int d = 0; d < 2; d++) { _avalanches[d] = new long[TimeBins]; _nextAvalanches[d] = new long[TimeBins]; }
        _landed = new long[TimeBins];
        _offsetModN = _delay.Select(d => OffsetModNAfterHoldoff(d, det.HoldoffGates, TimeBins)).ToArray();
        _offsetTable = _offsetModN.Select(w => w.Sum() > 0 ? new AliasTable(w) : null).ToArray();
        _landingWeights = new double[TimeBins];
        _landingTail = new double[TimeBins];
    }

    /// <summary>P(D = r mod N | D &gt; H): where the secondaries that outlive their parent's hold-off land (D &lt;= H are the killed ones).</summary>
    private static double[] OffsetModNAfterHoldoff(GateDelayDistribution delay, int holdoffGates, int n)
    {
        var w = Enumerable.Range(0, n).Select(r => delay.ProbabilityModulo(r, n)).ToArray();
        for (int d = 1; d <= holdoffGates; d++) w[d % n] -= delay.Probability(d);
        double total = 0;
        for (int r = 0; r < n; r++) total += w[r] = Math.Max(0, w[r]);
        return total > 0 ? w.Select(v => v / total).ToArray() : w;
    }

    private static double KeepAfterHoldoff(GateDelayDistribution delay, int holdoffGates)
    {
        double within = 0;
        for (int d = 1; d <= holdoffGates; d++) within += delay.Probability(d);
        return Math.Max(0, 1 - within);
    }

    /// <summary>Every bin's laws under the current link states (<see cref="PrimaryClickModel.ForSlots"/>, as the fast engine's).</summary>
    protected override void RebuildLaws()
    {
        _laws = PrimaryClickModel.ForSlots(Config, LinkStates).Select(BuildLaw).ToArray();
        if (Config.Detector.HoldoffGates > 0) SetSurvival();
        _built = true;
    }

    private SlotLaw BuildLaw(PrimaryClickModel m)
    {
        int user = m.User?.Index ?? -1;
        int settings;
        sbyte[] intensity, aliceBasis, aliceBit;
        byte[] bobBasis;
        MultinomialTable noClick;
        int[] clickSetting = new int[m.ClickOutcomes.Length];
        if (user >= 0)
        {
            var outcomes = m.NoClickOutcomes!;
            settings = outcomes.Length;
            intensity = outcomes.Select(o => o.Intensity).ToArray();
            aliceBasis = outcomes.Select(o => o.AliceBasis).ToArray();
            aliceBit = outcomes.Select(o => o.AliceBit).ToArray();
            bobBasis = outcomes.Select(o => o.BobBasis).ToArray();
            var index = new Dictionary<(int, int, int, int), int>();
            for (int i = 0; i < settings; i++) index[(intensity[i], aliceBasis[i], aliceBit[i], bobBasis[i])] = i;
            for (int i = 0; i < clickSetting.Length; i++)
            {
                var o = m.ClickOutcomes[i];
                clickSetting[i] = index[(o.Intensity, o.AliceBasis, o.AliceBit, o.BobBasis)];
            }
            noClick = new MultinomialTable(m.NoClickWeights!);
        }
        else
        {
            settings = 2; // Bob's basis only
            intensity = new sbyte[] { -1, -1 };
            aliceBasis = intensity;
            aliceBit = intensity;
            bobBasis = new byte[] { 0, 1 };
            for (int i = 0; i < clickSetting.Length; i++) clickSetting[i] = m.ClickOutcomes[i].BobBasis;
            noClick = new MultinomialTable(new[] { Config.BobBasis0Probability, 1 - Config.BobBasis0Probability });
        }
        int width = Math.Max(Math.Max(m.ClickOutcomes.Length, settings), m.IntensityGivenNoClick.Length);
        if (_scratch.Length < width) _scratch = new long[width];
        return new SlotLaw
        {
            Model = m, User = user, ClickTable = new MultinomialTable(m.ClickWeights), ClickSetting = clickSetting, NoClickTable = noClick,
            Intensity = intensity, AliceBasis = aliceBasis, AliceBit = aliceBit, BobBasis = bobBasis,
            IntensityTable = user >= 0 ? new MultinomialTable(m.IntensityGivenNoClick) : null,
            Counts = new long[settings * 4],
        };
    }

    /// <summary>Hold-off survival S_{r,d} of the class comment, from each bin's per-gate avalanche probability q_{d,r}.</summary>
    private void SetSurvival()
    {
        int n = TimeBins, h = Config.Detector.HoldoffGates;
        var primary = new double[2, n];
        for (int r = 0; r < n; r++)
        {
            var m = _laws[r].Model;
            for (int i = 0; i < m.ClickOutcomes.Length; i++)
            {
                if (m.ClickOutcomes[i].Click0) primary[0, r] += m.ClickProbability * m.ClickWeights[i];
                if (m.ClickOutcomes[i].Click1) primary[1, r] += m.ClickProbability * m.ClickWeights[i];
            }
        }
        for (int d = 0; d < 2; d++)
        {
            var logNoAvalanche = new double[n];
            for (int r = 0; r < n; r++)
            {
                double q = primary[d, r];
                for (int s = 0; s < n; s++) q += primary[d, s] * Config.Detector.SecondaryLandingProbability(Config.Separation(s, r), n);
                logNoAvalanche[r] = Math.Log(1 - Math.Min(q, 1 - 1e-15));
            }
            double fullFrames = (double)(h / n) * logNoAvalanche.Sum();
            for (int r = 0; r < n; r++)
            {
                double log = fullFrames;
                for (int j = 1; j <= h % n; j++) log += logNoAvalanche[((r - j) % n + n) % n];
                if (d == 0) _laws[r].Survival0 = Math.Exp(log); else _laws[r].Survival1 = Math.Exp(log);
            }
        }
    }

    public override void AdvanceTo(long endGate)
    {
        if (endGate <= ProcessedUntilGate) return;
        if (!_built) RebuildLaws();
        ApplyLinkChanges();
        long start = ProcessedUntilGate;
        while (start < endGate)
        {
            long stop = endGate;
            if (SpanBoundaryGates > 0) stop = Math.Min(stop, (start / SpanBoundaryGates + 1) * SpanBoundaryGates);
            DrawSpan(start, stop);
            start = stop;
            ProcessedUntilGate = stop;
        }
    }

    private void DrawSpan(long start, long end)
    {
        for (int d = 0; d < 2; d++) Array.Clear(_avalanches[d]);
        for (int r = 0; r < TimeBins; r++) DrawPrimaries(r, Config.PulsesInSlot(r, end) - Config.PulsesInSlot(r, start));
        DrawSecondaries();
        for (int r = 0; r < TimeBins; r++) Emit(r, end);
    }

    private void DrawPrimaries(int r, long gates)
    {
        if (gates == 0) return;
        var law = _laws[r];
        var m = law.Model;
        ref Xoshiro256 rng = ref _binRng[r];
        int owner = SlotOwner[r];
        if (owner >= 0) SampledPulses[owner] += gates; // every gate of the bin is accounted for (none left for the unobserved draw)
        long clicked = m.ClickProbability > 0 ? Samplers.BinomialMeanSplit(ref rng, gates, m.ClickProbability) : 0;
        Span<long> scratch = _scratch;
        if (law.User >= 0)
        {
            long[] emitted = SampledIntensityCounts[law.User];
            law.IntensityTable!.Sample(ref rng, gates - clicked, scratch);
            for (int k = 0; k < emitted.Length; k++) emitted[k] += scratch[k];
        }
        if (clicked == 0) return;
        Counters.PrimaryEvents += clicked;
        law.ClickTable.Sample(ref rng, clicked, scratch);
        for (int i = 0; i < law.ClickSetting.Length; i++)
        {
            long c = scratch[i];
            if (c == 0) continue;
            ref readonly PrimaryOutcome o = ref m.ClickOutcomes[i];
            if (law.User >= 0) SampledIntensityCounts[law.User][o.Intensity] += c;
            var cause0 = o.Photon0 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount;
            var cause1 = o.Photon1 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount;
            int mask = (o.Click0 ? 1 : 0) | (o.Click1 ? 2 : 0);
            ThinAndRecord(ref rng, law, r, law.ClickSetting[i], mask, c, cause0, cause1, law.Survival0, law.Survival1, _avalanches);
        }
    }

    /// <summary>Hold-off thinning of c gates with this click pattern (survival s0, s1 per detector), then <see cref="Record"/>.</summary>
    private void ThinAndRecord(ref Xoshiro256 rng, SlotLaw law, int r, int setting, int mask, long c,
        DetectionCause cause0, DetectionCause cause1, double s0, double s1, long[][] avalanches)
    {
        if (Config.Detector.HoldoffGates == 0 || (s0 >= 1 && s1 >= 1))
        {
            Record(law, r, setting, mask, c, cause0, cause1, avalanches);
            return;
        }
        if (mask == 1) Record(law, r, setting, 1, Samplers.BinomialMeanSplit(ref rng, c, s0), cause0, cause1, avalanches);
        else if (mask == 2) Record(law, r, setting, 2, Samplers.BinomialMeanSplit(ref rng, c, s1), cause0, cause1, avalanches);
        else
        {
            long both = Samplers.BinomialMeanSplit(ref rng, c, s0 * s1);
            long rest = c - both;
            double notBoth = 1 - s0 * s1;
            long only0 = notBoth > 0 ? Samplers.BinomialMeanSplit(ref rng, rest, Math.Clamp(s0 * (1 - s1) / notBoth, 0, 1)) : 0;
            long only1 = Samplers.BinomialMeanSplit(ref rng, rest - only0, s1);
            Record(law, r, setting, 3, both, cause0, cause1, avalanches);
            Record(law, r, setting, 1, only0, cause0, cause1, avalanches);
            Record(law, r, setting, 2, only1, cause0, cause1, avalanches);
        }
    }

    private void Record(SlotLaw law, int r, int setting, int mask, long c, DetectionCause cause0, DetectionCause cause1, long[][] avalanches)
    {
        if (c == 0) return;
        law.Counts[setting * 4 + mask] += c;
        Counters.DetectionGates += c;
        if ((mask & 1) != 0) { Counters.ClickRows += c; Counters.ClicksByCause[(int)cause0] += c; avalanches[0][r] += c; }
        if ((mask & 2) != 0) { Counters.ClickRows += c; Counters.ClicksByCause[(int)cause1] += c; avalanches[1][r] += c; }
    }

    /// <summary>Generations of secondaries from the span's avalanches, as the class comment derives.</summary>
    private void DrawSecondaries()
    {
        ref Xoshiro256 rng = ref _secondaryRng;
        for (int generation = 0; generation < MaxGenerations; generation++)
        {
            bool any = false;
            for (int d = 0; d < 2; d++) Array.Clear(_nextAvalanches[d]);
            for (int d = 0; d < 2; d++)
            {
                long[] parents = _avalanches[d];
                long total = 0;
                foreach (long a in parents) total += a;
                if (total == 0) continue;
                for (int kind = Afterpulse; kind <= Crosstalk; kind++)
                {
                    if (_offsetTable[kind] is null) continue; // every secondary of this kind falls in its parent's hold-off
                    long children = Samplers.BinomialMeanSplit(ref rng, total, _perAvalanche[kind]);
                    if (children == 0) continue;
                    Land(ref rng, parents, total, kind, children);
                    var cause = kind == Afterpulse ? DetectionCause.Afterpulse : DetectionCause.Crosstalk;
                    for (int r = 0; r < TimeBins; r++)
                    {
                        long c = _landed[r];
                        if (c == 0) continue;
                        var law = _laws[r];
                        double keep = _keepAfterParentHoldoff[kind] * (d == 0 ? law.Survival0 : law.Survival1);
                        if (keep < 1) c = Samplers.BinomialMeanSplit(ref rng, c, keep);
                        if (c == 0) continue;
                        any = true;
                        Span<long> scratch = _scratch;
                        law.NoClickTable.Sample(ref rng, c, scratch);
                        for (int setting = 0; setting < law.BobBasis.Length; setting++)
                            Record(law, r, setting, 1 << d, scratch[setting], cause, cause, _nextAvalanches);
                    }
                }
            }
            if (!any) break;
            for (int d = 0; d < 2; d++) (_avalanches[d], _nextAvalanches[d]) = (_nextAvalanches[d], _avalanches[d]);
        }
    }

    /// <summary>
    /// Landing bins of <paramref name="children"/> secondaries of one kind: each is i.i.d. with P(r) = w_r =
    /// sum_s (A_s / A) P(D = (r - s) mod N | D &gt; H). Few children are drawn one by one (parent bin, then delay); many by
    /// Multinomial(children, w), with w computed by the cyclic convolution (cost N^2, independent of the count).
    /// </summary>
    private void Land(ref Xoshiro256 rng, long[] parents, long total, int kind, long children)
    {
        Array.Clear(_landed);
        int n = TimeBins;
        if (children <= 4L * n)
        {
            for (long i = 0; i < children; i++)
            {
                long pick = (long)(rng.NextDouble() * total), acc = 0; // parent bin with probability A_s / A
                int s = 0;
                while ((acc += parents[s]) <= pick && s < n - 1) s++;
                _landed[(s + _offsetTable[kind]!.Sample(ref rng)) % n]++;
            }
            return;
        }
        double[] offset = _offsetModN[kind], w = _landingWeights;
        Array.Clear(w);
        for (int s = 0; s < n; s++)
        {
            if (parents[s] == 0) continue;
            double a = (double)parents[s] / total;
            for (int r = 0; r < n; r++) w[r] += a * offset[((r - s) % n + n) % n];
        }
        double tail = 0;
        for (int r = n - 1; r >= 0; r--) { tail += w[r]; _landingTail[r] = tail; }
        long remaining = children;
        for (int r = 0; r < n - 1 && remaining > 0; r++)
        {
            long c = _landingTail[r] > 0 ? Samplers.BinomialMeanSplit(ref rng, remaining, Math.Clamp(w[r] / _landingTail[r], 0, 1)) : 0;
            _landed[r] = c;
            remaining -= c;
        }
        _landed[n - 1] += remaining;
    }

    private void Emit(int r, long endGate)
    {
        var law = _laws[r];
        long[] counts = law.Counts;
        for (int setting = 0; setting < law.BobBasis.Length; setting++)
            for (int mask = 1; mask <= 3; mask++)
            {
                long c = counts[setting * 4 + mask];
                if (c == 0) continue;
                counts[setting * 4 + mask] = 0;
                CountObserver?.OnGates(endGate, r, law.User, law.Intensity[setting], law.AliceBasis[setting], law.AliceBit[setting],
                    law.BobBasis[setting], mask, c);
            }
    }

    public override double[] UnobservedIntensityLaw(int userIndex) =>
        Config.Users[userIndex].Source.Probabilities.ToArray(); // never used: every gate of every span is accounted for
}

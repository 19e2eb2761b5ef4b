using System.Runtime.CompilerServices;
using QkdNetSim.Core.Kernel;
using QkdNetSim.Detectors;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Skip-ahead engine: cost grows with candidate slots (both detectors of a module see an event), not with pulse pairs.
/// The groups' proposal streams are merged by the kernel's (time, sequence) rule (<see cref="TimedQueue{T}"/>); groups draw
/// from their own streams, so the order of two proposals in one slot changes no number, only the order of their records.
/// </summary>
/// <remarks>
/// <para>Exact thinning. For a joint setting j every module i has a closed-form bound U_i(j) &gt;= P(candidate | j, phases)
/// (<see cref="BsmOptics.CandidateUpperBound"/>). A slot is a proposal with probability Q = sum_j P(j) (1 - prod_i (1 - U_i(j))),
/// so the gap to the next proposal is geometric. At a proposal, j is drawn from P(j)(1 - prod(1 - U)), the proposed modules
/// given at least one, and each proposed module draws its phases from their prior and becomes a candidate with probability
/// P(both | phases) / U, its events then drawn conditioned on both detectors firing. This reproduces the joint law of the
/// candidate indicators exactly; a non-candidate module-slot's events follow P(events | j, not both).</para>
/// <para>Dead time reaches into earlier slots, so before registering a candidate's events each detector looks back:
/// earlier slots are materialised lazily (non-proposal slots draw j from P(j) prod(1 - U), module events from the
/// not-both law), once, in a ring buffer, until an event with no other event within one dead time before it (which must
/// have registered) or a slot whose end state is cached. The look-back is a few slots; cost stays per candidate.</para>
/// <para>Time-varying optics (a drifting relative delay, <see cref="MdiEngine.SetRelativeDelaysPs"/>). Between two
/// changes every law is constant, so the above is exact. At a change from slot c the group's bounds, proposal law and
/// quiet law are rebuilt (a new <see cref="Law"/>) and the pending gap is redrawn from c: proposals are independent
/// Bernoulli(Q) per slot, so given that none fell in [last proposal + 1, c) the old gap holds no information about the
/// slots from c on (memoryless), and the next proposal is c + Geometric(Q_new). Slots before c keep their law: a
/// look-back that materialises a slot draws it from the law in effect in that slot (the laws of the last RingSize slots
/// are kept), so dead time across a change is exact too.</para>
/// </remarks>
public sealed class FastMdiEngine : MdiEngine
{
    private const int RingSize = 1024; // look-back depth limit in slots (a look-back deeper than this throws)

    private readonly GroupState[] _state;
    private readonly TimedQueue<int> _nextProposal = new(); // each group's next proposal slot, merged by the kernel's (time, sequence) rule

    public FastMdiEngine(MdiNetworkConfig config, ICoincidenceSink? sink) : base(config, sink)
    {
        _state = Groups.Select(g => new GroupState(g, StreamFor($"mdi/fast/group/{g.Index}"))).ToArray();
        QueueProposals();
    }

    /// <summary>(Re)queues every group's pending proposal, in group order (a law change redraws a group's gap).</summary>
    private void QueueProposals()
    {
        _nextProposal.Clear();
        for (int i = 0; i < _state.Length; i++) _nextProposal.Push(_state[i].NextProposalSlot, i);
    }

    /// <summary>Proposal slots visited so far (candidates plus thinning rejections).</summary>
    public long Proposals { get; private set; }
    /// <summary>Candidate module-slots so far.</summary>
    public long Candidates { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the hot loop and the methods below: optimized at once, no OSR or tier-0 phase
    public override void AdvanceTo(long endSlot)
    {
        while (_nextProposal.PeekTime < endSlot)
        {
            int g = _nextProposal.PeekPayload;
            var s = _state[g];
            ProcessProposal(s, _nextProposal.PeekTime);
            _nextProposal.ReplaceTop(s.NextProposalSlot, g);
        }
        ProcessedUntilSlot = Math.Max(ProcessedUntilSlot, endSlot);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessProposal(GroupState s, long slot)
    {
        var g = s.Group;
        int mCount = g.Modules.Length;
        int e = s.Enter(slot);
        var law = s.Current;
        int joint = s.Joint[e] = law.ProposalAlias.Sample(ref s.Rng);
        Proposals++;

        bool need = true;
        Span<int> candidates = stackalloc int[mCount];
        int nCand = 0;
        for (int i = 0; i < mCount; i++)
        {
            double u = law.Bound[joint * mCount + i];
            double p = need ? u / law.SuffixAny[joint * mCount + i] : u;
            if (!(s.Rng.NextDouble() < p)) continue;
            need = false;
            int pair = g.PairOf[joint * mCount + i];
            var view = s.View(e, i);
            if (ModuleSlotEvents.TryCandidate(law.Optics[i], pair, u, Timing, ref s.Rng, view))
            {
                s.Materialized[e * mCount + i] = true;
                candidates[nCand++] = i;
                ModuleSlotsSampled++;
            }
        }
        for (int c = 0; c < nCand; c++)
        {
            int i = candidates[c];
            int m = g.Modules[i];
            StateAtSlotStart(s, i, slot, Config.Modules[m].Detector0.DeadTimePs, Config.Modules[m].Detector1.DeadTimePs, out long last0, out long last1);
            Coincide(g, i, joint, slot, s.View(e, i), ref last0, ref last1);
            s.Cache(i, 0, slot, last0);
            s.Cache(i, 1, slot, last1);
            Candidates++;
        }
        s.NextProposalSlot = slot + 1 + s.Gap();
    }

    /// <summary>
    /// Time of each detector's last registered click before <paramref name="slot"/> starts (look-back, see remarks), both
    /// detectors in one walk back over the slots: each detector's walk ends where it would alone (its anchor or the
    /// cached slot), and a slot is materialised the first time either walk reaches it, in the same (descending) order as
    /// walking detector 0 back and then detector 1, so the draws are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StateAtSlotStart(GroupState s, int i, long slot, long dead0Ps, long dead1Ps, out long last0, out long last1)
    {
        const long Never = long.MinValue / 2;
        last0 = last1 = Never;
        long period = SlotPeriodPs;
        long target0 = slot * period - dead0Ps, target1 = slot * period - dead1Ps;
        bool open0 = dead0Ps > 0, open1 = dead1Ps > 0;
        long cached0 = s.CachedSlot(i, 0), cached1 = s.CachedSlot(i, 1);
        int n0 = 0, n1 = 0;
        for (long j = slot - 1; j >= 0; j--)
        {
            long end = (j + 1) * period;
            open0 &= end > target0;
            open1 &= end > target1;
            if (open0 && cached0 == j) { last0 = s.CachedLast(i, 0); open0 = false; }
            if (open1 && cached1 == j) { last1 = s.CachedLast(i, 1); open1 = false; }
            if (!open0 && !open1) break;
            if (slot - j >= RingSize - 1)
                throw new InvalidOperationException($"dead-time look-back deeper than {RingSize} slots (event rate too high for dead time {(open0 ? dead0Ps : dead1Ps)} ps)");
            int e = s.Materialize(j, i, this);
            var v = s.View(e, i);
            long start = j * period;
            if (open0)
                for (int q = v.Count[0] - 1; q >= 0; q--)
                {
                    long t = start + v.TimePs[q];
                    s.Push(ref s.Stack0, ref n0, t);
                    target0 = Math.Min(target0, t - dead0Ps);
                }
            if (open1)
                for (int q = v.Count[1] - 1; q >= 0; q--)
                {
                    long t = start + v.TimePs[ModuleSlotEvents.Capacity + q];
                    s.Push(ref s.Stack1, ref n1, t);
                    target1 = Math.Min(target1, t - dead1Ps);
                }
        }
        // Forward from the anchor: the earliest collected event has no event within the dead time before it, so it registered.
        for (int q = n0 - 1; q >= 0; q--) NonParalyzableDeadTime.TryRegister(ref last0, s.Stack0[q], dead0Ps);
        for (int q = n1 - 1; q >= 0; q--) NonParalyzableDeadTime.TryRegister(ref last1, s.Stack1[q], dead1Ps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CountLookBack() => ModuleSlotsSampled++;

    protected override void OnGroupLawChanged(int group, long fromSlot)
    {
        _state[group].ChangeLaw(fromSlot);
        QueueProposals();
    }

    /// <summary>
    /// The click laws of one group while its optics are constant, from <see cref="FromSlot"/> on: the optics, the bounds
    /// U_i(j), the proposal law P(j)(1 - prod(1 - U)) and Q, and the law of a non-proposal slot's setting P(j) prod(1 - U).
    /// </summary>
    private sealed class Law
    {
        public readonly long FromSlot;
        public readonly BsmOptics[] Optics;
        public readonly double[] Bound;          // U_i(j) at [j * M + i]
        public readonly double[] SuffixAny;      // 1 - prod_{l >= i} (1 - U_l(j)) at [j * M + i]
        public readonly AliasTable ProposalAlias, QuietAlias;
        public readonly double InvLogOneMinusQ;
        public readonly bool Never;

        /// <summary>The law of the group's current optics; <paramref name="previous"/>'s tables are shared when every bound is
        /// unchanged (identical detectors: the bound does not depend on the delay, <see cref="BsmOptics.CandidateUpperBound"/>).</summary>
        public Law(MdiEncoderGroup g, long fromSlot, Law? previous = null)
        {
            FromSlot = fromSlot;
            Optics = (BsmOptics[])g.Optics.Clone();
            int m = g.Modules.Length;
            // U depends on the joint setting only through the module's state pair: one evaluation per module and pair.
            var byPair = new double[m][];
            bool same = previous is not null;
            for (int i = 0; i < m; i++)
            {
                byPair[i] = new double[Optics[i].PairCount];
                for (int p = 0; p < byPair[i].Length; p++) byPair[i][p] = Optics[i].CandidateUpperBound(p);
                same &= previous is not null && byPair[i].AsSpan().SequenceEqual(previous._byPair[i]);
            }
            _byPair = byPair;
            if (same)
            {
                (Bound, SuffixAny, ProposalAlias, QuietAlias, InvLogOneMinusQ, Never) =
                    (previous!.Bound, previous.SuffixAny, previous.ProposalAlias, previous.QuietAlias, previous.InvLogOneMinusQ, previous.Never);
                return;
            }
            Bound = new double[g.JointCount * m];
            SuffixAny = new double[g.JointCount * m];
            var proposal = new double[g.JointCount];
            var quiet = new double[g.JointCount];
            double q = 0;
            for (int j = 0; j < g.JointCount; j++)
            {
                double none = 1;
                for (int i = m - 1; i >= 0; i--)
                {
                    double u = byPair[i][g.PairOf[j * m + i]];
                    Bound[j * m + i] = u;
                    none *= 1 - u;
                    SuffixAny[j * m + i] = 1 - none;
                }
                proposal[j] = g.JointProbability[j] * (1 - none);
                quiet[j] = g.JointProbability[j] * none;
                q += proposal[j];
            }
            Never = !(q > 0);
            ProposalAlias = new AliasTable(Never ? quiet : proposal);
            QuietAlias = new AliasTable(quiet);
            InvLogOneMinusQ = Never ? 0 : Samplers.InvLogOneMinus(Math.Min(q, 1.0));
        }

        private readonly double[][] _byPair;
    }

    /// <summary>Skip-ahead state, ring buffer and detector caches of one encoder group.</summary>
    private sealed class GroupState
    {
        public readonly MdiEncoderGroup Group;
        public Xoshiro256 Rng;
        /// <summary>The law in effect from <see cref="Law.FromSlot"/> on (proposals are drawn from it).</summary>
        public Law Current;
        // Earlier laws a look-back may still reach (slots within RingSize of the newest change), oldest first.
        private readonly List<Law> _past = new(4);
        public long NextProposalSlot;

        private readonly int _m;
        private readonly long[] _tag = new long[RingSize];
        public readonly int[] Joint = new int[RingSize];
        public readonly bool[] Materialized;
        private readonly int[] _count;
        private readonly long[] _time;
        private readonly EventOrigin[] _origin;
        private readonly long[] _cacheSlot, _cacheLast;
        // Event times a look-back collects, per detector, newest first (grown when a look-back collects more).
        public long[] Stack0 = new long[16], Stack1 = new long[16];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(ref long[] stack, ref int count, long t)
        {
            if (count == stack.Length) Array.Resize(ref stack, 2 * stack.Length);
            stack[count++] = t;
        }

        public GroupState(MdiEncoderGroup g, Xoshiro256 rng)
        {
            Group = g;
            Rng = rng;
            _m = g.Modules.Length;
            Current = new Law(g, 0);
            Materialized = new bool[RingSize * _m];
            _count = new int[RingSize * _m * 2];
            _time = new long[RingSize * _m * 2 * ModuleSlotEvents.Capacity];
            _origin = new EventOrigin[RingSize * _m * 2 * ModuleSlotEvents.Capacity];
            _cacheSlot = new long[_m * 2];
            _cacheLast = new long[_m * 2];
            Array.Fill(_tag, -1);
            Array.Fill(_cacheSlot, -1);
            NextProposalSlot = Gap();
        }

        /// <summary>
        /// The group's optics changed from <paramref name="fromSlot"/> (every proposal before it is processed): rebuild the
        /// law and redraw the pending gap from there (memoryless, class remarks).
        /// </summary>
        public void ChangeLaw(long fromSlot)
        {
            if (NextProposalSlot < fromSlot) throw new InvalidOperationException($"law change at slot {fromSlot} before the pending proposal {NextProposalSlot}");
            var previous = Current;
            _past.Add(previous);
            Current = new Law(Group, fromSlot, previous);
            // A law that ended RingSize slots before the newest change is beyond any look-back (which throws deeper).
            while (_past.Count > 0 && (_past.Count > 1 ? _past[1].FromSlot : Current.FromSlot) <= fromSlot - RingSize) _past.RemoveAt(0);
            NextProposalSlot = fromSlot + Gap();
        }

        /// <summary>The law in effect in <paramref name="slot"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Law LawAt(long slot) => slot >= Current.FromSlot ? Current : PastLawAt(slot);

        private Law PastLawAt(long slot)
        {
            for (int k = _past.Count - 1; k >= 0; k--)
                if (slot >= _past[k].FromSlot) return _past[k];
            throw new InvalidOperationException($"slot {slot} is older than every kept law (look-back deeper than {RingSize} slots)");
        }

        public long Gap() => Current.Never ? long.MaxValue / 4 : Samplers.GeometricFailures(ref Rng, Current.InvLogOneMinusQ);

        /// <summary>Claims the ring entry of <paramref name="slot"/> (a proposal slot): nothing materialised yet.</summary>
        public int Enter(long slot)
        {
            int e = (int)(slot & (RingSize - 1));
            _tag[e] = slot;
            ClearMaterialized(e);
            return e;
        }

        /// <summary>Ring entry of a past slot with module i's events present, drawing whatever was not yet drawn.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Materialize(long slot, int i, FastMdiEngine engine)
        {
            int e = (int)(slot & (RingSize - 1));
            if (_tag[e] != slot)
            {
                // Never visited: not a proposal slot, so its joint setting follows P(j) prod_i (1 - U_i(j)).
                _tag[e] = slot;
                Joint[e] = LawAt(slot).QuietAlias.Sample(ref Rng);
                ClearMaterialized(e);
            }
            if (!Materialized[e * _m + i])
            {
                int pair = Group.PairOf[Joint[e] * _m + i];
                ModuleSlotEvents.SampleNotBoth(LawAt(slot).Optics[i], pair, engine.Timing, ref Rng, View(e, i));
                Materialized[e * _m + i] = true;
                engine.CountLookBack();
            }
            return e;
        }

        /// <summary>Marks no module of ring entry e materialised (a few flags: a loop, not a call to the memory-clearing helper).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void ClearMaterialized(int e)
        {
            var flags = Materialized.AsSpan(e * _m, _m);
            for (int k = 0; k < flags.Length; k++) flags[k] = false;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ModuleSlotEvents.View View(int e, int i)
        {
            int c = (e * _m + i) * 2;
            int t = c * ModuleSlotEvents.Capacity;
            return new ModuleSlotEvents.View
            {
                Count = _count.AsSpan(c, 2),
                TimePs = _time.AsSpan(t, 2 * ModuleSlotEvents.Capacity),
                Origin = _origin.AsSpan(t, 2 * ModuleSlotEvents.Capacity),
            };
        }

        public long CachedSlot(int i, int k) => _cacheSlot[i * 2 + k];
        public long CachedLast(int i, int k) => _cacheLast[i * 2 + k];

        public void Cache(int i, int k, long slot, long last)
        {
            _cacheSlot[i * 2 + k] = slot;
            _cacheLast[i * 2 + k] = last;
        }
    }
}

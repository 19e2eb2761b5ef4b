using QkdNetSim.Detectors;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Skip-ahead engine: cost grows with candidate slots (both detectors of a module see an event), not with pulse pairs.
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
/// </remarks>
public sealed class FastMdiEngine : MdiEngine
{
    private const int RingSize = 1024; // look-back depth limit in slots (a look-back deeper than this throws)

    private readonly GroupState[] _state;

    public FastMdiEngine(MdiNetworkConfig config, ICoincidenceSink? sink) : base(config, sink)
    {
        _state = Groups.Select(g => new GroupState(g, StreamFor($"mdi/fast/group/{g.Index}"))).ToArray();
    }

    /// <summary>Proposal slots visited so far (candidates plus thinning rejections).</summary>
    public long Proposals { get; private set; }
    /// <summary>Candidate module-slots so far.</summary>
    public long Candidates { get; private set; }

    public override void AdvanceTo(long endSlot)
    {
        while (true)
        {
            long next = long.MaxValue;
            foreach (var s in _state) next = Math.Min(next, s.NextProposalSlot);
            if (next >= endSlot) break;
            foreach (var s in _state)
                if (s.NextProposalSlot == next) ProcessProposal(s, next);
        }
        ProcessedUntilSlot = Math.Max(ProcessedUntilSlot, endSlot);
    }

    private void ProcessProposal(GroupState s, long slot)
    {
        var g = s.Group;
        int mCount = g.Modules.Length;
        int e = s.Enter(slot);
        int joint = s.Joint[e] = s.ProposalAlias.Sample(ref s.Rng);
        Proposals++;

        bool need = true;
        Span<int> candidates = stackalloc int[mCount];
        int nCand = 0;
        for (int i = 0; i < mCount; i++)
        {
            double u = s.Bound[joint * mCount + i];
            double p = need ? u / s.SuffixAny(joint, i) : u;
            if (!(s.Rng.NextDouble() < p)) continue;
            need = false;
            int pair = g.PairOf[joint * mCount + i];
            var view = s.View(e, i);
            if (ModuleSlotEvents.TryCandidate(g.Optics[i], pair, u, Timing, ref s.Rng, view))
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
            long last0 = StateAtSlotStart(s, i, 0, slot, Config.Modules[m].Detector0.DeadTimePs);
            long last1 = StateAtSlotStart(s, i, 1, slot, Config.Modules[m].Detector1.DeadTimePs);
            Coincide(g, i, joint, slot, s.View(e, i), ref last0, ref last1);
            s.Cache(i, 0, slot, last0);
            s.Cache(i, 1, slot, last1);
            Candidates++;
        }
        s.NextProposalSlot = slot + 1 + s.Gap();
    }

    /// <summary>Time of detector k's last registered click before <paramref name="slot"/> starts (look-back, see remarks).</summary>
    private long StateAtSlotStart(GroupState s, int i, int k, long slot, long deadPs)
    {
        const long Never = long.MinValue / 2;
        if (deadPs <= 0) return Never;
        long target = slot * SlotPeriodPs - deadPs;
        long j = slot - 1;
        long last = Never;
        s.Stack.Clear();
        for (; j >= 0 && (j + 1) * SlotPeriodPs > target; j--)
        {
            if (s.CachedSlot(i, k) == j) { last = s.CachedLast(i, k); break; }
            if (slot - j >= RingSize - 1)
                throw new InvalidOperationException($"dead-time look-back deeper than {RingSize} slots (event rate too high for dead time {deadPs} ps)");
            int e = s.Materialize(j, i, this);
            var v = s.View(e, i);
            int b = k * ModuleSlotEvents.Capacity;
            long start = j * SlotPeriodPs;
            for (int q = v.Count[k] - 1; q >= 0; q--)
            {
                long t = start + v.TimePs[b + q];
                s.Stack.Add(t);
                target = Math.Min(target, t - deadPs);
            }
        }
        // Forward from the anchor: the earliest collected event has no event within deadPs before it, so it registered.
        for (int q = s.Stack.Count - 1; q >= 0; q--)
        {
            long t = s.Stack[q];
            NonParalyzableDeadTime.TryRegister(ref last, t, deadPs);
        }
        return last;
    }

    internal void CountLookBack() => ModuleSlotsSampled++;

    /// <summary>Skip-ahead state, ring buffer and detector caches of one encoder group.</summary>
    private sealed class GroupState
    {
        public readonly MdiEncoderGroup Group;
        public Xoshiro256 Rng;
        public readonly double[] Bound;          // U_i(j) at [j * M + i]
        private readonly double[] _suffixAny;    // 1 - prod_{l >= i} (1 - U_l(j)) at [j * M + i]
        public readonly AliasTable ProposalAlias;
        private readonly AliasTable _quietAlias;
        private readonly double _invLogOneMinusQ;
        private readonly bool _never;
        public long NextProposalSlot;

        private readonly int _m;
        private readonly long[] _tag = new long[RingSize];
        public readonly int[] Joint = new int[RingSize];
        public readonly bool[] Materialized;
        private readonly int[] _count;
        private readonly long[] _time;
        private readonly EventOrigin[] _origin;
        private readonly long[] _cacheSlot, _cacheLast;
        public readonly List<long> Stack = new(16);

        public GroupState(MdiEncoderGroup g, Xoshiro256 rng)
        {
            Group = g;
            Rng = rng;
            _m = g.Modules.Length;
            Bound = new double[g.JointCount * _m];
            _suffixAny = new double[g.JointCount * _m];
            var proposal = new double[g.JointCount];
            var quiet = new double[g.JointCount];
            double q = 0;
            for (int j = 0; j < g.JointCount; j++)
            {
                double none = 1;
                for (int i = _m - 1; i >= 0; i--)
                {
                    double u = g.Optics[i].CandidateUpperBound(g.PairOf[j * _m + i]);
                    Bound[j * _m + i] = u;
                    none *= 1 - u;
                    _suffixAny[j * _m + i] = 1 - none;
                }
                proposal[j] = g.JointProbability[j] * (1 - none);
                quiet[j] = g.JointProbability[j] * none;
                q += proposal[j];
            }
            _never = !(q > 0);
            ProposalAlias = new AliasTable(_never ? quiet : proposal);
            _quietAlias = new AliasTable(quiet);
            _invLogOneMinusQ = _never ? 0 : Samplers.InvLogOneMinus(Math.Min(q, 1.0));
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

        public double SuffixAny(int joint, int i) => _suffixAny[joint * _m + i];

        public long Gap() => _never ? long.MaxValue / 4 : Samplers.GeometricFailures(ref Rng, _invLogOneMinusQ);

        /// <summary>Claims the ring entry of <paramref name="slot"/> (a proposal slot): nothing materialised yet.</summary>
        public int Enter(long slot)
        {
            int e = (int)(slot & (RingSize - 1));
            _tag[e] = slot;
            Array.Clear(Materialized, e * _m, _m);
            return e;
        }

        /// <summary>Ring entry of a past slot with module i's events present, drawing whatever was not yet drawn.</summary>
        public int Materialize(long slot, int i, FastMdiEngine engine)
        {
            int e = (int)(slot & (RingSize - 1));
            if (_tag[e] != slot)
            {
                // Never visited: not a proposal slot, so its joint setting follows P(j) prod_i (1 - U_i(j)).
                _tag[e] = slot;
                Joint[e] = _quietAlias.Sample(ref Rng);
                Array.Clear(Materialized, e * _m, _m);
            }
            if (!Materialized[e * _m + i])
            {
                int pair = Group.PairOf[Joint[e] * _m + i];
                ModuleSlotEvents.SampleNotBoth(Group.Optics[i], pair, engine.Timing, ref Rng, View(e, i));
                Materialized[e * _m + i] = true;
                engine.CountLookBack();
            }
            return e;
        }

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

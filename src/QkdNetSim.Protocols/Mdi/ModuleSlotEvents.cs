using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Detector events of one BSM module in one slot, before dead time: for each detector, the photon detections (Poisson in
/// each mode, <see cref="BsmOptics"/>) and dark counts (Poisson in time, uniform over the slot), with times in ps from
/// the slot start, sorted. Storage is a caller-owned span of <see cref="Capacity"/> x 2 entries, so sampling allocates
/// nothing. Three samplers give the exact laws the engines need: unconditioned, conditioned on both detectors having an
/// event (a "candidate" slot), and conditioned on not both.
/// </summary>
public static class ModuleSlotEvents
{
    /// <summary>Events stored per detector per slot. At 0 dB the mean is below 1; a larger count throws rather than truncates.</summary>
    public const int Capacity = 16;

    /// <summary>One module-slot: event counts and (time, origin) lists of detectors 0 and 1.</summary>
    public ref struct View
    {
        public Span<int> Count;       // length 2
        public Span<long> TimePs;     // length 2 x Capacity: detector k's events at [k*Capacity, k*Capacity + Count[k])
        public Span<EventOrigin> Origin;
    }

    /// <summary>Unconditioned events of a slot with state pair <paramref name="pair"/> (per-pulse reference law).</summary>
    public static void SampleUnconditioned(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v)
    {
        SamplePhases(o, ref rng, out double phi, out double delta);
        o.ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
        FillPoisson(o, pair, t, ref rng, v, 0, m0e, m0l, o.DarkPerSlot0, o.TimeSpreadRms0Ps);
        FillPoisson(o, pair, t, ref rng, v, 1, m1e, m1l, o.DarkPerSlot1, o.TimeSpreadRms1Ps);
    }

    /// <summary>Events conditioned on NOT both detectors having an event: rejection from the unconditioned law (acceptance &gt;= 1 - bound).</summary>
    public static void SampleNotBoth(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v)
    {
        do SampleUnconditioned(o, pair, t, ref rng, v);
        while (v.Count[0] > 0 && v.Count[1] > 0);
    }

    /// <summary>
    /// One thinning trial for a proposed slot: phases from their prior, accepted with probability
    /// P(both | phases) / <paramref name="bound"/>; on acceptance the events are drawn conditioned on both detectors
    /// having at least one (zero-truncated Poisson per detector, origins by their means). Returns false on rejection.
    /// </summary>
    public static bool TryCandidate(BsmOptics o, int pair, double bound, in MdiTiming t, ref Xoshiro256 rng, View v)
    {
        SamplePhases(o, ref rng, out double phi, out double delta);
        o.ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
        double tot0 = m0e + m0l + o.DarkPerSlot0, tot1 = m1e + m1l + o.DarkPerSlot1;
        double pBoth = -Samplers.ExpM1(-tot0) * -Samplers.ExpM1(-tot1);
        if (rng.NextDouble() * bound >= pBoth) return false;
        FillAtLeastOne(o, pair, t, ref rng, v, 0, m0e, m0l, o.DarkPerSlot0, tot0, o.TimeSpreadRms0Ps);
        FillAtLeastOne(o, pair, t, ref rng, v, 1, m1e, m1l, o.DarkPerSlot1, tot1, o.TimeSpreadRms1Ps);
        return true;
    }

    private static void SamplePhases(BsmOptics o, ref Xoshiro256 rng, out double phi, out double delta)
    {
        phi = 2 * Math.PI * rng.NextDouble();                      // independent global phases (fibre spools): uniform relative phase
        delta = o.PhaseDriftRms > 0 ? o.PhaseDriftRms * Samplers.StandardNormal(ref rng) : 0.0;
    }

    private static void FillPoisson(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v, int k,
        double me, double ml, double dark, double spreadPs)
    {
        int ne = Samplers.PoissonInversion(ref rng, me), nl = Samplers.PoissonInversion(ref rng, ml);
        int nd = dark > 0 ? Samplers.PoissonInversion(ref rng, dark) : 0;
        Store(o, pair, t, ref rng, v, k, ne, nl, nd, spreadPs);
    }

    private static void FillAtLeastOne(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v, int k,
        double me, double ml, double dark, double total, double spreadPs)
    {
        // Given at least one event: N ~ zero-truncated Poisson(total), each event's origin independently by its mean.
        int n = Samplers.ZeroTruncatedPoisson(ref rng, total);
        int ne = 0, nl = 0, nd = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble() * total;
            if (u < me) ne++;
            else if (u < me + ml) nl++;
            else nd++;
        }
        Store(o, pair, t, ref rng, v, k, ne, nl, nd, spreadPs);
    }

    private static void Store(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v, int k,
        int ne, int nl, int nd, double spreadPs)
    {
        int n = ne + nl + nd;
        if (n > Capacity) throw new InvalidOperationException($"{n} events on one detector in one slot exceed the capacity {Capacity}");
        int b = k * Capacity;
        long period = t.SlotPeriodPs;
        double ce = t.EarlyOffsetPs + o.ShiftEarlyPs(pair), cl = t.LateOffsetPs + o.ShiftLatePs(pair);
        int w = 0;
        for (int i = 0; i < ne; i++) Put(v, b + w++, PhotonTime(ce, spreadPs, period, ref rng), EventOrigin.EarlyPhoton);
        for (int i = 0; i < nl; i++) Put(v, b + w++, PhotonTime(cl, spreadPs, period, ref rng), EventOrigin.LatePhoton);
        for (int i = 0; i < nd; i++) Put(v, b + w++, (long)(rng.NextDouble() * period), EventOrigin.Dark);
        v.Count[k] = n;
        // Insertion sort by time (n is 0-3 in practice).
        for (int i = b + 1; i < b + n; i++)
        {
            long tk = v.TimePs[i];
            var ok = v.Origin[i];
            int j = i - 1;
            while (j >= b && v.TimePs[j] > tk)
            {
                v.TimePs[j + 1] = v.TimePs[j];
                v.Origin[j + 1] = v.Origin[j];
                j--;
            }
            v.TimePs[j + 1] = tk;
            v.Origin[j + 1] = ok;
        }
    }

    private static void Put(View v, int i, long timePs, EventOrigin origin)
    {
        v.TimePs[i] = timePs;
        v.Origin[i] = origin;
    }

    // Gaussian envelope + jitter about the bin centre; clamped into the slot so consecutive slots never interleave (the
    // bins sit 2.5 ns from the slot edges, > 7 sigma at the paper's settings, so the clamp acts with probability < 1e-12).
    private static long PhotonTime(double centre, double spreadPs, long period, ref Xoshiro256 rng)
    {
        long tp = (long)Math.Round(centre + spreadPs * Samplers.StandardNormal(ref rng));
        return Math.Clamp(tp, 0, period - 1);
    }
}

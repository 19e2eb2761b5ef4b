using System.Runtime.CompilerServices;
using QkdNetSim.Core.Random;

[assembly: InternalsVisibleTo("QkdNetSim.Tests")]

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
    /// <remarks>
    /// Most slots have no event at all. <see cref="SurelyNone"/> first replays the slot's draws on a copy of the
    /// generator, without evaluating them, and keeps it when every count is surely 0; otherwise the slot is sampled
    /// exactly from the unchanged generator. Either way the draws, their order and the events are those of the exact
    /// sampler alone.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SampleUnconditioned(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v)
    {
        if (SurelyNone(o, pair, ref rng))
        {
            v.Count[0] = 0;
            v.Count[1] = 0;
            return;
        }
        SampleUnconditionedExact(o, pair, t, ref rng, v);
    }

    /// <summary>The unconditioned law sampled straight: phases, mode means, one Poisson inversion per mode and the dark counts.</summary>
    internal static void SampleUnconditionedExact(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v)
    {
        SamplePhases(o, ref rng, out double phi, out double delta);
        o.ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
        FillPoisson(o, pair, t, ref rng, v, 0, m0e, m0l, o.DarkPerSlot0, o.TimeSpreadRms0Ps);
        FillPoisson(o, pair, t, ref rng, v, 1, m1e, m1l, o.DarkPerSlot1, o.TimeSpreadRms1Ps);
    }

    /// <summary>
    /// True, with <paramref name="rng"/> advanced past the slot's draws, when the exact sampler would give no event on
    /// either detector; false, with <paramref name="rng"/> unchanged, when it might give one. The exact sampler draws Phi
    /// (one uniform), delta (one standard normal), then per detector one uniform per mode and one for the dark counts,
    /// each a Poisson inversion, which is 0 exactly when its uniform u &lt; e^-mean. <see cref="BsmOptics.NoneBelow"/>
    /// bounds e^-mean from below over every phase, and the dark count's e^-mean is the one the sampler computes, so
    /// uniforms below those bounds are all zeros whatever Phi and delta are: their values (two cosines, a logarithm and
    /// six exponentials) are never needed, only their draws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SurelyNone(BsmOptics o, int pair, ref Xoshiro256 rng)
    {
        var r = rng; // a local copy the JIT can keep in registers
        r.NextDouble();                                   // Phi
        if (o.PhaseDriftRms > 0) SkipStandardNormal(ref r); // delta
        if (!(r.NextDouble() < o.NoneBelow(pair, 0))) return false;
        if (!(r.NextDouble() < o.NoneBelow(pair, 1))) return false;
        if (o.DarkPerSlot0 > 0 && !(r.NextDouble() < o.ExpMinusDarkPerSlot0)) return false;
        if (!(r.NextDouble() < o.NoneBelow(pair, 2))) return false;
        if (!(r.NextDouble() < o.NoneBelow(pair, 3))) return false;
        if (o.DarkPerSlot1 > 0 && !(r.NextDouble() < o.ExpMinusDarkPerSlot1)) return false;
        rng = r;
        return true;
    }

    /// <summary>
    /// Advances <paramref name="rng"/> past the draws of one <see cref="Samplers.StandardNormal"/> (Marsaglia's polar
    /// method: pairs of uniforms until 0 &lt; u^2 + v^2 &lt; 1) without its logarithm and square root. A test keeps the two
    /// in step (<c>Skipping_a_standard_normal_draws_what_the_sampler_draws</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SkipStandardNormal(ref Xoshiro256 rng)
    {
        while (true)
        {
            double u = 2 * rng.NextDouble() - 1, v = 2 * rng.NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return;
        }
    }

    private static void FillPoisson(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v, int k,
        double me, double ml, double dark, double spreadPs)
    {
        int ne = Samplers.PoissonInversion(ref rng, me), nl = Samplers.PoissonInversion(ref rng, ml);
        int nd = dark > 0 ? Samplers.PoissonInversion(ref rng, dark) : 0;
        Store(o, pair, t, ref rng, v, k, ne, nl, nd, spreadPs);
    }

    /// <summary>Events conditioned on NOT both detectors having an event: rejection from the unconditioned law (acceptance &gt;= 1 - bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCandidate(BsmOptics o, int pair, double bound, in MdiTiming t, ref Xoshiro256 rng, View v)
    {
        SamplePhases(o, ref rng, out double phi, out double delta);
        o.ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
        double tot0 = m0e + m0l + o.DarkPerSlot0, tot1 = m1e + m1l + o.DarkPerSlot1;
        if (!BothBelow(rng.NextDouble() * bound, tot0, tot1)) return false;
        FillAtLeastOne(o, pair, t, ref rng, v, 0, m0e, m0l, o.DarkPerSlot0, tot0, o.TimeSpreadRms0Ps);
        FillAtLeastOne(o, pair, t, ref rng, v, 1, m1e, m1l, o.DarkPerSlot1, tot1, o.TimeSpreadRms1Ps);
        return true;
    }

    /// <summary>
    /// coin &lt; P(both) = (1 - e^-tot0)(1 - e^-tot1), decided exactly as comparing with -ExpM1(-tot0) x -ExpM1(-tot1).
    /// For 0 &lt;= t &lt;= 1, t - t^2/2 &lt;= 1 - e^-t &lt;= t - t^2/2 + t^3/6 (Taylor remainders of e^-t alternate in sign), so a
    /// coin below the product of the lower bounds or at least the product of the upper ones (each widened by a relative
    /// 1e-9, far above the few-ulp errors of the evaluations) is decided without the two exponentials and two logarithms.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool BothBelow(double coin, double tot0, double tot1)
    {
        if (tot0 >= 0 && tot0 <= 1 && tot1 >= 0 && tot1 <= 1)
        {
            double lo0 = tot0 - 0.5 * tot0 * tot0, lo1 = tot1 - 0.5 * tot1 * tot1;
            if (coin < lo0 * lo1 * (1 - 1e-9)) return true;
            double hi0 = lo0 + tot0 * tot0 * tot0 / 6, hi1 = lo1 + tot1 * tot1 * tot1 / 6;
            if (coin >= hi0 * hi1 * (1 + 1e-9)) return false;
        }
        return !(coin >= -Samplers.ExpM1(-tot0) * -Samplers.ExpM1(-tot1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SamplePhases(BsmOptics o, ref Xoshiro256 rng, out double phi, out double delta)
    {
        phi = 2 * Math.PI * rng.NextDouble();                      // independent global phases (fibre spools): uniform relative phase
        delta = o.PhaseDriftRms > 0 ? o.PhaseDriftRms * Samplers.StandardNormal(ref rng) : 0.0;
    }

    private static void FillAtLeastOne(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v, int k,
        double me, double ml, double dark, double total, double spreadPs)
    {
        // Given at least one event: N ~ zero-truncated Poisson(total), each event's origin independently by its mean.
        int n = SurelyOne(ref rng, total) ? 1 : Samplers.ZeroTruncatedPoisson(ref rng, total);
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

    /// <summary>
    /// Consumes the next uniform when the zero-truncated Poisson count of mean <paramref name="mean"/> is surely 1 and
    /// returns true; otherwise leaves the generator for the exact sampler. For 0 &lt; mean &lt;= 8 that sampler draws one
    /// uniform u and gives 1 exactly when u &lt; mean / (e^mean - 1), which is at least 1 - mean/2 ((x/2) coth(x/2) &gt;= 1);
    /// the bound is widened by a relative 1e-9 against rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SurelyOne(ref Xoshiro256 rng, double mean)
    {
        if (!(mean > 0 && mean <= 1)) return false;
        var peek = rng;
        if (!(peek.NextDouble() < (1 - 0.5 * mean) * (1 - 1e-9))) return false;
        rng = peek;
        return true;
    }

    private static void Store(BsmOptics o, int pair, in MdiTiming t, ref Xoshiro256 rng, View v, int k,
        int ne, int nl, int nd, double spreadPs)
    {
        int n = ne + nl + nd;
        if (n == 0)
        {
            v.Count[k] = 0;
            return;
        }
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

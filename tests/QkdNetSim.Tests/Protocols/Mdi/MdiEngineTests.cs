using System.Security.Cryptography;
using QkdNetSim.Core.Records;
using QkdNetSim.Protocols.Mdi;
using Xunit;

namespace QkdNetSim.Tests.Protocols.Mdi;

/// <summary>Fast (thinning + look-back) engine against the per-pulse reference and the closed-form model.</summary>
public class MdiEngineTests
{
    private static List<CoincidenceRecord> Run(MdiNetworkConfig c, bool perPulse)
    {
        var sink = new MdiTestNetworks.ListSink();
        MdiEngine e = perPulse ? new PerPulseMdiEngine(c, sink) : new FastMdiEngine(c, sink);
        e.AdvanceTo(c.SessionSlots);
        e.Flush();
        return sink.Records;
    }

    private static Dictionary<string, long> Tally(List<CoincidenceRecord> rs)
    {
        var t = new Dictionary<string, long>();
        void Add(string k) => t[k] = t.GetValueOrDefault(k) + 1;
        for (int i = 0; i < rs.Count; i++)
        {
            var r = rs[i];
            string m = $"m{r.Module}";
            Add($"{m}/twofold");
            Add($"{m}/bins{r.BinD0}{r.BinD1}");
            if (r.IsPsiMinus)
            {
                Add($"{m}/psi/{r.IntensityA}{r.IntensityB}");
                if (r.BitA == r.BitB) Add($"{m}/psiErr/{r.BasisA}{r.BasisB}");
            }
            if (r.ExtraClicks > 0) Add($"{m}/extra");
            if (r.TruthCauseD0 == DetectionCause.DarkCount || r.TruthCauseD1 == DetectionCause.DarkCount) Add($"{m}/dark");
            // Four-fold: two modules with Psi- in the same slot.
            for (int j = i + 1; j < rs.Count && rs[j].Slot == r.Slot; j++)
                if (r.IsPsiMinus && rs[j].IsPsiMinus) Add($"fourfold/{r.Module}{rs[j].Module}");
        }
        return t;
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void FastAndPerPulseEnginesAgreeInDistribution()
    {
        // Exaggerated regime so every effect is visible in 3e6 slots: 4 dB per user, 40 ns dead time (4 slots),
        // 2e5 Hz darks, four users sharing encoders (correlated modules, four-folds).
        var det = MdiTestNetworks.Snspd(0.8, 2e5, 40_000, 50);
        var c = MdiTestNetworks.FourUser(0.4, det, durationS: 3e-2 /* 3e6 slots */);
        var fast = Tally(Run(c with { Seed = 101 }, perPulse: false));
        var slow = Tally(Run(c with { Seed = 202 }, perPulse: true));
        int compared = 0;
        foreach (var key in fast.Keys.Union(slow.Keys))
        {
            long a = fast.GetValueOrDefault(key), b = slow.GetValueOrDefault(key);
            if (a + b < 20) continue;
            // Independent runs: each count ~Poisson, so (a - b)/sqrt(a + b) ~ N(0, 1); 5 sigma over ~150 keys
            // keeps the false-alarm rate below 1e-4.
            double z = (a - b) / Math.Sqrt(a + b);
            Assert.True(Math.Abs(z) < 5, $"{key}: fast {a} vs per-pulse {b} (z = {z:F2})");
            compared++;
        }
        Assert.True(compared > 60, $"only {compared} keys compared");
        Assert.True(fast.GetValueOrDefault("m0/twofold") > 10_000, $"{fast.GetValueOrDefault("m0/twofold")} two-folds");
        Assert.True(fast.Keys.Count(k => k.StartsWith("fourfold")) >= 10, string.Join(",", fast.Where(k => k.Key.StartsWith("fourfold")).Select(k => $"{k.Key}={k.Value}")) + $" twofold {fast.GetValueOrDefault("m0/twofold")}");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void FastAndPerPulseEnginesAgreeWithAnEncoderPerWavelength()
    {
        // sharedEncoder = false: every module is its own encoder group (independent settings, merged by slot).
        var det = MdiTestNetworks.Snspd(0.8, 2e5, 40_000, 50);
        var c = MdiTestNetworks.FourUser(0.4, det, sharedEncoder: false, durationS: 1e-2);
        var fast = Tally(Run(c with { Seed = 5 }, perPulse: false));
        var slow = Tally(Run(c with { Seed = 6 }, perPulse: true));
        int compared = 0;
        foreach (var key in fast.Keys.Union(slow.Keys))
        {
            long a = fast.GetValueOrDefault(key), b = slow.GetValueOrDefault(key);
            if (a + b < 20) continue;
            double z = (a - b) / Math.Sqrt(a + b); // independent Poisson counts; 5 sigma as above
            Assert.True(Math.Abs(z) < 5, $"{key}: fast {a} vs per-pulse {b} (z = {z:F2})");
            compared++;
        }
        Assert.True(compared > 40, $"only {compared} keys compared");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void FastEngineMatchesTheClosedFormModelWhereTheModelIsExact()
    {
        // 40 ns slots, 7 ns dead time: a click's dead time covers its own slot's windows and ends before the next slot's,
        // the regime where MdiExpectedOutcomes is exact (see its remarks).
        var timing = new MdiTiming(2.5e7, 5000, 800, 1000, 156);
        var det = MdiTestNetworks.Snspd(0.8, 5e4, 7_000, 50);
        var c = MdiTestNetworks.Pair(0.3, 0.95, 0, det, timing, durationS: 0.4 /* 1e7 slots */);
        var records = Run(c, perPulse: false);
        var table = new UserStateTable(c.Users[0].Encoder);
        var optics = new BsmOptics(c.Modules[0], table, table, timing);
        var model = new MdiExpectedOutcomes(optics, timing);
        var expected = new double[4, 4];
        var expectedErr = new double[2];
        for (int a = 0; a < table.Count; a++)
        for (int b = 0; b < table.Count; b++)
        {
            double p = table.Probability[a] * table.Probability[b] * model.PsiMinus(optics.PairIndex(a, b)) * c.SessionSlots;
            expected[table.Intensity[a], table.Intensity[b]] += p;
            if (table.Bit[a] == table.Bit[b] && table.Basis[a] == table.Basis[b]) expectedErr[table.Basis[a]] += p;
        }
        var observed = new long[4, 4];
        var observedErr = new long[2];
        foreach (var r in records)
        {
            if (!r.IsPsiMinus) continue;
            observed[r.IntensityA, r.IntensityB]++;
            if (r.BitA == r.BitB && r.BasisA == r.BasisB) observedErr[r.BasisA]++;
        }
        for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
        {
            if (expected[i, j] < 5) continue;
            // Poisson count: 5 sigma.
            double z = (observed[i, j] - expected[i, j]) / Math.Sqrt(expected[i, j]);
            Assert.True(Math.Abs(z) < 5, $"intensities {i}{j}: observed {observed[i, j]} expected {expected[i, j]:F1} (z = {z:F2})");
        }
        for (int k = 0; k < 2; k++)
        {
            double z = (observedErr[k] - expectedErr[k]) / Math.Sqrt(expectedErr[k]);
            Assert.True(Math.Abs(z) < 5, $"basis {k} errors: observed {observedErr[k]} expected {expectedErr[k]:F1}");
        }
        Assert.True(observed[0, 0] > 20_000, $"only {observed[0, 0]} zz counts");
    }

    [Fact]
    public void SameSeedGivesTheSameRecordsAndAnotherSeedDoesNot()
    {
        var c = MdiTestNetworks.FourUser(0.1, durationS: 2e-3);
        static byte[] Hash(List<CoincidenceRecord> rs) =>
            SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rs)));
        var a = Run(c, false);
        Assert.NotEmpty(a);
        Assert.Equal(Hash(a), Hash(Run(c, false)));
        Assert.NotEqual(Hash(a), Hash(Run(c with { Seed = c.Seed + 1 }, false)));
    }

    [Fact]
    public void RecordsComeInSlotOrderAndPsiMinusHasOppositeBins()
    {
        var rs = Run(MdiTestNetworks.FourUser(0.1, durationS: 2e-3), false);
        for (int i = 1; i < rs.Count; i++) Assert.True(rs[i].Slot >= rs[i - 1].Slot);
        Assert.Contains(rs, r => r.IsPsiMinus);
        Assert.All(rs.Where(r => r.IsPsiMinus), r => Assert.NotEqual(r.BinD0, r.BinD1));
    }
}

/// <summary>HOM interference of simulated weak coherent pulses (fast engine), against the 50 % limit.</summary>
public class MdiSimulatedHomTests
{
    private static (long count, long slots) SameStateSameBin(double polarizationOverlap, double delayPs, ulong seed)
    {
        // One Z intensity (mu = 1 at the encoder, 1e-2 transmittance): both users' pulses in the same bin half the time.
        var enc = new TimeBinEncoder([1.0], [1.0], [0], 60);
        var det = MdiTestNetworks.Snspd(1.0, 0, 20_000, 20);
        var c = MdiTestNetworks.Pair(0.01, polarizationOverlap, delayPs, det, encoder: enc, durationS: 20, seed: seed);
        var sink = new MdiTestNetworks.ListSink();
        var e = new FastMdiEngine(c, sink);
        e.AdvanceTo(c.SessionSlots);
        e.Flush();
        return (sink.Records.LongCount(r => r.BitA == r.BitB && r.BinD0 == r.BinD1), c.SessionSlots);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void SimulatedHomVisibilityTendsTo50PercentAndFallsWithDelay()
    {
        var (dist, _) = SameStateSameBin(0.0, 0, 1);
        var (ideal, _) = SameStateSameBin(1.0, 0, 2);
        var (delayed, _) = SameStateSameBin(1.0, 500, 3);
        var (distDelayed, _) = SameStateSameBin(0.0, 500, 4);
        double v0 = 1 - (double)ideal / dist;
        // sigma of 1 - a/b for independent Poisson a, b: (a/b) sqrt(1/a + 1/b); 5 sigma.
        double s0 = (double)ideal / dist * Math.Sqrt(1.0 / ideal + 1.0 / dist);
        Assert.True(dist > 20_000, $"{dist} reference coincidences");
        // No systematic allowance: the expected-count model of the same devices (MdiExpectedOutcomes, see BsmPhysicsTests) puts
        // V at 0.4999992 at zero delay and within 1e-6 of the pulse-overlap formula at 500 ps (mu eta = 1e-2 per bin), far below
        // s0 ~ 3e-3 and s500 ~ 5e-3 (~35,000-70,000 coincidences per run), so both bands are 5 sigma.
        Assert.InRange(v0, 0.5 - 5 * s0, 0.5 + 5 * s0);
        double v500 = 1 - (double)delayed / distDelayed;
        double sigma = 800 / (2 * Math.Sqrt(2 * Math.Log(2)));
        double expected = Math.Exp(-500.0 * 500 / (4 * sigma * sigma)) / 2; // Gaussian pulse overlap squared / 2
        double s500 = (double)delayed / distDelayed * Math.Sqrt(1.0 / delayed + 1.0 / distDelayed);
        Assert.InRange(v500, expected - 5 * s500, expected + 5 * s500);
        Assert.True(v500 < v0 - 0.1);
    }
}

/// <summary>Sharded sessions (independent shards in parallel) against one session.</summary>
public class MdiShardTests
{
    [Fact]
    [Trait("Category", "Statistical")]
    public void TwoShardsAgreeWithOneSessionInDistributionAndCoverEverySlot()
    {
        var c = MdiTestNetworks.FourUser(0.2, durationS: 0.05);
        var one = QkdNetSim.Runs.Mdi.MdiSimulation.ExecuteInMemory(c, "one");
        var two = QkdNetSim.Runs.Mdi.MdiSimulation.ExecuteSharded(c with { Seed = 99 }, "two", 2);
        Assert.Equal(c.SessionSlots, two.SimulatedSlots);
        Assert.Equal(2, two.Run.Shards);
        for (int m = 0; m < 6; m++)
        {
            long a = one.Pairs[m].Yields["zz"].Count, b = two.Pairs[m].Yields["zz"].Count;
            // Independent Poisson counts: 5 sigma.
            Assert.True(Math.Abs(a - b) < 5 * Math.Sqrt(a + b), $"module {m}: {a} vs {b}");
        }
        Assert.Equal(two, QkdNetSim.Runs.Mdi.MdiSimulation.ExecuteSharded(c with { Seed = 99 }, "two", 2), new SameCounts());
    }

    private sealed class SameCounts : IEqualityComparer<QkdNetSim.Runs.Mdi.MdiRunSummary>
    {
        public bool Equals(QkdNetSim.Runs.Mdi.MdiRunSummary? x, QkdNetSim.Runs.Mdi.MdiRunSummary? y) =>
            x!.Pairs.Zip(y!.Pairs).All(p => p.First.PsiMinus == p.Second.PsiMinus && p.First.TwoFold == p.Second.TwoFold)
            && x.FourFold!.Zip(y.FourFold!).All(p => p.First.Count == p.Second.Count);
        public int GetHashCode(QkdNetSim.Runs.Mdi.MdiRunSummary obj) => 0;
    }
}

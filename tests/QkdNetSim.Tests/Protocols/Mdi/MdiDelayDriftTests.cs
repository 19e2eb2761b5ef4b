using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Protocols.Mdi;
using Xunit;

namespace QkdNetSim.Tests.Protocols.Mdi;

/// <summary>Drifting relative delays at the BSM (<see cref="MdiDelayDrift"/>) driven by the kernel, in both engines.</summary>
public class MdiDelayDriftTests
{
    /// <summary>Every user's delay an OU (here a random walk) with <paramref name="noisePsPerSqrtS"/>, updated every <paramref name="stepS"/>.</summary>
    private static MdiNetworkConfig Drifting(MdiNetworkConfig c, double noisePsPerSqrtS, double stepS, double reversionPerS = 0) =>
        c with { DelayDrifts = c.Users.Select(_ => (UserDelayDrift?)new UserDelayDrift(new OrnsteinUhlenbeckParameters(0, reversionPerS, noisePsPerSqrtS), stepS)).ToArray() };

    private static (List<CoincidenceRecord> Records, MdiNetworkSession Session) Run(MdiNetworkConfig c, bool perPulse)
    {
        var sink = new MdiTestNetworks.ListSink();
        var session = new MdiNetworkSession(c, perPulse, sink);
        session.Run();
        return (sink.Records, session);
    }

    private static Dictionary<string, long> Tally(List<CoincidenceRecord> rs)
    {
        var t = new Dictionary<string, long>();
        void Add(string k) => t[k] = t.GetValueOrDefault(k) + 1;
        foreach (var r in rs)
        {
            string m = $"m{r.Module}";
            Add($"{m}/twofold");
            Add($"{m}/bins{r.BinD0}{r.BinD1}");
            if (r.IsPsiMinus)
            {
                Add($"{m}/psi/{r.IntensityA}{r.IntensityB}");
                if (r.BitA == r.BitB) Add($"{m}/psiErr/{r.BasisA}{r.BasisB}");
            }
            if (r.ExtraClicks > 0) Add($"{m}/extra");
        }
        return t;
    }

    [Fact]
    public void A_drift_without_noise_leaves_every_record_as_the_static_run_has_it()
    {
        // Zero noise: the OU stays at 0, the delays never change, no law is rebuilt and no engine draw moves.
        var c = MdiTestNetworks.FourUser(0.3, durationS: 2e-3);
        var stat = Run(c, perPulse: false).Records;
        var drift = Run(Drifting(c, 0, 1e-5), perPulse: false).Records;
        Assert.True(stat.Count > 1000, $"{stat.Count} records");
        Assert.Equal(stat, drift);
    }

    [Fact]
    public void Each_module_ends_at_its_static_delay_plus_B_minus_A_of_its_users_drifts()
    {
        var c = MdiTestNetworks.FourUser(0.1, durationS: 1e-3);
        c = Drifting(c with { Modules = c.Modules.Select(m => m with { RelativeDelayPs = 10 * m.Index }).ToArray() }, 5000, 1e-4);
        var (_, session) = Run(c, perPulse: false);
        var drift = session.DelayDrift!;
        // The drift's own stream, replayed: 10 exact OU steps of 1e-4 s from 0 (random walk: sqrt(D dt) Z per step).
        var streams = new RngStreams(c.Seed);
        for (int u = 0; u < 4; u++)
        {
            var replay = new OrnsteinUhlenbeckProcess(c.DelayDrifts![u]!.DelayPs, 0, streams, $"user/{u}/drift/delay");
            for (int k = 0; k < 10; k++) replay.Advance(1e-4);
            Assert.Equal(replay.Value, drift.UserDelayPs(u));
            Assert.NotEqual(0, drift.UserDelayPs(u));
        }
        foreach (var m in c.Modules)
            Assert.Equal(m.RelativeDelayPs + drift.UserDelayPs(m.UserB) - drift.UserDelayPs(m.UserA), session.Engine.RelativeDelayPs(m.Index));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Fast_and_per_pulse_engines_agree_in_distribution_while_the_delay_drifts()
    {
        // Exaggerated regime (4 dB per user, 2e5 Hz darks, 40 ns dead time: look-backs cross the law changes) with a
        // random walk of 7000 ps/sqrt(s) per user stepped every 1e-4 s (100 slots x 100): the relative delay wanders
        // over ~1 ns (rms 7000 sqrt(2 x 0.01) = 990 ps at the end), i.e. across the HOM dip (pulse sigma 340 ps).
        // One seed for both engines: the drift streams are shared, the engines' own streams differ by name.
        var det = MdiTestNetworks.Snspd(0.8, 2e5, 40_000, 50);
        var c = Drifting(MdiTestNetworks.FourUser(0.4, det, durationS: 1e-2, seed: 77), 7000, 1e-4);
        var fast = Tally(Run(c, perPulse: false).Records);
        var slow = Tally(Run(c, perPulse: true).Records);
        int compared = 0;
        foreach (var key in fast.Keys.Union(slow.Keys))
        {
            long a = fast.GetValueOrDefault(key), b = slow.GetValueOrDefault(key);
            if (a + b < 20) continue;
            // Independent engines given the same drift path: each count ~Poisson, (a - b)/sqrt(a + b) ~ N(0, 1);
            // 5 sigma over ~100 keys keeps the false-alarm rate below 1e-4.
            double z = (a - b) / Math.Sqrt(a + b);
            Assert.True(Math.Abs(z) < 5, $"{key}: fast {a} vs per-pulse {b} (z = {z:F2})");
            compared++;
        }
        Assert.True(compared > 60, $"only {compared} keys compared");

        // Power: the drift moves the same-bin (HOM) two-folds far beyond their noise, so an engine that ignored it would fail above.
        var still = Tally(Run(c with { DelayDrifts = null }, perPulse: false).Records);
        int movedModules = 0;
        for (int m = 0; m < c.Modules.Count; m++)
        {
            long d = fast.GetValueOrDefault($"m{m}/bins00") + fast.GetValueOrDefault($"m{m}/bins11");
            long s = still.GetValueOrDefault($"m{m}/bins00") + still.GetValueOrDefault($"m{m}/bins11");
            if (Math.Abs(d - s) / Math.Sqrt(d + s) > 8) movedModules++;
        }
        Assert.True(movedModules >= 3, $"the drift moved the same-bin counts of only {movedModules} modules");
    }
}

using QkdNetSim.Runs.Mdi;
using QkdNetSim.Detectors;
using QkdNetSim.Protocols.Mdi;
using static QkdNetSim.Tests.Runs.Mdi.MdiScenarioTestSupport;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;
using QkdNetSim.Tests.Protocols.Mdi;

namespace QkdNetSim.Tests.Runs.Mdi;

/// <summary>The seed-002 four-user network file loads, validates and builds to the engine configuration the paper implies.</summary>
public sealed class MdiScenarioNetworkTests
{
    private static readonly LoadedMdiScenario Network = MdiScenarioLoader.Load(NetworkPath, []);

    [Fact]
    public void FourUserNetworkUsersAndModules()
    {
        var c = Network.Config;
        Assert.Equal(["A", "B", "C", "D"], c.Users.Select(u => u.Name));
        Assert.Equal([0, 1, 2, 3], c.Users.Select(u => u.Index));
        Assert.Equal(6, c.Modules.Count);
        Assert.Equal(["AB", "AC", "AD", "BC", "BD", "CD"], c.Modules.Select(m => m.Name));
        Assert.Equal([0, 1, 2, 3, 4, 5], c.Modules.Select(m => m.Index));
        Assert.Equal([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)], c.Modules.Select(m => (m.UserA, m.UserB)));
    }

    [Fact]
    public void FourUserNetworkK4ColouringOfThreeLines()
    {
        var modules = Network.Config.Modules;
        Assert.Equal([35, 43, 59, 59, 43, 35], modules.Select(m => m.Line.ItuChannel));
        // Each user sends each wavelength to exactly one module: every DEMUX port used once.
        for (int user = 0; user < 4; user++)
            foreach (int channel in new[] { 35, 43, 59 })
                Assert.Single(modules, m => m.Line.ItuChannel == channel && (m.UserA == user || m.UserB == user));
    }

    [Fact]
    public void FourUserNetworkTransmittanceIsFifteenDbPerUser()
    {
        foreach (var m in Network.Config.Modules)
        {
            Assert.Equal(Math.Pow(10, -1.5), m.TransmittanceA);
            Assert.Equal(Math.Pow(10, -1.5), m.TransmittanceB);
        }
    }

    [Fact]
    public void FourUserNetworkPolarizationOverlapIsTwiceHomVisibility()
    {
        Assert.Equal([0.950, 0.962, 0.930, 0.960, 0.930, 0.958], Network.Config.Modules.Select(m => m.PolarizationOverlap));
        Assert.All(Network.Config.Modules, m => Assert.Equal(0, m.RelativeDelayPs));
    }

    [Fact]
    public void FourUserNetworkDevicesFromModelFiles()
    {
        var c = Network.Config;
        var expectedEncoder = TimeBinEncoder.Seed002(30);
        Assert.All(c.Users, u =>
        {
            Assert.Equal(expectedEncoder.MeanPhotonNumbers, u.Encoder.MeanPhotonNumbers);
            Assert.Equal(expectedEncoder.Probabilities, u.Encoder.Probabilities);
            Assert.Equal(expectedEncoder.Bases, u.Encoder.Bases);
            Assert.Equal(30, u.Encoder.ExtinctionRatioDb);
        });
        var snspd = new SnspdParameters(EfficiencyFraction: 0.80, DarkCountRateHz: 100, DeadTimePs: 40_000, JitterRmsPs: 50);
        Assert.All(c.Modules, m =>
        {
            Assert.Equal(snspd, m.Detector0);
            Assert.Equal(snspd, m.Detector1);
            Assert.Equal(1.0, m.Line.CoherentFraction);
            Assert.Equal(1.1e5, m.Line.LinewidthHz);
        });
    }

    [Fact]
    public void FourUserNetworkTimingAndSession()
    {
        var c = Network.Config;
        Assert.Equal(new MdiTiming(1e8, 5000, 800, 1000, 156), c.Timing);
        Assert.Equal(10_000, c.Timing.SlotPeriodPs);
        Assert.Equal(100_000_000, c.SessionSlots);
        Assert.True(c.SharedEncoder);
        Assert.Equal(1UL, c.Seed);
        Assert.Equal(1.16, Network.Scenario.Analysis.ErrorCorrectionEfficiency);
        Assert.Equal(NetworkPath, Network.SourcePath);
    }

    [Fact]
    public void ChaoticCombModelReplacesTheSolitonLine()
    {
        // A scenario that includes the whole network file and swaps the comb for the chaotic-state model.
        using var dir = new ScratchDirectory();
        string chaotic = ModelPath("sources/seed002-dks-comb-chaotic.yaml");
        string scenario = dir.Write("chaotic.yaml", $"model: {NetworkPath}\ncomb:\n  model: {chaotic}\n");
        var c = MdiScenarioLoader.Load(scenario, []).Config;
        var soliton = Network.Config;
        Assert.Equal(soliton.Modules.Count, c.Modules.Count);
        for (int i = 0; i < c.Modules.Count; i++)
        {
            var (ms, mc) = (soliton.Modules[i], c.Modules[i]);
            Assert.Equal(0.783, mc.Line.CoherentFraction);
            Assert.Equal(1.4e6, mc.Line.LinewidthHz);
            // Only the comb line changes: channel, losses, polarization overlap and detectors are the network file's.
            Assert.Equal(ms.Line.ItuChannel, mc.Line.ItuChannel);
            Assert.Equal(ms.TransmittanceA, mc.TransmittanceA);
            Assert.Equal(ms.TransmittanceB, mc.TransmittanceB);
            Assert.Equal(ms.PolarizationOverlap, mc.PolarizationOverlap);
            Assert.Equal(ms.Detector0, mc.Detector0);

            // What the built network does with the line, against the paper's measurements rather than the file's own number:
            // the HOM visibility of weak coherent pulses is kappa^2 / 2 in the low-mean limit (BsmPhysicsTests), so the
            // chaotic / soliton visibility ratio of the built modules is (kappa_c / kappa_s)^2, and the paper measured
            // 28.6 % / 46.7 % (Fig. 3b, 3d). The model file rounds p to 3 decimals (|dp| <= 5e-4), so the ratio may differ
            // from 0.286 / 0.467 by at most 2 p 5e-4 = 7.9e-4.
            var tc = new UserStateTable(c.Users[mc.UserA].Encoder);
            var ts = new UserStateTable(soliton.Users[ms.UserA].Encoder);
            var oc = new BsmOptics(mc, tc, tc, c.Timing);
            var os = new BsmOptics(ms, ts, ts, soliton.Timing);
            double ratio = Math.Pow(oc.Kappa / os.Kappa, 2);
            Assert.True(Math.Abs(ratio - 0.286 / 0.467) <= 2 * 0.783 * 5e-4,
                $"module {mc.Name}: visibility ratio {ratio:F5} vs measured {0.286 / 0.467:F5}");
            // Early-late phase drift: delta ~ N(0, 2 x 2 pi linewidth T) (two independent Wiener phases, Lorentzian line),
            // with the chaotic line's 1.4 MHz (Supplementary Fig. 14) and T the early-late separation of the timing.
            double rms = Math.Sqrt(2 * 2 * Math.PI * 1.4e6 * c.Timing.EarlyLateSeparationPs * 1e-12);
            Assert.Equal(rms, oc.PhaseDriftRms, 12);
        }
    }

    [Fact]
    public void BuilderMapsBasesAndRoundsDeadTime()
    {
        var l = LoadMdiText(Minimal("encoder:\n  intensities: [0.5, 0.1]\n  probabilities: [0.5, 0.5]\n  bases: [X, Z]\n" +
            "relay:\n  detector:\n    deadTimeNs: 12.3456\n"));
        Assert.Equal(new byte[] { 1, 0 }, l.Config.Users[0].Encoder.Bases);
        Assert.Equal(12_346, l.Config.Modules[0].Detector0.DeadTimePs);
    }

    [Fact]
    public void BuilderRelayLossesAddToEveryInput()
    {
        var l = LoadMdiText(Minimal("relay:\n  demuxInsertionLossDb: 2.5\n  beamSplitterExcessLossDb: 0.5\n"), "users.1.channelLossDb=7");
        Assert.Equal(Math.Pow(10, -1.8), l.Config.Modules[0].TransmittanceA, 15);
        Assert.Equal(Math.Pow(10, -1.0), l.Config.Modules[0].TransmittanceB, 15);
    }
}

using QkdNetSim.Runs.Access;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>The seed-004 (Froehlich et al. 2013) model files under models/ load and resolve to the paper's numbers.</summary>
public sealed class ScenarioSeed004ModelTests
{
    private static double TotalLossDb(ResolvedUser u, CombinerSpec c)
        => u.FibreLengthKm * u.FibreLossDbPerKm + u.ExtraLossDb + c.InsertionLossDb;

    [Fact]
    public void Fig3aSplitterResolvesToPaperValues()
    {
        var l = ScenarioLoader.Load(ModelPath("networks/seed004-fig3a-splitter.yaml"), []);
        var s = l.Scenario;

        Assert.Equal(1200, s.DurationS);
        Assert.Equal(1e9, s.Receiver.GateRateHz);
        Assert.Equal(8, s.Receiver.TimeBins);
        Assert.Equal(2.2, s.Receiver.InterferometerLossDb);
        Assert.Equal(0.005, s.Receiver.OpticalError);
        Assert.Equal(0.0904, s.Receiver.Detector.Efficiency * Math.Pow(10, -s.Receiver.InterferometerLossDb / 10), 4);

        var d = s.Receiver.Detector;
        Assert.Equal(0.15, d.Efficiency);
        Assert.Equal(8e-6, d.DarkCountProbabilityPerGate);
        Assert.Equal(0.045, d.AfterpulseProbability);
        Assert.Equal([2000.0], d.AfterpulseTrapLifetimesNs);
        Assert.Equal([1.0], d.AfterpulseTrapWeights);
        Assert.Equal(0, d.HoldoffGates);
        Assert.Equal(0.019, d.CrosstalkProbability);
        Assert.Equal(1.0, d.CrosstalkDecayGates);

        Assert.Equal("splitter", s.Combiner.Type);
        Assert.Equal(8, s.Combiner.Ports);
        Assert.Equal(9.7, s.Combiner.InsertionLossDb);

        Assert.Equal(2, l.Users.Count);
        var t1 = l.Users[0];
        var t2 = l.Users[1];
        Assert.Equal(("T1", 0, 0, 19.5), (t1.Name, t1.Slot, t1.Port, t1.FibreLengthKm));
        Assert.Equal(("T2", 4, 1, 21.5), (t2.Name, t2.Slot, t2.Port, t2.FibreLengthKm));
        Assert.Equal(13.6, TotalLossDb(t1, s.Combiner), 9);
        Assert.Equal(14.0, TotalLossDb(t2, s.Combiner), 9);
        foreach (var u in l.Users)
        {
            Assert.True(u.Active);
            Assert.Equal(0.005, u.OpticalError);
            Assert.Equal([0.5, 0.1, 0.0002], u.Intensities);
            Assert.Equal([0.9883, 0.0078, 0.0039], u.Probabilities);
            Assert.Equal(0.5, u.Basis0Probability);
            Assert.Equal(0, u.TimingOffsetPs);
        }
    }

    [Fact]
    public void Fig3bDwdmResolvesToPaperValues()
    {
        var l = ScenarioLoader.Load(ModelPath("networks/seed004-fig3b-dwdm.yaml"), []);
        var s = l.Scenario;

        Assert.Equal("dwdm", s.Combiner.Type);
        Assert.Equal(2.5, s.Combiner.InsertionLossDb);
        Assert.Equal([33, 34, 35, 36, 37, 38, 39, 40], s.Combiner.PortChannels);
        Assert.Equal(0.15, s.Receiver.Detector.Efficiency);
        Assert.Equal(33, l.Users[0].ItuChannel);
        Assert.Equal(34, l.Users[1].ItuChannel);
        Assert.Equal(6.4, TotalLossDb(l.Users[0], s.Combiner), 9);
        Assert.Equal(6.8, TotalLossDb(l.Users[1], s.Combiner), 9);
    }

    [Fact]
    public void EachModelFileLoadsOnItsOwn()
    {
        // Each component model, wrapped at its place in a scenario, binds without unknown keys and validates.
        string det = ModelPath("detectors/toshiba-gated-apd-1ghz.yaml");
        string rec = ModelPath("receivers/seed004-receiver.yaml");
        string src = ModelPath("sources/seed004-decoy-source.yaml");
        string yaml = $"receiver:\n  model: {rec}\n  detector:\n    model: {det}\nuserDefaults:\n  source:\n    model: {src}\nuserCount: 1\n";
        var l = LoadText(yaml);
        Assert.Equal(0.045, l.Scenario.Receiver.Detector.AfterpulseProbability);
        Assert.Equal(0.0078, l.Users[0].Probabilities[1]);
    }

    [Fact]
    public void OverridesApplyOnTopOfModels()
    {
        var l = ScenarioLoader.Load(ModelPath("networks/seed004-fig3a-splitter.yaml"),
            ["receiver.detector.afterpulseProbability=0.03", "users.1.fibreLengthKm=25", "combiner.type=dwdm", "combiner.insertionLossDb=2.5"]);
        Assert.Equal(0.03, l.Scenario.Receiver.Detector.AfterpulseProbability);
        Assert.Equal(0.15, l.Scenario.Receiver.Detector.Efficiency);
        Assert.Equal(25, l.Users[1].FibreLengthKm);
        Assert.Equal("dwdm", l.Scenario.Combiner.Type);
        Assert.Equal(34, l.Users[1].ItuChannel); // firstChannel 33 + port 1
    }
}

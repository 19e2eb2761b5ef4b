using QkdNetSim.Runs.Access;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>User resolution: defaults, generated users, active count, per-port channels.</summary>
public sealed class ScenarioResolverTests
{
    [Fact]
    public void GeneratesUsersFromDefaults()
    {
        var l = LoadText("userCount: 4\nuserDefaults:\n  fibreLengthKm: 5\n  extraLossDb: 0.5\nusers:\n  - name: A\n    fibreLengthKm: 1\n");
        Assert.Equal(4, l.Users.Count);
        Assert.Equal(("A", 1.0, 0.5), (l.Users[0].Name, l.Users[0].FibreLengthKm, l.Users[0].ExtraLossDb));
        for (int i = 1; i < 4; i++)
        {
            var u = l.Users[i];
            Assert.Equal(($"U{i}", i, i, i, 5.0, true), (u.Name, u.Index, u.Slot, u.Port, u.FibreLengthKm, u.Active));
        }
    }

    [Fact]
    public void BuiltInDefaults()
    {
        var u = LoadText("receiver:\n  opticalError: 0.01\nusers:\n  - {}\n").Users[0];
        Assert.Equal("U0", u.Name);
        Assert.Equal(0.2, u.FibreLossDbPerKm);
        Assert.Equal(0, u.ExtraLossDb);
        Assert.Equal(0, u.FibreLengthKm);
        Assert.Equal(0, u.TimingOffsetPs);
        Assert.Equal(0.01, u.OpticalError);
        Assert.Equal(33, u.ItuChannel);
        Assert.Equal([0.9883, 0.0078, 0.0039], u.Probabilities);
    }

    [Fact]
    public void UserSourceReplacesDefaultSourceWhole()
    {
        var l = LoadText("userDefaults:\n  source:\n    basis0Probability: 0.7\nusers:\n  - {}\n  - source:\n      intensities: [0.3]\n      probabilities: [1]\n");
        Assert.Equal(0.7, l.Users[0].Basis0Probability);
        Assert.Equal(0.5, l.Users[1].Basis0Probability);
        Assert.Equal([0.3], l.Users[1].Intensities);
    }

    [Fact]
    public void ActiveUsersFirstNActive()
    {
        var l = LoadText("userCount: 5\nactiveUsers: 2\nusers:\n  - active: false\n");
        Assert.Equal([true, true, false, false, false], l.Users.Select(u => u.Active));
    }

    [Fact]
    public void ActiveUsersMinusOneUsesEachUsersFlag()
    {
        var l = LoadText("userDefaults:\n  active: false\nusers:\n  - active: true\n  - {}\n");
        Assert.Equal([true, false], l.Users.Select(u => u.Active));
    }

    [Fact]
    public void DwdmChannelsFromPortChannelsOrFirstChannel()
    {
        var listed = LoadText("combiner:\n  type: dwdm\n  ports: 3\n  portChannels: [40, 41, 45]\nusers:\n  - port: 2\n  - port: 0\n  - port: 1\n    ituChannel: 50\n");
        Assert.Equal([45, 40, 50], listed.Users.Select(u => u.ItuChannel));
        var first = LoadText("combiner:\n  type: dwdm\n  firstChannel: 21\nuserCount: 3\n");
        Assert.Equal([21, 22, 23], first.Users.Select(u => u.ItuChannel));
    }

    [Fact]
    public void ResolveUsersReturnsPrivateArrays()
    {
        var s = new ScenarioFile { UserCount = 2 };
        var users = ScenarioResolver.ResolveUsers(s);
        users[0].Intensities[0] = 99;
        Assert.Equal(0.5, users[1].Intensities[0]);
        Assert.Equal(0.5, s.UserDefaults.Source?.Intensities[0] ?? new SourceSpec().Intensities[0]);
    }

    [Fact]
    public void ValidatorAcceptsClassDefaults()
    {
        ScenarioValidator.Validate(new ScenarioFile(), "defaults");
        ScenarioValidator.Validate(new ScenarioFile { UserCount = 8 }, "defaults");
    }

    [Fact]
    public void ValidatorBlamesGivenFile()
    {
        var s = new ScenarioFile();
        s.Analysis.Epsilon = 0.01;
        var e = ExpectError(() => ScenarioValidator.Validate(s, "x.yaml"), "x.yaml", "analysis.epsilon");
        Assert.Equal("must be in (0, 0.001], got 0.01", e.Rule);
    }

    [Theory]
    [InlineData("mode: slow\n", "mode", "must be 'fast', 'perPulse' or 'blocks', got 'slow'")]
    [InlineData("receiver:\n  detector:\n    afterpulseProbability: 0.6\n    crosstalkProbability: 0.5\n", "receiver.detector.crosstalkProbability", "afterpulseProbability + crosstalkProbability = 1.1 (must be < 1)")]
    [InlineData("receiver:\n  detector:\n    afterpulseTrapWeights: [0.5]\n", "receiver.detector.afterpulseTrapWeights", "weights sum to 0.5 (must sum to 1 within 1e-9)")]
    [InlineData("receiver:\n  opticalError: 0.6\n", "receiver.opticalError", "must be in [0, 0.5], got 0.6")]
    [InlineData("receiver:\n  basis0Probability: 1\n", "receiver.basis0Probability", "must be in (0, 1), got 1")]
    [InlineData("receiver:\n  detector:\n    darkCountProbabilityPerGate: 1\n", "receiver.detector.darkCountProbabilityPerGate", "must be in [0, 1), got 1")]
    [InlineData("combiner:\n  type: star\n", "combiner.type", "must be 'splitter' or 'dwdm', got 'star'")]
    [InlineData("combiner:\n  ports: 0\n", "combiner.ports", "must be >= 1, got 0")]
    [InlineData("userDefaults:\n  source:\n    intensities: [11, 0.1, 0]\n", "userDefaults.source.intensities.0", "must be in [0, 10] (mean photon number), got 11")]
    [InlineData("analysis:\n  errorCorrectionEfficiency: 0.9\n", "analysis.errorCorrectionEfficiency", "must be >= 1, got 0.9")]
    [InlineData("log:\n  rowGroupSize: 100\n", "log.rowGroupSize", "must be >= 1024, got 100")]
    [InlineData("userCount: 3\nactiveUsers: 4\n", "activeUsers", "is 4 but there are only 3 users")]
    [InlineData("combiner:\n  ports: 4\n  portChannels: [1, 2]\n", "combiner.portChannels", "lists 2 channels but the combiner has 4 ports")]
    public void ValidatorRules(string yaml, string field, string rule)
    {
        var e = ExpectError(() => LoadText(yaml), "test.yaml", field);
        Assert.Equal(rule, e.Rule);
    }
}

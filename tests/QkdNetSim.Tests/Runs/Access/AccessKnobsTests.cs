using QkdNetSim.Core;
using QkdNetSim.Optics;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>The access network's study knobs rewrite the scenario through ordinary --set overrides (so the hash covers them).</summary>
public sealed class AccessKnobsTests
{
    private static LoadedScenario Base(params string[] sets) => AccessModelTests.Network(sets);

    private static LoadedScenario With(string knob, double value, params string[] sets) => AccessModelTests.Network(sets, (knob, value));

    [Fact]
    public void The_access_kind_offers_the_five_knobs_by_their_exact_names()
    {
        var kind = KindRegistry.Get(KindNames.Access);
        Assert.Equal(["capacity", "activeUsers", "distance", "afterpulseProbability", "darkCountProbability"], kind.Knobs.Select(k => k.Name));
        Assert.Equal("users", kind.UnitsKey);
        Assert.True(kind.Knobs.Single(k => k.Name == "capacity").IsInteger);
        Assert.Equal("km", kind.Knobs.Single(k => k.Name == "distance").Unit);
    }

    [Fact]
    public void Capacity_builds_the_fig4b_network_of_N_active_users_behind_a_1xN_splitter()
    {
        var b = Base();
        var s = With(AccessKnobs.Capacity, 16);
        Assert.Equal(16, s.Scenario.Receiver.TimeBins);
        Assert.Equal(("splitter", 16, 13.0), (s.Scenario.Combiner.Type, s.Scenario.Combiner.Ports, s.Scenario.Combiner.InsertionLossDb));
        Assert.Equal(16, s.Users.Count);
        Assert.All(s.Users, u =>
        {
            Assert.True(u.Active);
            Assert.Equal(u.Index, u.Slot);
            Assert.Equal(b.Users[0].FibreLengthKm, u.FibreLengthKm);
            Assert.Equal(b.Users[0].Intensities, u.Intensities);
            Assert.Equal(b.Users[0].Probabilities, u.Probabilities);
        });
        Assert.NotEqual(b.ScenarioHash, s.ScenarioHash);
        Assert.Equal(PassiveSplitter.Seed004InsertionLossDb(12), With(AccessKnobs.Capacity, 12).Scenario.Combiner.InsertionLossDb); // modelled, not measured
        Assert.Throws<InputError>(() => With(AccessKnobs.Capacity, AccessKnobs.MaxCapacity + 1));
    }

    [Fact]
    public void Active_users_are_spread_evenly_over_the_fixed_time_bins()
    {
        var s = With(AccessKnobs.ActiveUsers, 3);
        Assert.Equal(8, s.Scenario.Receiver.TimeBins);
        Assert.Equal([0, 2, 5], s.Users.Select(u => u.Slot));
        Assert.All(s.Users, u => Assert.True(u.Active));
        Assert.Equal(8, With(AccessKnobs.ActiveUsers, 8).Users.Count);
        var e = Assert.Throws<InputError>(() => With(AccessKnobs.ActiveUsers, 9));
        Assert.Equal("activeUsers", e.Field);
    }

    [Fact]
    public void Distance_sets_every_users_fibre_length_including_generated_users()
    {
        Assert.All(With(AccessKnobs.Distance, 7.5).Users, u => Assert.Equal(7.5, u.FibreLengthKm));
        var generated = With(AccessKnobs.Distance, 3, "users.1.slot=1", "userCount=5");
        Assert.Equal(5, generated.Users.Count);
        Assert.All(generated.Users, u => Assert.Equal(3, u.FibreLengthKm));
        // Applied in turn after capacity, it reaches the N users capacity made.
        var both = AccessModelTests.Network([], (AccessKnobs.Capacity, 32), (AccessKnobs.Distance, 11));
        Assert.Equal(32, both.Users.Count);
        Assert.All(both.Users, u => Assert.Equal(11, u.FibreLengthKm));
    }

    [Fact]
    public void Detector_probability_knobs_are_aliases_of_the_receiver_detector_fields()
    {
        Assert.Equal(0.1, With(AccessKnobs.AfterpulseProbability, 0.1).Scenario.Receiver.Detector.AfterpulseProbability);
        Assert.Equal(2e-5, With(AccessKnobs.DarkCountProbability, 2e-5).Scenario.Receiver.Detector.DarkCountProbabilityPerGate);
        Assert.Equal(Base("receiver.detector.afterpulseProbability=0.1").ScenarioHash, With(AccessKnobs.AfterpulseProbability, 0.1).ScenarioHash);
        Assert.Throws<InputError>(() => With(AccessKnobs.DarkCountProbability, 1)); // the validator's [0, 1)
    }
}

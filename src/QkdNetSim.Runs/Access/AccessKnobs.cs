using System.Globalization;
using QkdNetSim.Core;
using QkdNetSim.Optics;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The access network's study knobs (<see cref="StudyKnob"/>): named parameters that rewrite a scenario through ordinary
/// `--set` overrides, so a point's resolved scenario and hash cover them.
/// <list type="bullet">
/// <item>`capacity` N: the network size of seed-004 Fig. 4b. N time bins (each transmitter at gateRateHz / N), a 1xN
/// splitter with seed 004's loss (<see cref="PassiveSplitter.Seed004InsertionLossDb"/>), N users U0..U(N-1) in bins
/// 0..N-1, all active, each with the first user's transmitter and link (source, fibre length and loss, extra loss, optical
/// error, timing offset), as Experiments' CapacityNetworks builds them.</item>
/// <item>`activeUsers` n: n users on at the scenario's fixed N, in bins floor(i N / n) (spread evenly, the placement
/// CapacityNetworks uses), each with the first user's transmitter and link; n in [1, N].</item>
/// <item>`distance`: every user's fibre length, km (the users' own and the defaults').</item>
/// <item>`afterpulseProbability`, `darkCountProbability`: the receiver detector's afterpulseProbability and
/// darkCountProbabilityPerGate.</item>
/// </list>
/// Each knob's overrides are computed from the scenario they are applied to; to combine knobs, apply them in turn, each to
/// the scenario the previous ones produced (capacity and activeUsers replace the user list, so apply them first).
/// </summary>
public static class AccessKnobs
{
    public const string Capacity = "capacity";
    public const string ActiveUsers = "activeUsers";
    public const string Distance = "distance";
    public const string AfterpulseProbability = "afterpulseProbability";
    public const string DarkCountProbability = "darkCountProbability";

    /// <summary>Largest network size the capacity knob builds (a 1x1024 splitter loses about 32 dB).</summary>
    public const int MaxCapacity = 1024;

    public static IReadOnlyList<StudyKnob> All { get; } =
    [
        new(Capacity, "users", "network size N: 1xN splitter with seed 004's loss, N time bins (gate rate / N per transmitter), all N users active with the first user's source and fibre",
            IsInteger: true, Minimum: 2, Maximum: MaxCapacity, (s, v) => CapacityOverrides(Loaded(s), (int)v)) { RebuildsUsers = true },
        new(ActiveUsers, "users", "users switched on at the scenario's fixed N, spread evenly over the time bins, each with the first user's source and fibre",
            IsInteger: true, Minimum: 1, Maximum: ScenarioValidator.MaxTimeBins, (s, v) => ActiveUsersOverrides(Loaded(s), (int)v)) { RebuildsUsers = true },
        new(Distance, "km", "every user's fibre length",
            IsInteger: false, Minimum: 0, Maximum: ScenarioValidator.MaxFibreLengthKm, (s, v) => DistanceOverrides(Loaded(s), v)),
        new(AfterpulseProbability, "", "receiver.detector.afterpulseProbability, in [0, 1)",
            IsInteger: false, Minimum: 0, Maximum: 1, (_, v) => [$"receiver.detector.afterpulseProbability={Yaml(v)}"]),
        new(DarkCountProbability, "", "receiver.detector.darkCountProbabilityPerGate, in [0, 1)",
            IsInteger: false, Minimum: 0, Maximum: 1, (_, v) => [$"receiver.detector.darkCountProbabilityPerGate={Yaml(v)}"]),
    ];

    public static IReadOnlyList<string> CapacityOverrides(LoadedScenario s, int capacity)
    {
        if (capacity < 1 || capacity > MaxCapacity)
            throw new InputError(s.SourcePath, Capacity, $"must be an integer in [1, {MaxCapacity}], got {capacity}");
        return
        [
            $"receiver.timeBins={capacity}",
            "combiner.type=splitter",
            $"combiner.ports={capacity}",
            $"combiner.insertionLossDb={Yaml(PassiveSplitter.Seed004InsertionLossDb(capacity))}",
            $"userDefaults={FirstUserDefaults(s)}",
            "users=[]",
            $"userCount={capacity}",
            "activeUsers=-1",
        ];
    }

    public static IReadOnlyList<string> ActiveUsersOverrides(LoadedScenario s, int activeUsers)
    {
        int bins = s.Scenario.Receiver.TimeBins, ports = s.Scenario.Combiner.Ports;
        if (activeUsers < 1 || activeUsers > bins)
            throw new InputError(s.SourcePath, ActiveUsers, $"must be an integer in [1, {bins}] (receiver.timeBins), got {activeUsers}");
        var users = Enumerable.Range(0, activeUsers).Select(i =>
        {
            int slot = (int)((long)i * bins / activeUsers);
            int port = ports >= bins ? slot : i;
            return $"{{name: U{i}, slot: {slot}, port: {port}}}";
        });
        return [$"userDefaults={FirstUserDefaults(s)}", $"users=[{string.Join(", ", users)}]", "userCount=0", "activeUsers=-1"];
    }

    public static IReadOnlyList<string> DistanceOverrides(LoadedScenario s, double km)
    {
        var sets = new List<string> { $"userDefaults.fibreLengthKm={Yaml(km)}" };
        for (int i = 0; i < s.Scenario.Users.Count; i++) sets.Add($"users.{i}.fibreLengthKm={Yaml(km)}");
        return sets;
    }

    /// <summary>The first user's transmitter and link as a `userDefaults` mapping (YAML flow), active.</summary>
    private static string FirstUserDefaults(LoadedScenario s)
    {
        if (s.Users.Count == 0) throw new InputError(s.SourcePath, "users", "the scenario has no user to copy");
        var u = s.Users[0];
        return $"{{active: true, fibreLengthKm: {Yaml(u.FibreLengthKm)}, fibreLossDbPerKm: {Yaml(u.FibreLossDbPerKm)}, extraLossDb: {Yaml(u.ExtraLossDb)}, "
            + $"timingOffsetPs: {Yaml(u.TimingOffsetPs)}, opticalError: {Yaml(u.OpticalError)}, source: {{intensities: [{List(u.Intensities)}], "
            + $"probabilities: [{List(u.Probabilities)}], basis0Probability: {Yaml(u.Basis0Probability)}}}}}";
    }

    private static LoadedScenario Loaded(IRunScenario s) => s as LoadedScenario
        ?? throw new ArgumentException($"an access-network knob needs an access-network scenario, got {s.Kind}", nameof(s));

    private static string List(IEnumerable<double> values) => string.Join(", ", values.Select(Yaml));

    /// <summary>A number as YAML that reads back to the same double.</summary>
    public static string Yaml(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

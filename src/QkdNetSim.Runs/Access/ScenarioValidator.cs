using QkdNetSim.Analysis;
using QkdNetSim.Core.Units;
using QkdNetSim.Core;
using static QkdNetSim.Data.Scenarios.RuleChecker;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Checks a bound scenario against the physical and structural rules the simulator relies on, and throws an
/// <see cref="InputError"/> for the first rule broken (rules are checked in schema order, so the same bad file always
/// gives the same message). The simulator can then assume valid input: probabilities are probabilities, losses
/// attenuate, every active user owns a distinct time bin and combiner port.
/// </summary>
public static class ScenarioValidator
{
    /// <summary>Longest session: 100 days.</summary>
    public const double MaxDurationS = 8.64e6;

    /// <summary>Tolerance for "sums to 1": loose enough for decimal fractions written in a file, tight enough to catch typos.</summary>
    public const double SumTolerance = RuleChecker.SumTolerance;

    /// <summary>Largest allowed mean photon number: beyond this a "weak coherent" source is a typo (e.g. 50 for 0.5).</summary>
    public const double MaxIntensity = 10.0;

    /// <summary>Largest allowed security parameter; above it a composable key is not meaningfully secret.</summary>
    public const double MaxEpsilon = 1e-3;

    /// <summary>Smallest Parquet row group worth writing (smaller ones blow up file metadata).</summary>
    public const int MinRowGroupSize = 1024;

    /// <summary>Largest row group: 4 Mi rows, about 210 MB of column buffers per set (the log writer holds up to encoder threads + 1 sets, whatever the session).</summary>
    public const int MaxRowGroupSize = 1 << 22;

    /// <summary>Fastest gate clock: a 1 ps period, the kernel's time resolution.</summary>
    public const double MaxGateRateHz = 1e12;

    /// <summary>Most time bins, users and combiner ports: the log's 16-bit time_bin and user columns.</summary>
    public const int MaxTimeBins = short.MaxValue;

    /// <summary>Largest loss or isolation in dB: 1000 dB is a transmittance of 1e-100, far beyond any link with a key.</summary>
    public const double MaxLossDb = 1000;

    /// <summary>Longest fibre: 10,000 km (2000 dB at 0.2 dB/km; no key survives a tenth of it).</summary>
    public const double MaxFibreLengthKm = 1e4;

    /// <summary>Largest fibre attenuation: 100 dB/km (standard fibre has 0.2).</summary>
    public const double MaxFibreLossDbPerKm = 100;

    /// <summary>Longest detector time constant (trap lifetime, gate window): one second, far beyond any APD.</summary>
    public const double MaxDetectorTimeNs = 1e9;

    /// <summary>Most gates of hold-off or crosstalk decay: a million gates (1 ms at 1 GHz).</summary>
    public const int MaxDetectorGates = 1_000_000;

    /// <summary>Longest scenario name, in characters (it becomes the folder name of the default output, runs/NAME).</summary>
    public const int MaxNameLength = 128;

    /// <summary>
    /// The rule every kind applies to its scenario's top-level <c>name</c>: the default output folder is runs/NAME, so the
    /// name must be one plain folder name that stays inside runs/ — not empty, at most <see cref="MaxNameLength"/>
    /// characters, no '/', '\', NUL or other control characters, not starting with '.' (so neither '..' nor a hidden
    /// folder such as a run's staging folder). Returns the broken rule, or null if <paramref name="name"/> is fine.
    /// </summary>
    public static string? RunNameProblem(string? name)
    {
        const string rule = "must be one folder name (it names the default output folder runs/NAME): ";
        if (string.IsNullOrWhiteSpace(name)) return rule + "not empty";
        if (name.Length > MaxNameLength) return rule + $"at most {MaxNameLength} characters, got {name.Length}";
        if (name.Contains('/') || name.Contains('\\')) return rule + "no '/' or '\\'";
        if (name.Any(char.IsControl)) return rule + "no NUL or other control characters";
        if (name.StartsWith('.')) return rule + "not starting with '.'";
        if (name != name.Trim()) return rule + "no leading or trailing spaces";
        return null;
    }

    /// <summary>Applies <see cref="RunNameProblem"/> to the top-level field <c>name</c>.</summary>
    public static void RunName(RuleChecker v, string? name)
    {
        if (RunNameProblem(name) is string problem) v.Fail("name", problem);
    }

    /// <summary>Validates with every error blamed on <paramref name="file"/>.</summary>
    public static void Validate(ScenarioFile s, string file) => Validate(s, new ScenarioOrigins(file));

    /// <summary>Validates, blaming each error on the file that wrote the offending field.</summary>
    public static void Validate(ScenarioFile s, ScenarioOrigins origins)
    {
        var v = new RuleChecker(origins);

        RunName(v, s.Name);
        v.Positive("durationS", s.DurationS);
        // Kernel time is int64 picoseconds (max ~9.2e6 s); 100 days leaves headroom for delays beyond the session end.
        if (s.DurationS > MaxDurationS) v.Fail("durationS", $"must be at most {MaxDurationS} s (100 days; time is counted in int64 picoseconds), got {F(s.DurationS)}");
        if (s.Mode is not ("fast" or "perPulse" or "blocks")) v.Fail("mode", $"must be 'fast', 'perPulse' or 'blocks', got {YamlTreeReader.Quoted(s.Mode)}");
        v.AtLeast("userCount", s.UserCount, 0);
        AtMost(v, "userCount", s.UserCount, MaxTimeBins);
        v.AtLeast("activeUsers", s.ActiveUsers, -1);
        AtMost(v, "activeUsers", s.ActiveUsers, MaxTimeBins);
        if (s.Users.Count > MaxTimeBins) v.Fail("users", $"lists {s.Users.Count} users, at most {MaxTimeBins} (one time bin each)");

        var r = s.Receiver;
        // Gate clock up to a 1 ps period; with the 100-day limit, gates x period stays below 2^63 ps.
        v.Positive("receiver.gateRateHz", r.GateRateHz);
        AtMost(v, "receiver.gateRateHz", r.GateRateHz, MaxGateRateHz);
        if (s.DurationS * r.GateRateHz < 1)
            v.Fail("durationS", $"{F(s.DurationS)} s at {F(r.GateRateHz)} Hz holds no gate (needs durationS x gateRateHz >= 1)");
        if (s.EpochS is double epochS)
        {
            v.Positive("epochS", epochS);
            AtMost(v, "epochS", epochS, MaxDurationS);
            if (epochS * r.GateRateHz < 1)
                v.Fail("epochS", $"{F(epochS)} s at {F(r.GateRateHz)} Hz holds no gate (needs epochS x gateRateHz >= 1)");
        }
        v.AtLeast("receiver.timeBins", r.TimeBins, 1);
        AtMost(v, "receiver.timeBins", r.TimeBins, MaxTimeBins);
        v.NonNegative("receiver.interferometerLossDb", r.InterferometerLossDb);
        AtMost(v, "receiver.interferometerLossDb", r.InterferometerLossDb, MaxLossDb);
        v.Closed("receiver.opticalError", r.OpticalError, 0, 0.5);
        v.Open("receiver.basis0Probability", r.Basis0Probability, 0, 1);
        v.Positive("receiver.gateWindowFwhmPs", r.GateWindowFwhmPs);
        AtMost(v, "receiver.gateWindowFwhmPs", r.GateWindowFwhmPs, MaxDetectorTimeNs * 1e3);
        if (r.GateRateHz > 0 && double.IsFinite(r.GateRateHz) && r.GateWindowFwhmPs > Periods.ExactPeriodPs(r.GateRateHz))
            v.Fail("receiver.gateWindowFwhmPs", $"{F(r.GateWindowFwhmPs)} ps is wider than the gate period ({F(Periods.ExactPeriodPs(r.GateRateHz))} ps): one photon would be caught by several gates");
        if (r.InterferometerDelayPs is { } delayPs)
        {
            v.Positive("receiver.interferometerDelayPs", delayPs);
            AtMost(v, "receiver.interferometerDelayPs", delayPs, MaxDetectorTimeNs * 1e3);
        }
        ValidateDetector(v, r.Detector, "receiver.detector");

        var c = s.Combiner;
        if (c.Type is not ("splitter" or "dwdm")) v.Fail("combiner.type", $"must be 'splitter' or 'dwdm', got {YamlTreeReader.Quoted(c.Type)}");
        v.AtLeast("combiner.ports", c.Ports, 1);
        AtMost(v, "combiner.ports", c.Ports, MaxTimeBins);
        v.NonNegative("combiner.insertionLossDb", c.InsertionLossDb);
        AtMost(v, "combiner.insertionLossDb", c.InsertionLossDb, MaxLossDb);
        if (c.PortChannels.Count != 0 && c.PortChannels.Count != c.Ports)
            v.Fail("combiner.portChannels", $"lists {c.PortChannels.Count} channels but the combiner has {c.Ports} ports");
        v.NonNegative("combiner.adjacentChannelIsolationDb", c.AdjacentChannelIsolationDb);
        AtMost(v, "combiner.adjacentChannelIsolationDb", c.AdjacentChannelIsolationDb, MaxLossDb);
        v.NonNegative("combiner.nonAdjacentChannelIsolationDb", c.NonAdjacentChannelIsolationDb);
        AtMost(v, "combiner.nonAdjacentChannelIsolationDb", c.NonAdjacentChannelIsolationDb, MaxLossDb);

        ValidateUserFields(v, s.UserDefaults, "userDefaults", isDefaults: true);
        for (int i = 0; i < s.Users.Count; i++) ValidateUserFields(v, s.Users[i], $"users.{i}", isDefaults: false);

        ValidateResolvedUsers(v, s);

        v.LeftOpen("analysis.epsilon", s.Analysis.Epsilon, 0, MaxEpsilon);
        v.AtLeast("analysis.errorCorrectionEfficiency", s.Analysis.ErrorCorrectionEfficiency, 1.0);
        v.AtLeast("log.rowGroupSize", s.Log.RowGroupSize, MinRowGroupSize);
        AtMost(v, "log.rowGroupSize", s.Log.RowGroupSize, MaxRowGroupSize);
        TimeSeriesSpec.Validate(v, s, ScenarioResolver.ResolveUsers(s).Count(u => u.Active));
        ControlPlanBuilder.Validate(v, s, ScenarioResolver.ResolveUsers(s));
    }

    /// <summary>The upper end of a field's range (its lower end is checked first, with the rule users already know).</summary>
    internal static void AtMost(RuleChecker v, string field, double x, double max)
    {
        if (x > max) v.Fail(field, $"must be at most {F(max)}, got {F(x)}");
    }

    private static void ValidateDetector(RuleChecker v, DetectorSpec d, string p)
    {
        v.LeftOpen($"{p}.efficiency", d.Efficiency, 0, 1);
        v.RightOpen($"{p}.darkCountProbabilityPerGate", d.DarkCountProbabilityPerGate, 0, 1);
        v.RightOpen($"{p}.afterpulseProbability", d.AfterpulseProbability, 0, 1);
        if (d.AfterpulseTrapLifetimesNs.Count == 0) v.Fail($"{p}.afterpulseTrapLifetimesNs", "must list at least one trap lifetime");
        for (int i = 0; i < d.AfterpulseTrapLifetimesNs.Count; i++)
        {
            v.Positive($"{p}.afterpulseTrapLifetimesNs.{i}", d.AfterpulseTrapLifetimesNs[i]);
            AtMost(v, $"{p}.afterpulseTrapLifetimesNs.{i}", d.AfterpulseTrapLifetimesNs[i], MaxDetectorTimeNs);
        }
        v.Distribution($"{p}.afterpulseTrapWeights", d.AfterpulseTrapWeights, d.AfterpulseTrapLifetimesNs.Count, "afterpulseTrapLifetimesNs", "weights");
        v.AtLeast($"{p}.holdoffGates", d.HoldoffGates, 0);
        AtMost(v, $"{p}.holdoffGates", d.HoldoffGates, MaxDetectorGates);
        v.RightOpen($"{p}.crosstalkProbability", d.CrosstalkProbability, 0, 1);
        double sum = d.AfterpulseProbability + d.CrosstalkProbability;
        if (!(sum < 1))
            v.Fail($"{p}.crosstalkProbability", $"afterpulseProbability + crosstalkProbability = {F(sum)} (must be < 1)");
        v.Positive($"{p}.crosstalkDecayGates", d.CrosstalkDecayGates);
        AtMost(v, $"{p}.crosstalkDecayGates", d.CrosstalkDecayGates, MaxDetectorGates);
    }

    private static void ValidateUserFields(RuleChecker v, UserSpec u, string p, bool isDefaults)
    {
        if (isDefaults)
        {
            // Per-user identities: one value for everyone would collide, so the defaults may not set them.
            if (u.Name is not null) v.Fail($"{p}.name", "is per-user; set it on each user, not in userDefaults");
            if (u.Slot is not null) v.Fail($"{p}.slot", "is per-user (slots must be unique); set it on each user, not in userDefaults");
            if (u.Port is not null) v.Fail($"{p}.port", "is per-user (ports must be unique); set it on each user, not in userDefaults");
        }
        else if (u.Name is { Length: 0 }) v.Fail($"{p}.name", "must not be empty");
        if (u.FibreLengthKm is { } len) { v.NonNegative($"{p}.fibreLengthKm", len); AtMost(v, $"{p}.fibreLengthKm", len, MaxFibreLengthKm); }
        if (u.FibreLossDbPerKm is { } att) { v.NonNegative($"{p}.fibreLossDbPerKm", att); AtMost(v, $"{p}.fibreLossDbPerKm", att, MaxFibreLossDbPerKm); }
        if (u.ExtraLossDb is { } extra) { v.NonNegative($"{p}.extraLossDb", extra); AtMost(v, $"{p}.extraLossDb", extra, MaxLossDb); }
        if (u.TimingOffsetPs is { } dt && !(Math.Abs(dt) <= 1e12)) v.Fail($"{p}.timingOffsetPs", $"must be finite and within +-1e12 ps (1 s), got {F(dt)}");
        if (u.OpticalError is { } e) v.Closed($"{p}.opticalError", e, 0, 0.5);
        if (u.Source is { } src) ValidateSource(v, src, $"{p}.source");
    }

    private static void ValidateSource(RuleChecker v, SourceSpec src, string p)
    {
        if (src.Intensities.Count == 0) v.Fail($"{p}.intensities", "must list at least one intensity");
        for (int i = 0; i < src.Intensities.Count; i++)
        {
            double mu = src.Intensities[i];
            if (!(mu >= 0 && mu <= MaxIntensity))
                v.Fail($"{p}.intensities.{i}", $"must be in [0, {F(MaxIntensity)}] (mean photon number), got {F(mu)}");
        }
        v.Distribution($"{p}.probabilities", src.Probabilities, src.Intensities.Count, "intensities", "probabilities");
        v.Open($"{p}.basis0Probability", src.Basis0Probability, 0, 1);
        if (src.Intensities.All(mu => mu == 0)) v.Fail($"{p}.intensities", "are all 0: the source sends no light");
        // Three levels are analysed as signal/decoy/weakest (two-decoy BB84): rules the analysis would reject after the run.
        if (src.Intensities.Count == 3 && DecoyBb84Input.MeanPhotonsViolation(src.Intensities) is var (_, rule))
            v.Fail($"{p}.intensities", $"{rule} (signal, decoy, weakest: the decoy-state analysis needs it), got [{string.Join(", ", src.Intensities.Select(F))}]");
    }

    private static void ValidateResolvedUsers(RuleChecker v, ScenarioFile s)
    {
        var users = ScenarioResolver.ResolveUsers(s);
        var c = s.Combiner;
        int bins = s.Receiver.TimeBins;
        string countField = s.UserCount > s.Users.Count ? "userCount" : "users";
        string activeField = s.ActiveUsers >= 0 ? "activeUsers" : countField;

        if (s.ActiveUsers > users.Count)
            v.Fail("activeUsers", $"is {s.ActiveUsers} but there are only {users.Count} users");
        int active = users.Count(u => u.Active);
        if (active > c.Ports) v.Fail(activeField, $"{active} active users but the {c.Type} has {c.Ports} ports");
        if (active > bins) v.Fail(activeField, $"{active} active users but the receiver has {bins} time bins");
        if (users.Count > c.Ports) v.Fail(countField, $"{users.Count} users but the {c.Type} has {c.Ports} ports");

        var slotOwner = new Dictionary<int, int>();
        var portOwner = new Dictionary<int, int>();
        foreach (var u in users)
        {
            string up = $"users.{u.Index}";
            if (u.Slot < 0 || u.Slot >= bins)
                v.Fail($"{up}.slot", $"slot {u.Slot} is outside [0, {bins}) (receiver.timeBins is {bins})");
            if (slotOwner.TryGetValue(u.Slot, out int other))
                v.Fail($"{up}.slot", $"slot {u.Slot} is used by users {other} and {u.Index}");
            slotOwner[u.Slot] = u.Index;

            if (u.Port < 0 || u.Port >= c.Ports)
                v.Fail($"{up}.port", $"port {u.Port} is outside [0, {c.Ports}) (combiner.ports is {c.Ports})");
            if (portOwner.TryGetValue(u.Port, out other))
                v.Fail($"{up}.port", $"port {u.Port} is wired twice (users {other} and {u.Index})");
            portOwner[u.Port] = u.Index;

        }
    }
}

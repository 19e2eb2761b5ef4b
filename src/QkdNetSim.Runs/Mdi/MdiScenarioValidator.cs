using QkdNetSim.Core.Units;
using static QkdNetSim.Data.Scenarios.RuleChecker;

using QkdNetSim.Runs.Access;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Checks a bound MDI scenario against the physical and structural rules the MDI engine relies on and throws an
/// <see cref="QkdNetSim.Core.InputError"/> for the first rule broken (schema order, so a bad file always gives the same
/// message): probabilities are probabilities, losses attenuate, both time-bin windows fit in a slot, and the relay is
/// wired as hardware can be — every module's wavelength is sent by both its users, and each DEMUX output port (one
/// user's DEMUX at one wavelength) feeds at most one module.
/// </summary>
public static class MdiScenarioValidator
{
    /// <summary>Longest dead time, ns (1 s): keeps the integer-ps dead time far from int64 overflow.</summary>
    public const double MaxDeadTimeNs = 1e9;

    /// <summary>Validates with every error blamed on <paramref name="file"/>.</summary>
    public static void Validate(MdiScenarioFile s, string file) => Validate(s, new ScenarioOrigins(file));

    /// <summary>Validates, blaming each error on the file that wrote the offending field.</summary>
    public static void Validate(MdiScenarioFile s, ScenarioOrigins origins)
    {
        var v = new RuleChecker(origins);

        ScenarioValidator.RunName(v, s.Name);
        v.Positive("durationS", s.DurationS);
        if (s.DurationS > ScenarioValidator.MaxDurationS)
            v.Fail("durationS", $"must be at most {ScenarioValidator.MaxDurationS} s (100 days; time is counted in int64 picoseconds), got {F(s.DurationS)}");
        if (s.Mode is not ("fast" or "perPulse")) v.Fail("mode", $"must be 'fast' or 'perPulse', got {YamlTreeReader.Quoted(s.Mode)}");

        double slotPs = ValidateTiming(v, s.Timing);
        double slots = s.DurationS * s.Timing.ClockRateHz;
        if (!(slots >= 1))
            v.Fail("durationS", $"holds {F(slots)} slots at timing.clockRateHz = {F(s.Timing.ClockRateHz)} (the session must contain at least one slot)");
        if (!(slots < long.MaxValue))
            v.Fail("durationS", $"holds {F(slots)} slots, more than a 64-bit slot count can number");

        ValidateEncoder(v, s.Encoder, "encoder");
        ValidateComb(v, s.Comb);
        v.NonNegative("relay.demuxInsertionLossDb", s.Relay.DemuxInsertionLossDb);
        v.NonNegative("relay.beamSplitterExcessLossDb", s.Relay.BeamSplitterExcessLossDb);
        ValidateDetector(v, s.Relay.Detector, "relay.detector");

        var userIndex = ValidateUsers(v, s);
        ValidateModules(v, s, userIndex, slotPs);

        ValidateDrift(v, s, slotPs);
        ValidateTimeSeries(v, s);

        v.LeftOpen("analysis.epsilon", s.Analysis.Epsilon, 0, ScenarioValidator.MaxEpsilon);
        v.AtLeast("analysis.errorCorrectionEfficiency", s.Analysis.ErrorCorrectionEfficiency, 1.0);
        v.AtLeast("log.rowGroupSize", s.Log.RowGroupSize, ScenarioValidator.MinRowGroupSize);
        ScenarioValidator.AtMost(v, "log.rowGroupSize", s.Log.RowGroupSize, ScenarioValidator.MaxRowGroupSize);
    }

    /// <summary>Checks the timing and returns the slot period, ps (as <see cref="QkdNetSim.Protocols.Mdi.MdiTiming"/> defines it).</summary>
    private static double ValidateTiming(RuleChecker v, MdiTimingSpec t)
    {
        v.Positive("timing.clockRateHz", t.ClockRateHz);
        PositiveInteger(v, "timing.earlyLateSeparationPs", t.EarlyLateSeparationPs);
        v.Positive("timing.pulseFwhmPs", t.PulseFwhmPs);
        PositiveInteger(v, "timing.coincidenceWindowPs", t.CoincidenceWindowPs);
        PositiveInteger(v, "timing.resolutionPs", t.ResolutionPs);

        // A click is sorted into the early or the late bin by the window it falls in; overlapping windows would make
        // one click both.
        if (t.CoincidenceWindowPs > t.EarlyLateSeparationPs)
            v.Fail("timing.coincidenceWindowPs",
                $"{t.CoincidenceWindowPs} ps is wider than earlyLateSeparationPs ({t.EarlyLateSeparationPs} ps): the early and late windows would overlap");

        // Same definitions as MdiTiming (computed in double here so absurd inputs cannot overflow a long).
        double slotPs = Periods.PeriodPs(t.ClockRateHz);
        double earlyPs = Math.Ceiling(t.PulseFwhmPs);
        double lateWindowEndPs = earlyPs + t.EarlyLateSeparationPs + t.CoincidenceWindowPs / 2.0;
        if (!(lateWindowEndPs <= slotPs))
            v.Fail("timing.earlyLateSeparationPs",
                $"the late bin's window does not fit in the slot: early offset ceil(pulseFwhmPs) = {F(earlyPs)} ps + earlyLateSeparationPs "
                + $"{t.EarlyLateSeparationPs} ps + coincidenceWindowPs/2 = {F(t.CoincidenceWindowPs / 2.0)} ps gives {F(lateWindowEndPs)} ps, "
                + $"more than the slot period 1e12/clockRateHz = {F(slotPs)} ps");
        return slotPs;
    }

    private static void PositiveInteger(RuleChecker v, string field, long x)
    {
        if (x <= 0) v.Fail(field, $"must be > 0, got {x}");
    }

    private static void ValidateEncoder(RuleChecker v, TimeBinEncoderSpec e, string p)
    {
        if (e.Intensities.Count == 0) v.Fail($"{p}.intensities", "must list at least one intensity");
        for (int i = 0; i < e.Intensities.Count; i++)
        {
            double mu = e.Intensities[i];
            if (!(mu >= 0 && mu <= ScenarioValidator.MaxIntensity))
                v.Fail($"{p}.intensities.{i}", $"intensity {F(mu)} is outside [0, {F(ScenarioValidator.MaxIntensity)}] (mean photon number per qubit)");
        }
        v.Distribution($"{p}.probabilities", e.Probabilities, e.Intensities.Count, "intensities", "probabilities");
        if (e.Intensities.All(mu => mu == 0)) v.Fail($"{p}.intensities", "are all 0: the encoder sends no light");
        if (e.Bases.Count != e.Intensities.Count)
            v.Fail($"{p}.bases", $"has {e.Bases.Count} entries but intensities has {e.Intensities.Count} (one per entry)");
        for (int i = 0; i < e.Bases.Count; i++)
            if (e.Bases[i] is not ("Z" or "X")) v.Fail($"{p}.bases.{i}", $"must be 'Z' or 'X', got {YamlTreeReader.Quoted(e.Bases[i])}");
        if (!e.Bases.Contains("Z"))
            v.Fail($"{p}.bases", "no intensity is sent in the Z basis, which carries the key (at least one entry must be 'Z')");
        if (!(e.ExtinctionRatioDb > 0))
            v.Fail($"{p}.extinctionRatioDb", $"must be > 0 (.inf for an ideal modulator), got {F(e.ExtinctionRatioDb)}");
    }

    private static void ValidateComb(RuleChecker v, CombSpec c)
    {
        v.Closed("comb.coherentFraction", c.CoherentFraction, 0, 1);
        v.NonNegative("comb.linewidthHz", c.LinewidthHz);
        // A comb line 1 THz wide is no longer a line; the phase-drift variance 2 pi dnu T stays finite below it.
        ScenarioValidator.AtMost(v, "comb.linewidthHz", c.LinewidthHz, 1e12);
        if (c.Lines.Count == 0) v.Fail("comb.lines", "must list at least one comb line");
        RequireDistinct(v, c.Lines, "comb.lines");
    }

    private static void ValidateDetector(RuleChecker v, SnspdSpec d, string p)
    {
        v.LeftOpen($"{p}.efficiency", d.Efficiency, 0, 1);
        v.NonNegative($"{p}.darkCountRateHz", d.DarkCountRateHz);
        v.NonNegative($"{p}.deadTimeNs", d.DeadTimeNs);
        if (d.DeadTimeNs > MaxDeadTimeNs) v.Fail($"{p}.deadTimeNs", $"must be at most {F(MaxDeadTimeNs)} ns (1 s), got {F(d.DeadTimeNs)}");
        v.NonNegative($"{p}.jitterRmsPs", d.JitterRmsPs);
    }

    /// <summary>Checks every user and returns name → index.</summary>
    private static Dictionary<string, int> ValidateUsers(RuleChecker v, MdiScenarioFile s)
    {
        if (s.Users.Count < 2) v.Fail("users", $"lists {s.Users.Count} users; an MDI link needs at least two");
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var byDemux = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < s.Users.Count; i++)
        {
            var u = s.Users[i];
            string p = $"users.{i}";
            if (u.Name.Trim().Length == 0) v.Fail($"{p}.name", "must not be empty (modules name their inputs by it)");
            if (byName.TryGetValue(u.Name, out int other)) v.Fail($"{p}.name", $"'{u.Name}' is already the name of users.{other}");
            byName[u.Name] = i;

            v.NonNegative($"{p}.channelLossDb", u.ChannelLossDb);
            ScenarioValidator.AtMost(v, $"{p}.channelLossDb", u.ChannelLossDb, ScenarioValidator.MaxLossDb);

            if (u.Demux is { } written && written.Trim().Length == 0)
                v.Fail($"{p}.demux", $"must not be empty (leave it out for the default '{MdiUserDefaults.DemuxPrefix}{u.Name}')");
            string demux = MdiUserDefaults.DemuxOf(u);
            // One fibre per DEMUX input: two users on one DEMUX would put both users' light on every output port.
            if (byDemux.TryGetValue(demux, out other))
                v.Fail($"{p}.demux", $"two users on one DEMUX: '{demux}' already takes the fibre of user '{s.Users[other].Name}' (users.{other})");
            byDemux[demux] = i;

            if (u.Channels is { } channels)
            {
                if (channels.Count == 0) v.Fail($"{p}.channels", "must list at least one channel (leave it out to send every comb line)");
                for (int k = 0; k < channels.Count; k++)
                    if (!s.Comb.Lines.Contains(channels[k]))
                        v.Fail($"{p}.channels.{k}", $"channel {channels[k]} is not a comb line (comb.lines: {Join(s.Comb.Lines)})");
                RequireDistinct(v, channels, $"{p}.channels");
            }
            if (u.Encoder is { } encoder) ValidateEncoder(v, encoder, $"{p}.encoder");
        }
        return byName;
    }

    private static void ValidateModules(RuleChecker v, MdiScenarioFile s, Dictionary<string, int> userIndex, double slotPs)
    {
        if (s.Modules.Count == 0) v.Fail("modules", "must list at least one BSM module");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        // A DEMUX output port (user, channel) has one output fibre, so it can feed one module.
        var portOwner = new Dictionary<(int User, int Channel), int>();
        for (int i = 0; i < s.Modules.Count; i++)
        {
            var m = s.Modules[i];
            string p = $"modules.{i}";
            if (m.Name.Trim().Length == 0) v.Fail($"{p}.name", "must not be empty");
            if (names.TryGetValue(m.Name, out int other)) v.Fail($"{p}.name", $"'{m.Name}' is already the name of modules.{other}");
            names[m.Name] = i;

            if (m.Inputs.Count != 2)
                v.Fail($"{p}.inputs", $"must name exactly two users (beam-splitter inputs a and b), got {m.Inputs.Count}");
            var inputs = new int[2];
            for (int k = 0; k < 2; k++)
                if (!userIndex.TryGetValue(m.Inputs[k], out inputs[k]))
                    v.Fail($"{p}.inputs.{k}", $"no user is named '{m.Inputs[k]}' (users: {Join(s.Users.Select(u => u.Name))})");
            if (inputs[0] == inputs[1])
                v.Fail($"{p}.inputs.1", $"'{m.Inputs[1]}' is also input a: a module interferes two different users");

            int channel = m.Channel ?? throw v.Error($"{p}.channel", "must be set: the comb line (ITU channel) both inputs send on");
            // The module's wavelength must reach it from both sides, or it would only ever see dark counts.
            if (!s.Comb.Lines.Contains(channel))
                v.Fail($"{p}.channel", $"no user sends on channel {channel}: it is not a comb line (comb.lines: {Join(s.Comb.Lines)})");
            foreach (int u in inputs)
            {
                var sent = MdiUserDefaults.ChannelsOf(s.Users[u], s.Comb);
                if (!sent.Contains(channel))
                    v.Fail($"{p}.channel", $"no light on channel {channel} from input '{s.Users[u].Name}': users.{u}.channels is [{Join(sent)}]");
            }
            foreach (int u in inputs)
            {
                if (portOwner.TryGetValue((u, channel), out other))
                    v.Fail($"{p}.channel",
                        $"the same DEMUX port twice: {MdiUserDefaults.DemuxOf(s.Users[u])} at channel {channel} already feeds module '{s.Modules[other].Name}' (modules.{other}); one DEMUX output port can feed only one module");
                portOwner[(u, channel)] = i;
            }

            v.Closed($"{p}.polarizationOverlap", m.PolarizationOverlap, 0, 1);
            if (!double.IsFinite(m.RelativeDelayPs)) v.Fail($"{p}.relativeDelayPs", $"must be finite, got {F(m.RelativeDelayPs)}");
            if (Math.Abs(m.RelativeDelayPs) > slotPs)
                v.Fail($"{p}.relativeDelayPs", $"|{F(m.RelativeDelayPs)}| ps exceeds the slot period ({F(slotPs)} ps): the module would interfere pulses of different slots");
            if (m.Detector is { } detector) ValidateDetector(v, detector, $"{p}.detector");
        }
    }

    /// <summary>Fewest slot periods between two drift updates: each update rebuilds the click laws of the affected modules.</summary>
    public const int MinDriftStepSlots = 100;

    /// <summary>`drift.delay` and every user's own (inherited keys included; the network's is checked first, so a bad
    /// value a user inherits is blamed on `drift.delay`).</summary>
    private static void ValidateDrift(RuleChecker v, MdiScenarioFile s, double slotPs)
    {
        if (s.Drift?.Delay is { } network) ValidateDelayDrift(v, network, "drift.delay", slotPs);
        for (int i = 0; i < s.Users.Count; i++)
            if (s.Users[i].Drift?.Delay is { } own) ValidateDelayDrift(v, own, $"users.{i}.drift.delay", slotPs);
    }

    private static void ValidateDelayDrift(RuleChecker v, MdiDelayDriftSpec d, string p, double slotPs)
    {
        v.NonNegative($"{p}.noisePsPerSqrtS", d.NoisePsPerSqrtS);
        v.NonNegative($"{p}.reversionRatePerS", d.ReversionRatePerS);
        v.Positive($"{p}.stepS", d.StepS);
        ScenarioValidator.AtMost(v, $"{p}.stepS", d.StepS, ScenarioValidator.MaxDurationS);
        double minS = Periods.ToSeconds(MinDriftStepSlots * slotPs);
        if (d.StepS < minS)
            v.Fail($"{p}.stepS", $"must be at least {MinDriftStepSlots} slot periods ({F(minS)} s; each update rebuilds the click laws), got {F(d.StepS)}");
    }

    /// <summary>`timeseries.blockS` when the series is on: positive, at most 100 days, at least one slot, at most <see cref="TimeSeriesSpec.MaxRows"/> rows.</summary>
    private static void ValidateTimeSeries(RuleChecker v, MdiScenarioFile s)
    {
        var t = MdiTimeSeries.SpecOf(s);
        if (!t.Enabled) return;
        const string field = "timeseries.blockS";
        v.Positive(field, t.BlockS);
        ScenarioValidator.AtMost(v, field, t.BlockS, ScenarioValidator.MaxDurationS);
        long blockSlots = t.BlockGates(s.Timing.ClockRateHz);
        if (blockSlots < 1)
            v.Fail(field, $"{F(t.BlockS)} s at {F(s.Timing.ClockRateHz)} Hz holds no slot (needs blockS x clockRateHz >= 0.5)");
        double blocks = Math.Ceiling(Math.Round(s.DurationS * s.Timing.ClockRateHz) / blockSlots);
        double rows = blocks * s.Modules.Count;
        if (rows > TimeSeriesSpec.MaxRows)
            v.Fail(field, $"gives {F(blocks)} blocks x {s.Modules.Count} pairs = {F(rows)} rows, at most {TimeSeriesSpec.MaxRows} "
                + $"(choose blockS >= {F(Math.Ceiling(s.DurationS * s.Modules.Count / TimeSeriesSpec.MaxRows * 1e3) / 1e3)} or timeseries.enabled: false)");
    }

    private static void RequireDistinct(RuleChecker v, IReadOnlyList<int> channels, string field)
    {
        for (int k = 0; k < channels.Count; k++)
        {
            int first = IndexOf(channels, channels[k]);
            if (first < k) v.Fail($"{field}.{k}", $"channel {channels[k]} is listed twice ({field}.{first})");
        }
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private static string Join<T>(IEnumerable<T> items) => string.Join(", ", items);
}

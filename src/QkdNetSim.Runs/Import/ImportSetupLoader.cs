using QkdNetSim.Core;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using static QkdNetSim.Data.Scenarios.RuleChecker;

namespace QkdNetSim.Runs.Import;

/// <summary>The three kinds `import --kind` knows, and the network kind (log and analyzer) each becomes.</summary>
public enum ImportKind { Access, Mdi, Cv }

public static class ImportKinds
{
    public static readonly string[] Names = ["access", "mdi", "cv"];

    public static ImportKind Parse(string name) => name switch
    {
        "access" => ImportKind.Access,
        "mdi" => ImportKind.Mdi,
        "cv" => ImportKind.Cv,
        _ => throw new InputError("command line", "--kind", $"expected access, mdi or cv, got '{name}'"),
    };

    public static string NameOf(ImportKind kind) => Names[(int)kind];
}

/// <summary>
/// Reads SETUP.yaml with the scenario machinery (strict keys with suggestions, typed values, one-line errors naming the file and
/// the dotted field) and checks every rule the importers rely on, before anything is read or written. A rule broken is an
/// <see cref="InputError"/> <c>SETUP.yaml: field: rule</c>.
/// </summary>
public static class ImportSetupLoader
{
    private static readonly ScenarioKindSpec Spec = new("importSetup", "importSetup", ["importSetup"]);

    /// <summary>Loads and validates <paramref name="path"/> for <paramref name="kind"/>; an empty name becomes the file's stem.</summary>
    public static ImportSetupFile Load(string path, ImportKind kind)
    {
        string yaml = ScenarioFileText.Read(path, path, "(file)", "setup file", "setup file not found", ": describe the tagger's channels and the users (README \"Importing lab data\")");
        var (s, origins) = ScenarioDocument.Bind<ImportSetupFile>(yaml, path, [], Spec);
        var v = new RuleChecker(origins);
        if (string.IsNullOrWhiteSpace(s.Name)) s.Name = Path.GetFileNameWithoutExtension(path);
        string section = ImportKinds.NameOf(kind);
        foreach (var (name, present) in new[] { ("access", s.Access is not null), ("mdi", s.Mdi is not null), ("cv", s.Cv is not null) })
        {
            if (name == section && !present) v.Fail(section, $"is missing: an import with --kind {section} needs the {section} section");
            if (name != section && present) v.Fail(name, $"is a section of --kind {name}; this import is --kind {section} (remove it or import with --kind {name})");
        }
        v.LeftOpen("analysis.epsilon", s.Analysis.Epsilon, 0, ScenarioValidator.MaxEpsilon);
        if (s.Analysis.ErrorCorrectionEfficiency is double f) v.AtLeast("analysis.errorCorrectionEfficiency", f, 1.0);
        if (s.Session.DurationS is double d)
        {
            v.Positive("session.durationS", d);
            ScenarioValidator.AtMost(v, "session.durationS", d, ScenarioValidator.MaxDurationS);
        }
        switch (kind)
        {
            case ImportKind.Access:
                ValidateTiming(v, s.Timing);
                ValidateAccess(v, s.Access!, s.Timing);
                break;
            case ImportKind.Mdi:
                ValidateTiming(v, s.Timing);
                ValidateMdi(v, s.Mdi!, s.Timing);
                break;
            default:
                ValidateCv(v, s.Cv!, path);
                break;
        }
        return s;
    }

    private static void ValidateTiming(RuleChecker v, ImportTimingSpec t)
    {
        v.Positive("timing.periodPs", t.PeriodPs);
        if (!(t.PeriodPs >= 1)) v.Fail("timing.periodPs", $"must be >= 1 ps (tags are integer ps), got {F(t.PeriodPs)}");
        ScenarioValidator.AtMost(v, "timing.periodPs", t.PeriodPs, 1e12);
        if (!double.IsFinite(t.OffsetPs)) v.Fail("timing.offsetPs", $"must be finite, got {F(t.OffsetPs)}");
        if (t.Fit is not ("none" or "sync" or "data"))
            v.Fail("timing.fit", $"expected none, sync or data, got '{t.Fit}'");
        if (t.Fit == "sync" && t.SyncChannel is null) v.Fail("timing.syncChannel", "is required with fit: sync (the tagger channel of the sync tags)");
        if (t.Fit != "sync" && t.SyncChannel is not null) v.Fail("timing.syncChannel", $"is only read with fit: sync (fit is {t.Fit})");
        v.AtLeast("timing.syncEveryPeriods", t.SyncEveryPeriods, 1);
    }

    private static void ValidateAccess(RuleChecker v, ImportAccessSpec a, ImportTimingSpec t)
    {
        v.AtLeast("access.timeBins", a.TimeBins, 1);
        ScenarioValidator.AtMost(v, "access.timeBins", a.TimeBins, ScenarioValidator.MaxTimeBins);
        v.Open("access.bobBasis0Probability", a.BobBasis0Probability, 0, 1);
        if (a.Detectors.Count == 0) v.Fail("access.detectors", "lists no detector channel");
        var channels = new Dictionary<int, int>();
        var pairs = new HashSet<(int, int?)>();
        for (int i = 0; i < a.Detectors.Count; i++)
        {
            var d = a.Detectors[i];
            string p = $"access.detectors.{i}";
            if (channels.TryGetValue(d.Channel, out int other)) v.Fail($"{p}.channel", $"channel {d.Channel} is also access.detectors.{other}'s");
            channels[d.Channel] = i;
            if (t.Fit == "sync" && d.Channel == t.SyncChannel) v.Fail($"{p}.channel", $"channel {d.Channel} is the sync channel");
            if (d.Bit is not (0 or 1)) v.Fail($"{p}.bit", $"must be 0 or 1, got {d.Bit}");
            if (d.Basis is int b and not (0 or 1)) v.Fail($"{p}.basis", $"must be 0 or 1, got {b}");
            if ((d.Basis is null) != (a.Detectors[0].Basis is null))
                v.Fail($"{p}.basis", "give a basis on every detector (passive basis choice) or on none (Bob's basis from the settings' bob_basis column)");
            if (!pairs.Add((d.Bit, d.Basis))) v.Fail($"{p}.bit", $"bit {d.Bit}{(d.Basis is int bb ? $" in basis {bb}" : "")} has two channels");
        }
        if (a.Users.Count == 0) v.Fail("access.users", "lists no user");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new Dictionary<int, int>();
        for (int i = 0; i < a.Users.Count; i++)
        {
            var u = a.Users[i];
            string p = $"access.users.{i}";
            CheckName(v, $"{p}.name", u.Name, names, i, "access.users");
            if (u.Slot < 0 || u.Slot >= a.TimeBins) v.Fail($"{p}.slot", $"slot {u.Slot} is outside [0, {a.TimeBins}) (access.timeBins is {a.TimeBins})");
            if (slots.TryGetValue(u.Slot, out int other)) v.Fail($"{p}.slot", $"slot {u.Slot} is also access.users.{other}'s");
            slots[u.Slot] = i;
            CheckIntensities(v, p, u.Intensities, u.Probabilities);
            v.Open($"{p}.basis0Probability", u.Basis0Probability, 0, 1);
            v.NonNegative($"{p}.channelLossDb", u.ChannelLossDb);
        }
    }

    private static void ValidateMdi(RuleChecker v, ImportMdiSpec m, ImportTimingSpec t)
    {
        if (m.CoincidenceWindowPs <= 0) v.Fail("mdi.coincidenceWindowPs", $"must be > 0, got {m.CoincidenceWindowPs}");
        long half = m.CoincidenceWindowPs / 2;
        if (m.EarlyBinPs - half < 0) v.Fail("mdi.earlyBinPs", $"the early window starts before the slot ({m.EarlyBinPs} - {half} < 0)");
        if (m.LateBinPs - half < m.EarlyBinPs - half + m.CoincidenceWindowPs)
            v.Fail("mdi.lateBinPs", $"the late window must start after the early window ends (lateBinPs - earlyBinPs >= coincidenceWindowPs = {m.CoincidenceWindowPs})");
        if (m.LateBinPs - half + m.CoincidenceWindowPs > t.PeriodPs)
            v.Fail("mdi.lateBinPs", $"the late window ends after the slot ({m.LateBinPs - half + m.CoincidenceWindowPs} > timing.periodPs {F(t.PeriodPs)})");
        if (m.Users.Count < 2) v.Fail("mdi.users", $"lists {m.Users.Count} users, a BSM module pairs two");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < m.Users.Count; i++)
        {
            var u = m.Users[i];
            string p = $"mdi.users.{i}";
            CheckName(v, $"{p}.name", u.Name, names, i, "mdi.users");
            CheckIntensities(v, p, u.Intensities, u.Probabilities);
            if (u.Bases.Count != u.Intensities.Count) v.Fail($"{p}.bases", $"has {u.Bases.Count} entries but intensities has {u.Intensities.Count} (one per entry)");
            for (int k = 0; k < u.Bases.Count; k++) if (u.Bases[k] is not (0 or 1)) v.Fail($"{p}.bases.{k}", $"must be 0 (Z) or 1 (X), got {u.Bases[k]}");
        }
        if (m.Modules.Count == 0) v.Fail("mdi.modules", "lists no BSM module");
        var channels = new Dictionary<int, string>();
        var moduleNames = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < m.Modules.Count; i++)
        {
            var mod = m.Modules[i];
            string p = $"mdi.modules.{i}";
            CheckName(v, $"{p}.name", mod.Name, moduleNames, i, "mdi.modules");
            if (!names.ContainsKey(mod.UserA)) v.Fail($"{p}.userA", $"'{mod.UserA}' is not a user ({string.Join(", ", names.Keys)})");
            if (!names.ContainsKey(mod.UserB)) v.Fail($"{p}.userB", $"'{mod.UserB}' is not a user ({string.Join(", ", names.Keys)})");
            if (mod.UserA == mod.UserB) v.Fail($"{p}.userB", $"a module pairs two different users, got '{mod.UserA}' twice");
            foreach (var (field, ch) in new[] { ("detector0Channel", mod.Detector0Channel), ("detector1Channel", mod.Detector1Channel) })
            {
                if (channels.TryGetValue(ch, out string? owner)) v.Fail($"{p}.{field}", $"channel {ch} is also {owner}");
                if (t.Fit == "sync" && ch == t.SyncChannel) v.Fail($"{p}.{field}", $"channel {ch} is the sync channel");
                channels[ch] = $"{p}.{field}";
            }
            v.NonNegative($"{p}.lossADb", mod.LossADb);
            v.NonNegative($"{p}.lossBDb", mod.LossBDb);
        }
    }

    private static void ValidateCv(RuleChecker v, ImportCvSpec c, string setupPath)
    {
        v.Positive("cv.modulationVarianceSnu", c.ModulationVarianceSnu);
        ScenarioValidator.AtMost(v, "cv.modulationVarianceSnu", c.ModulationVarianceSnu, CvScenarioValidator.MaxModulationVarianceSnu);
        if (c.Modulation is not ("gaussian" or "qpsk" or "qam")) v.Fail("cv.modulation", $"expected gaussian, qpsk or qam, got '{c.Modulation}'");
        v.LeftOpen("cv.reconciliationEfficiency", c.ReconciliationEfficiency, 0, 1);
        v.Positive("cv.confidenceStandardScore", c.ConfidenceStandardScore);
        v.Positive("cv.aliceSnuPerUnit", c.AliceSnuPerUnit);
        if (!double.IsFinite(c.AliceSnuPerUnit)) v.Fail("cv.aliceSnuPerUnit", $"must be finite, got {F(c.AliceSnuPerUnit)}");
        if (c.Users.Count == 0) v.Fail("cv.users", "lists no Bob");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < c.Users.Count; i++)
        {
            var u = c.Users[i];
            string p = $"cv.users.{i}";
            CheckName(v, $"{p}.name", u.Name, names, i, "cv.users");
            v.LeftOpen($"{p}.efficiency", u.Efficiency, 0, 1);
            if ((u.ShotNoiseVariance is null) == (u.ShotNoiseRecords is null))
                v.Fail($"{p}.shotNoiseVariance", "give either shotNoiseVariance (raw units²) or shotNoiseRecords (a CSV x,p of calibration samples), exactly one");
            if (u.ElectronicNoiseVariance is not null && u.ElectronicNoiseRecords is not null)
                v.Fail($"{p}.electronicNoiseVariance", "give either electronicNoiseVariance or electronicNoiseRecords, not both");
            if (u.ElectronicNoiseVariance is double el) v.NonNegative($"{p}.electronicNoiseVariance", el);
            if (u.ShotNoiseVariance is double sh && !double.IsFinite(sh)) v.Fail($"{p}.shotNoiseVariance", $"must be finite, got {F(sh)}");
            // Calibration records: read whole (streamed) here, before anything is written, so their errors come first.
            if (u.ShotNoiseRecords is string shot) u.ShotNoiseVariance = CalibrationRecords.Variance(RelativeTo(setupPath, shot));
            if (u.ElectronicNoiseRecords is string elec) u.ElectronicNoiseVariance = CalibrationRecords.Variance(RelativeTo(setupPath, elec));
            u.ElectronicNoiseVariance ??= 0;
            string from = u.ShotNoiseRecords is null ? "" : $" (from {u.ShotNoiseRecords})";
            if (!(u.ShotNoiseVariance > u.ElectronicNoiseVariance))
                v.Fail($"{p}.shotNoiseVariance", $"must exceed electronicNoiseVariance ({F(u.ElectronicNoiseVariance.Value)}): it is shot noise + electronic noise, got {F(u.ShotNoiseVariance!.Value)}{from}");
            v.Closed($"{p}.expectedTransmittance", u.ExpectedTransmittance, 0, 1);
            v.NonNegative($"{p}.expectedExcessNoiseSnu", u.ExpectedExcessNoiseSnu);
        }
    }

    /// <summary>A path in SETUP.yaml, relative to the setup file's folder unless absolute.</summary>
    private static string RelativeTo(string setupPath, string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(setupPath)) ?? "", path);

    private static void CheckName(RuleChecker v, string field, string name, Dictionary<string, int> names, int i, string list)
    {
        if (string.IsNullOrWhiteSpace(name)) v.Fail(field, "must be a non-empty name (the settings files name users by it)");
        if (name.Contains(',') || name.Contains('"')) v.Fail(field, $"'{name}' must not contain a comma or quote (it appears in CSV files)");
        if (names.TryGetValue(name, out int other)) v.Fail(field, $"'{name}' is also {list}.{other}'s");
        names[name] = i;
    }

    private static void CheckIntensities(RuleChecker v, string p, List<double> intensities, List<double> probabilities)
    {
        if (intensities.Count == 0) v.Fail($"{p}.intensities", "must list at least one intensity");
        if (intensities.Count > sbyte.MaxValue) v.Fail($"{p}.intensities", $"lists {intensities.Count} intensities, at most {sbyte.MaxValue}");
        for (int k = 0; k < intensities.Count; k++)
            if (!(intensities[k] >= 0 && intensities[k] <= ScenarioValidator.MaxIntensity))
                v.Fail($"{p}.intensities.{k}", $"must be in [0, {F(ScenarioValidator.MaxIntensity)}] (mean photon number), got {F(intensities[k])}");
        if (intensities.All(mu => mu == 0)) v.Fail($"{p}.intensities", "are all 0: the source sends no light");
        v.Distribution($"{p}.probabilities", probabilities, intensities.Count, "intensities", "probabilities");
    }
}

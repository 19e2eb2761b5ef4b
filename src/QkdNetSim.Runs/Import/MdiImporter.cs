using QkdNetSim.Core;
using QkdNetSim.Core.Records;
using QkdNetSim.Core.Units;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// MDI import: the relay's coincidence logic applied to the modules' detector tags (the logic of
/// Protocols.Mdi.CoincidenceLogic, seed 002: "coincidence counts between two different detectors in different time bins").
/// A click at tagger time t is in slot s = floor((t - offset) / period) at tau = t - offset - s period after the slot's
/// start; it is an early-bin click when tau is in [earlyBinPs - W/2, earlyBinPs - W/2 + W), late in the same window around
/// lateBinPs (W = coincidenceWindowPs, W/2 rounded down), otherwise it is left out. Per module and slot the first
/// in-window click of each detector gives its bin and time tag; every further in-window click of either detector counts in
/// extra_clicks (a |Psi-> needs none). When both detectors of a module have an in-window click in a slot, that is a two-fold
/// coincidence: one row, joined to both users' records for pulse s. Dead time is not applied: a tagger records only the
/// clicks the detectors registered.
/// </summary>
public static class MdiImporter
{
    private const int BatchRows = 4096;

    public static ImportReport Import(ImportSetupFile s, string setupPath, string tagsPath, IReadOnlyList<string> settingsFiles, string logPath,
        CancellationToken cancel = default)
    {
        var m = s.Mdi!;
        if (s.Timing.Fit == "data")
            throw new InputError(setupPath, "timing.fit", "fit: data is for the access kind (clicks at gate centres); an MDI import fits with fit: sync, or takes periodPs and offsetPs as given");
        var names = m.Users.Select(u => u.Name).ToArray();
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var levels = m.Users.Select(u => u.Intensities.Count).ToArray();
        var (pulseFiles, totalFiles) = PulseSettings.Classify(settingsFiles);
        using var settings = new PulseSettings(pulseFiles, totalFiles, names, levels,
            (u, p) => p.Basis == m.Users[u].Bases[p.Intensity] ? null
                : $"basis {p.Basis} but user {names[u]}'s intensity {p.Intensity} is sent in basis {m.Users[u].Bases[p.Intensity]} (setup mdi.users.{u}.bases)");
        var detector = new Dictionary<int, (int Module, int D)>();
        for (int i = 0; i < m.Modules.Count; i++)
        {
            detector[m.Modules[i].Detector0Channel] = (i, 0);
            detector[m.Modules[i].Detector1Channel] = (i, 1);
        }
        var clock = GateClock.Of(s.Timing, setupPath, tagsPath, detector.ContainsKey);
        double clockRateHz = Periods.RateHz(s.Timing.PeriodPs);
        long? sessionSlots = s.Session.DurationS is double d ? (long)Math.Round(d * clockRateHz) : null;
        long half = m.CoincidenceWindowPs / 2;
        long earlyLo = m.EarlyBinPs - half, lateLo = m.LateBinPs - half, w = m.CoincidenceWindowPs;
        var report = new ImportReport { Kind = "mdi", PeriodPs = clock.PeriodPs, OffsetPs = clock.OffsetPs, Fit = s.Timing.Fit, FitTags = clock.FitTags, FitResidualPs = clock.FitResidualPs };

        // Per module and detector, the slot's first in-window click: bin (-1 none), tag; extra clicks per module.
        int modules = m.Modules.Count;
        var bin = new int[modules * 2];
        var tag = new long[modules * 2];
        var extra = new int[modules];
        var touched = new List<int>(modules);
        var batch = new CoincidenceRecord[BatchRows];
        int n = 0;
        Array.Fill(bin, -1);
        using var log = new CoincidenceLogWriter(logPath, new Dictionary<string, string>());
        using (var tags = TimeTagReader.Open(tagsPath))
        {
            long slot = long.MinValue, slotLine = 0;
            void Flush()
            {
                touched.Sort();
                foreach (int mod in touched)
                {
                    int b0 = bin[2 * mod], b1 = bin[2 * mod + 1];
                    if (b0 >= 0 && b1 >= 0)
                    {
                        var spec = m.Modules[mod];
                        int ua = index[spec.UserA], ub = index[spec.UserB];
                        var pa = Setting(ua);
                        var pb = Setting(ub);
                        batch[n++] = new CoincidenceRecord
                        {
                            Slot = slot, Module = (short)mod, TimeD0Ps = tag[2 * mod], TimeD1Ps = tag[2 * mod + 1],
                            BinD0 = (byte)b0, BinD1 = (byte)b1, ExtraClicks = (byte)Math.Min(255, extra[mod]),
                            IntensityA = pa.Intensity, IntensityB = pb.Intensity, BasisA = pa.Basis, BasisB = pb.Basis, BitA = pa.Bit, BitB = pb.Bit,
                            TruthCauseD0 = DetectionCause.Unknown, TruthCauseD1 = DetectionCause.Unknown, TruthPhotonsD0 = -1, TruthPhotonsD1 = -1,
                        };
                        report.LogRows++;
                        if (n == batch.Length)
                        {
                            log.AppendRange(batch);
                            n = 0;
                        }
                    }
                    bin[2 * mod] = bin[2 * mod + 1] = -1;
                    extra[mod] = 0;
                }
                touched.Clear();

                PulseSetting Setting(int u) => settings.TryGet(u, slot, out var p) ? p
                    : throw new InputError(tagsPath, tags.TimeField, $"{tags.WhereOf(slotLine)}: the coincidence in slot {slot} has no record of user {names[u]}'s pulse {slot} in {settings.FilesPhrase}; check timing.offsetPs and periodPs, the modules' users, and the settings");
            }
            while (tags.Next())
            {
                report.InputRows++;
                if (!detector.TryGetValue(tags.Channel, out var det))
                {
                    report.OtherChannelTags++;
                    continue;
                }
                long sl = clock.Slot(tags.TimePs, out double tau);
                if (sl < 0 || sl >= sessionSlots)
                {
                    report.OutsideSessionTags++;
                    continue;
                }
                int window = tau >= earlyLo && tau < earlyLo + w ? 0 : tau >= lateLo && tau < lateLo + w ? 1 : -1;
                if (window < 0)
                {
                    report.OutOfWindowTags++;
                    continue;
                }
                if (sl != slot)
                {
                    Flush();
                    if ((report.InputRows & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
                    slot = sl;
                    slotLine = tags.Position;
                }
                int k = 2 * det.Module + det.D;
                if (bin[2 * det.Module] < 0 && bin[2 * det.Module + 1] < 0 && extra[det.Module] == 0) touched.Add(det.Module);
                if (bin[k] < 0)
                {
                    bin[k] = window;
                    tag[k] = clock.SinceOffsetPs(tags.TimePs);
                }
                else extra[det.Module]++;
            }
            Flush();
        }
        if (n > 0) log.AppendRange(batch.AsSpan(0, n));
        settings.Drain();
        report.SettingsRecords = settings.Records;
        long slots;
        if (sessionSlots is long given) slots = given;
        else
        {
            var emitted = EmittedTotals.Resolve(settings, names, setupPath);
            var perUser = emitted.Select(e => e.Sum()).ToArray();
            if (perUser.Distinct().Count() != 1)
                throw new InputError(settings.Totals is null ? settings.FilesPhrase : setupPath, "emitted",
                    $"users emitted different numbers of pulses ({string.Join(", ", names.Select((x, i) => $"{x} {perUser[i]}"))}); every user sends one pulse per slot, or give session.durationS");
            slots = perUser[0];
        }
        double simulatedS = Periods.ToSeconds(slots * s.Timing.PeriodPs);
        report.SessionS = simulatedS;
        var manifest = new MdiRunManifest
        {
            ScenarioName = s.Name, Mode = "import", ClockRateHz = clockRateHz, CoincidenceWindowPs = m.CoincidenceWindowPs,
            RequestedDurationS = s.Session.DurationS ?? simulatedS, SimulatedSlots = slots, SimulatedTimeS = simulatedS,
            Epsilon = s.Analysis.Epsilon, ErrorCorrectionEfficiency = s.Analysis.ErrorCorrectionEfficiency ?? 1.16,
            Users = m.Users.Select((u, i) => new MdiManifestUser
            {
                Index = i, Name = u.Name, Intensities = u.Intensities.ToArray(), Probabilities = u.Probabilities.ToArray(), Bases = u.Bases.ToArray(),
            }).ToList(),
            Modules = m.Modules.Select((mod, i) => new MdiManifestModule
            {
                Index = i, Name = mod.Name, UserA = index[mod.UserA], UserB = index[mod.UserB], ItuChannel = mod.ItuChannel,
                LossADb = mod.LossADb, LossBDb = mod.LossBDb,
            }).ToList(),
        };
        manifest.Validate(setupPath);
        log.SetMetadata(LogMetadata.ManifestKey, manifest.ToJson());
        log.Complete();
        return report;
    }
}

using QkdNetSim.Core;
using QkdNetSim.Core.Records;
using QkdNetSim.Core.Units;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// Access network (TDM) import: a click at tagger time t is in gate g = round((t - offset) / period) (nearest gate centre),
/// time bin g mod N, owned by the user whose slot it is (or empty: user -1); the bit is its detector channel's. The
/// owner's record for pulse g div N (each transmitter emits once per TDM frame of N gates, so its pulse index is the
/// frame) gives Alice's basis, bit and intensity; Bob's basis comes from the channel (passive choice) or the record's
/// bob_basis. Written as detections.parquet with the manifest (settings, emitted totals, session) `analyze` reads.
/// </summary>
public static class AccessImporter
{
    private const int BatchRows = 4096;

    public static ImportReport Import(ImportSetupFile s, string setupPath, string tagsPath, IReadOnlyList<string> settingsFiles, string logPath,
        CancellationToken cancel = default)
    {
        var a = s.Access!;
        var names = a.Users.Select(u => u.Name).ToArray();
        var levels = a.Users.Select(u => u.Intensities.Count).ToArray();
        var (pulseFiles, totalFiles) = PulseSettings.Classify(settingsFiles);
        using var settings = new PulseSettings(pulseFiles, totalFiles, names, levels);
        bool passive = a.Detectors[0].Basis is not null;
        if (!passive && pulseFiles.Count > 0 && !settings.HasBobBasis)
            throw new InputError(pulseFiles.First(), PulseSettings.BobBasisColumn,
                "line 1: the setup's detectors have no basis (active basis choice), so every pulse settings file needs a bob_basis column");
        var channel = a.Detectors.ToDictionary(d => d.Channel, d => (Bit: (byte)d.Bit, Basis: (byte)(d.Basis ?? 0)));
        var owner = Enumerable.Repeat(-1, a.TimeBins).ToArray();
        for (int u = 0; u < a.Users.Count; u++) owner[a.Users[u].Slot] = u;
        var clock = GateClock.Of(s.Timing, setupPath, tagsPath, channel.ContainsKey);
        double gateRateHz = Periods.RateHz(s.Timing.PeriodPs);
        long? sessionGates = s.Session.DurationS is double d ? (long)Math.Round(d * gateRateHz) : null;
        var report = new ImportReport { Kind = "access", PeriodPs = clock.PeriodPs, OffsetPs = clock.OffsetPs, Fit = s.Timing.Fit, FitTags = clock.FitTags, FitResidualPs = clock.FitResidualPs };

        var batch = new DetectionRecord[BatchRows];
        int n = 0;
        using var log = new DetectionLogWriter(logPath, new Dictionary<string, string>());
        using (var tags = TimeTagReader.Open(tagsPath))
        {
            // The clicks of the gate being gathered (rows of one gate are written together, bit 0 first).
            long gate = long.MinValue;
            int mask = 0;
            byte gateBasis = 0;
            long gateTime = 0, gateLine = 0;
            void Flush()
            {
                if (mask == 0) return;
                int bin = (int)(gate % a.TimeBins);
                int u = owner[bin];
                var r = new DetectionRecord
                {
                    Gate = gate, TimePs = gateTime, TimeBin = (short)bin, User = (short)u, BobBasis = gateBasis,
                    AliceBasis = -1, AliceBit = -1, Intensity = -1, TruthCause = DetectionCause.Unknown, TruthPhotons = -1,
                };
                if (u >= 0)
                {
                    long pulse = gate / a.TimeBins;
                    if (!settings.TryGet(u, pulse, out var p))
                        throw new InputError(tagsPath, tags.TimeField, $"{tags.WhereOf(gateLine)}: the click in gate {gate} (user {names[u]}'s pulse {pulse}) has no record in {settings.FilesPhrase}; check timing.offsetPs and periodPs, the slots, and the settings");
                    r.AliceBasis = p.Basis;
                    r.AliceBit = p.Bit;
                    r.Intensity = p.Intensity;
                    if (!passive) r.BobBasis = (byte)p.BobBasis;
                }
                for (byte bit = 0; bit <= 1; bit++)
                {
                    if ((mask & (1 << bit)) == 0) continue;
                    r.Detector = bit;
                    batch[n++] = r;
                    if (n == batch.Length)
                    {
                        log.AppendRange(batch);
                        n = 0;
                    }
                }
                report.LogRows += (mask & 1) + (mask >> 1);
                mask = 0;
            }
            while (tags.Next())
            {
                report.InputRows++;
                if (!channel.TryGetValue(tags.Channel, out var det))
                {
                    report.OtherChannelTags++;
                    continue;
                }
                long g = clock.NearestGate(tags.TimePs);
                if (g < 0 || g >= sessionGates)
                {
                    report.OutsideSessionTags++;
                    continue;
                }
                if (g != gate)
                {
                    Flush();
                    if ((report.InputRows & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
                    gate = g;
                    gateBasis = det.Basis;
                    gateTime = clock.SinceOffsetPs(tags.TimePs);
                    gateLine = tags.Position;
                }
                else if (passive && det.Basis != gateBasis || (mask & (1 << det.Bit)) != 0)
                {
                    report.MultiClickTags++;
                    continue;
                }
                mask |= 1 << det.Bit;
            }
            Flush();
        }
        if (n > 0) log.AppendRange(batch.AsSpan(0, n));
        settings.Drain();
        report.SettingsRecords = settings.Records;
        var emitted = EmittedTotals.Resolve(settings, names, setupPath);
        // The session covers whole gates: given, round(durationS x rate); else every transmitter's pulses fill N gates each.
        long gates = sessionGates ?? emitted.Max(e => e.Sum()) * a.TimeBins;
        double simulatedS = Periods.ToSeconds(gates * s.Timing.PeriodPs);
        report.SessionS = simulatedS;
        var manifest = new RunManifest
        {
            ScenarioName = s.Name, Mode = "import", GateRateHz = gateRateHz, TimeBins = a.TimeBins,
            RequestedDurationS = s.Session.DurationS ?? simulatedS, SimulatedTimeS = simulatedS, SimulatedGates = gates,
            Epsilon = s.Analysis.Epsilon, ErrorCorrectionEfficiency = s.Analysis.ErrorCorrectionEfficiency ?? 1.1,
            BobBasis0Probability = a.BobBasis0Probability,
            Users = a.Users.Select((u, i) => new ManifestUser
            {
                Index = i, Name = u.Name, Slot = u.Slot, Active = true, ChannelLossDb = u.ChannelLossDb,
                Intensities = u.Intensities.ToArray(), Probabilities = u.Probabilities.ToArray(), Basis0Probability = u.Basis0Probability,
                EmittedPulses = emitted[i],
            }).ToList(),
        };
        manifest.Validate(setupPath);
        log.SetMetadata(LogMetadata.ManifestKey, manifest.ToJson());
        log.Complete();
        return report;
    }
}

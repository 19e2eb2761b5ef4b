using System.Globalization;
using System.Text;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Runs.Import;

/// <summary>How <see cref="LabExport"/> writes a simulated log as lab data.</summary>
/// <param name="Binary">Tags as a binary dump (tags.bin) instead of tags.csv.</param>
/// <param name="TaggerStartPs">Tagger time of the session's start (time 0 of the log): the setup's offset.</param>
/// <param name="DriftPpm">The tagger's clock runs fast by this many ppm: a log time x is tagged at start + round(x (1 + ppm 1e-6)).</param>
/// <param name="SyncEveryPeriods">With &gt; 0, a sync channel (0) ticks every this many gates/slots, SyncLeadPs before the gate's centre (access) or slot's start (MDI), and the setup says fit: sync.</param>
/// <param name="FitData">Without a sync channel, the setup says fit: data (access).</param>
/// <param name="PassiveBasis">Access: four detector channels (bit x Bob's basis); false: two channels and bob_basis in the settings.</param>
/// <param name="Noise">Also write tags the import must leave out: a tag of an unknown channel (99) and, for MDI, a click outside the windows, per row.</param>
public sealed record LabExportOptions(bool Binary = false, long TaggerStartPs = 1_000_000, double DriftPpm = 0, long SyncEveryPeriods = 0,
    long SyncLeadPs = 300, bool FitData = false, bool PassiveBasis = true, bool Noise = false);

/// <summary>
/// Writes a simulated run's log as a lab would have it (README "Importing lab data"): the clicks as time tags, the
/// transmitters' sparse settings (a record only for the detected pulses: access, each click's pulse; MDI, both users'
/// pulses of each coincidence's slot), the emitted totals, and a SETUP.yaml describing the wiring and clock; CV samples as
/// raw quadratures with a calibration. `import` of these files gives back the log's observable rows, so `analyze` gives the
/// run's summary (the round-trip tests). Files: setup.yaml, tags.csv or tags.bin, settings.csv, emitted.csv (access),
/// samples.csv (cv). Streams the log; memory is one row group.
/// </summary>
public static class LabExport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The tag file name the export writes.</summary>
    public static string TagsFile(LabExportOptions o) => o.Binary ? "tags.bin" : "tags.csv";

    /// <summary>Access: detections.parquet → tags, settings.csv (sparse), emitted.csv, setup.yaml in <paramref name="outDir"/>.</summary>
    public static void Access(string logPath, string outDir, LabExportOptions? options = null)
    {
        var o = options ?? new LabExportOptions();
        Directory.CreateDirectory(outDir);
        using var reader = DetectionLogReader.Open(logPath);
        var m = RunManifest.FromJson(reader.Manifest ?? throw new ArgumentException("log has no manifest", nameof(logPath)), logPath);
        long periodPs = (long)Math.Round(1e12 / m.GateRateHz);
        var names = m.Users.ToDictionary(u => u.Index, u => u.Name);
        int Channel(int bit, int basis) => o.PassiveBasis ? 1 + bit + 2 * basis : 1 + bit;
        using var tags = new TagWriter(Path.Combine(outDir, TagsFile(o)), o, periodPs, m.SimulatedGates);
        using var settings = new StreamWriter(Path.Combine(outDir, "settings.csv"));
        settings.WriteLine(o.PassiveBasis ? "user,pulse,basis,bit,intensity" : "user,pulse,basis,bit,intensity,bob_basis");
        long lastGate = -1;
        foreach (var chunk in reader.ReadChunks())
            foreach (var r in chunk.Span)
            {
                tags.Click(Channel(r.Detector, r.BobBasis), r.TimePs);
                if (r.User < 0 || r.Gate == lastGate) continue;
                lastGate = r.Gate;
                settings.Write($"{names[r.User]},{r.Gate / m.TimeBins},{r.AliceBasis},{r.AliceBit},{r.Intensity}");
                settings.WriteLine(o.PassiveBasis ? "" : $",{r.BobBasis}");
            }
        using (var emitted = new StreamWriter(Path.Combine(outDir, "emitted.csv")))
        {
            emitted.WriteLine("user,intensity,emitted");
            foreach (var u in m.Users)
                for (int k = 0; k < u.EmittedPulses.Length; k++) emitted.WriteLine($"{u.Name},{k},{u.EmittedPulses[k]}");
        }
        var y = new StringBuilder();
        y.AppendLine($"name: {m.ScenarioName}");
        Timing(y, o, periodPs);
        y.AppendLine("access:");
        y.AppendLine($"  timeBins: {m.TimeBins}");
        y.AppendLine($"  bobBasis0Probability: {D(m.BobBasis0Probability)}");
        y.AppendLine("  detectors:");
        for (int basis = 0; basis < (o.PassiveBasis ? 2 : 1); basis++)
            for (int bit = 0; bit <= 1; bit++)
                y.AppendLine($"    - {{channel: {Channel(bit, basis)}, bit: {bit}{(o.PassiveBasis ? $", basis: {basis}" : "")}}}");
        y.AppendLine("  users:");
        foreach (var u in m.Users.Where(u => u.Active))
            y.AppendLine($"    - {{name: {u.Name}, slot: {u.Slot}, intensities: [{L(u.Intensities)}], probabilities: [{L(u.Probabilities)}], basis0Probability: {D(u.Basis0Probability)}, channelLossDb: {D(u.ChannelLossDb)}}}");
        Analysis(y, m.Epsilon, m.ErrorCorrectionEfficiency);
        File.WriteAllText(Path.Combine(outDir, "setup.yaml"), y.ToString());
    }

    /// <summary>MDI: coincidences.parquet → tags (both detectors' logged clicks, extra clicks as repeats of detector 0's), settings.csv, setup.yaml.</summary>
    public static void Mdi(string logPath, string outDir, LabExportOptions? options = null)
    {
        var o = options ?? new LabExportOptions();
        Directory.CreateDirectory(outDir);
        using var reader = CoincidenceLogReader.Open(logPath);
        var m = MdiRunManifest.FromJson(reader.Manifest ?? throw new ArgumentException("log has no manifest", nameof(logPath)), logPath);
        var timing = MdiScenarioLoader.LoadFromText(m.ScenarioYaml, logPath, []).Config.Timing;
        long periodPs = timing.SlotPeriodPs;
        using var tags = new TagWriter(Path.Combine(outDir, TagsFile(o)), o, periodPs, m.SimulatedSlots);
        using var settings = new StreamWriter(Path.Combine(outDir, "settings.csv"));
        settings.WriteLine("user,pulse,basis,bit,intensity");
        long slot = -1;
        var slotTags = new List<(long X, int Channel)>();
        var written = new HashSet<int>();
        void EndSlot()
        {
            foreach (var (x, ch) in slotTags.OrderBy(t => t.X).ThenBy(t => t.Channel)) tags.Click(ch, x);
            slotTags.Clear();
            written.Clear();
        }
        foreach (var chunk in reader.ReadChunks())
            foreach (var r in chunk.Span)
            {
                if (r.Slot != slot) EndSlot();
                slot = r.Slot;
                int c0 = 1 + 2 * r.Module, c1 = 2 + 2 * r.Module;
                slotTags.Add((r.TimeD0Ps, c0));
                slotTags.Add((r.TimeD1Ps, c1));
                for (int e = 0; e < r.ExtraClicks; e++) slotTags.Add((r.TimeD0Ps, c0));
                if (o.Noise)
                {
                    slotTags.Add((r.Slot * periodPs, c1)); // at the slot's start: outside both windows
                }
                var mod = m.Modules[r.Module];
                if (written.Add(mod.UserA)) settings.WriteLine($"{m.Users[mod.UserA].Name},{r.Slot},{r.BasisA},{r.BitA},{r.IntensityA}");
                if (written.Add(mod.UserB)) settings.WriteLine($"{m.Users[mod.UserB].Name},{r.Slot},{r.BasisB},{r.BitB},{r.IntensityB}");
            }
        EndSlot();
        var y = new StringBuilder();
        y.AppendLine($"name: {m.ScenarioName}");
        Timing(y, o, periodPs);
        y.AppendLine($"session: {{durationS: {D(m.RequestedDurationS)}}}");
        y.AppendLine("mdi:");
        y.AppendLine($"  earlyBinPs: {timing.EarlyOffsetPs}");
        y.AppendLine($"  lateBinPs: {timing.LateOffsetPs}");
        y.AppendLine($"  coincidenceWindowPs: {m.CoincidenceWindowPs}");
        y.AppendLine("  users:");
        foreach (var u in m.Users)
            y.AppendLine($"    - {{name: {u.Name}, intensities: [{L(u.Intensities)}], probabilities: [{L(u.Probabilities)}], bases: [{string.Join(", ", u.Bases)}]}}");
        y.AppendLine("  modules:");
        foreach (var mod in m.Modules)
            y.AppendLine($"    - {{name: {mod.Name}, userA: {m.Users[mod.UserA].Name}, userB: {m.Users[mod.UserB].Name}, detector0Channel: {1 + 2 * mod.Index}, detector1Channel: {2 + 2 * mod.Index}, ituChannel: {mod.ItuChannel}, lossADb: {D(mod.LossADb)}, lossBDb: {D(mod.LossBDb)}}}");
        Analysis(y, m.Epsilon, m.ErrorCorrectionEfficiency);
        File.WriteAllText(Path.Combine(outDir, "setup.yaml"), y.ToString());
    }

    /// <summary>
    /// CV: cv_samples.parquet → samples.csv in raw units (Bob u's quadratures times sqrt(N0_u), N0_u = <paramref name="shotNoiseUnit"/>(u)
    /// raw units squared) and a setup.yaml with the calibration records V_shot = N0 (1 + v_el), V_el = N0 v_el.
    /// </summary>
    public static void Cv(string logPath, string outDir, Func<int, double> shotNoiseUnit)
    {
        Directory.CreateDirectory(outDir);
        using var reader = CvSampleLogReader.Open(logPath);
        var m = CvRunManifest.FromJson(reader.Manifest ?? throw new ArgumentException("log has no manifest", nameof(logPath)), logPath);
        var scale = m.Users.Select((_, u) => Math.Sqrt(shotNoiseUnit(u))).ToArray();
        using (var w = new StreamWriter(Path.Combine(outDir, "samples.csv")))
        {
            w.WriteLine(string.Join(",", CvImporter.Columns));
            reader.ReadAll(c =>
            {
                for (int i = 0; i < c.Length; i++)
                {
                    int u = c.User[i];
                    w.WriteLine($"{c.Round[i]},{m.Users[u].Name},{D(c.AliceX[i])},{D(c.AliceP[i])},{D(c.BobX[i] * scale[u])},{D(c.BobP[i] * scale[u])}");
                }
            });
        }
        var y = new StringBuilder();
        y.AppendLine($"name: {m.ScenarioName}");
        y.AppendLine("cv:");
        y.AppendLine($"  modulation: {m.Modulation}");
        y.AppendLine($"  modulationVarianceSnu: {D(m.ModulationVarianceSnu)}");
        y.AppendLine($"  reconciliationEfficiency: {D(m.ReconciliationEfficiency)}");
        y.AppendLine($"  confidenceStandardScore: {D(m.ConfidenceStandardScore)}");
        y.AppendLine("  users:");
        for (int u = 0; u < m.Users.Count; u++)
        {
            var b = m.Users[u];
            double n0 = shotNoiseUnit(u);
            y.AppendLine($"    - {{name: {b.Name}, efficiency: {D(b.Efficiency)}, shotNoiseVariance: {D(n0 * (1 + b.ElectronicNoiseSnu))}, electronicNoiseVariance: {D(n0 * b.ElectronicNoiseSnu)}, expectedTransmittance: {D(b.TrueTransmittance)}, expectedExcessNoiseSnu: {D(b.TrueExcessNoiseSnu)}}}");
        }
        File.WriteAllText(Path.Combine(outDir, "setup.yaml"), y.ToString());
    }

    private static void Timing(StringBuilder y, LabExportOptions o, long periodPs)
    {
        y.AppendLine("timing:");
        y.AppendLine($"  periodPs: {periodPs}");
        if (o.SyncEveryPeriods > 0)
        {
            y.AppendLine($"  offsetPs: {o.SyncLeadPs}   # sync tag to its gate");
            y.AppendLine("  fit: sync");
            y.AppendLine("  syncChannel: 0");
            y.AppendLine($"  syncEveryPeriods: {o.SyncEveryPeriods}");
        }
        else
        {
            y.AppendLine($"  offsetPs: {o.TaggerStartPs}");
            if (o.FitData) y.AppendLine("  fit: data");
        }
    }

    private static void Analysis(StringBuilder y, double epsilon, double fEc)
    {
        y.AppendLine("analysis:");
        y.AppendLine($"  epsilon: {D(epsilon)}");
        y.AppendLine($"  errorCorrectionEfficiency: {D(fEc)}");
    }

    private static string D(double x) => x.ToString("R", C);
    private static string L(IEnumerable<double> xs) => string.Join(", ", xs.Select(D));

    /// <summary>Tags in time order: clicks at tagger start + log time (with the clock's drift), sync ticks merged in.</summary>
    private sealed class TagWriter : IDisposable
    {
        private readonly StreamWriter? _csv;
        private readonly Stream? _bin;
        private readonly LabExportOptions _o;
        private readonly long _periodPs, _periods;
        private long _nextSync;
        private readonly byte[] _record = new byte[TimeTagReader.RecordBytes];

        public TagWriter(string path, LabExportOptions o, long periodPs, long periods)
        {
            _o = o;
            _periodPs = periodPs;
            _periods = periods;
            if (o.Binary) _bin = new BufferedStream(File.Create(path), 1 << 16);
            else
            {
                _csv = new StreamWriter(path);
                _csv.WriteLine("channel,time_ps");
            }
        }

        private long Tagger(long x) => _o.TaggerStartPs + (long)Math.Round(x * (1 + _o.DriftPpm * 1e-6));

        public void Click(int channel, long logTimePs)
        {
            if (_o.SyncEveryPeriods > 0)
                while (_nextSync * _periodPs - _o.SyncLeadPs <= logTimePs) SyncTick();
            Write(channel, Tagger(logTimePs));
            if (_o.Noise && channel != 99) Write(99, Tagger(logTimePs));
        }

        private void SyncTick()
        {
            Write(0, Tagger(_nextSync * _periodPs - _o.SyncLeadPs));
            _nextSync += _o.SyncEveryPeriods;
        }

        private void Write(int channel, long t)
        {
            if (_csv is not null)
            {
                _csv.Write(channel.ToString(C));
                _csv.Write(',');
                _csv.WriteLine(t.ToString(C));
                return;
            }
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_record, channel);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(_record.AsSpan(4), t);
            _bin!.Write(_record);
        }

        public void Dispose()
        {
            if (_o.SyncEveryPeriods > 0)
                while (_nextSync < _periods) SyncTick();
            _csv?.Dispose();
            _bin?.Dispose();
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Import;
using QkdNetSim.Tests.Cli;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Runs.Import;

/// <summary>
/// The acceptance of "Lab data in" (issue 15): simulate, export the log as a lab would have it (time tags, sparse settings,
/// emitted totals, SETUP.yaml; <see cref="LabExport"/>), import, analyze, and compare the summary with the simulator's own.
/// Only what a lab cannot have may differ (<see cref="NotLabData"/>); every count, estimate and key rate must be equal.
/// </summary>
public sealed class LabRoundTripTests(ITestOutputHelper output) : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>
    /// Keys a lab's data does not carry, removed wherever they occur: who wrote the summary and how long it took (command,
    /// source, wall times and rates, log file, tool version), the simulator's identity and cost (scenarioHash, seed, mode,
    /// kernelEvents, moduleSlotsSampled), and ground truth (truth, truthDarkInvolved, trueTransmittance, trueExcessNoiseSnu, the expected-count
    /// model's asymptoticKeyRateExpectedBitPerS, which needs the simulated network).
    /// </summary>
    private static readonly HashSet<string> NotLabData = new(StringComparer.Ordinal)
    {
        "command", "source", "toolVersion", "wallTimeS", "eventsPerWallSecond", "coincidencesPerWallSecond", "roundsPerWallSecond",
        "logFile", "scenarioHash", "seed", "mode", "kernelEvents", "truth", "truthDarkInvolved", "asymptoticKeyRateExpectedBitPerS",
        "moduleSlotsSampled",
    };

    private static string Model(string relative) => Path.Combine(CliFiles.RepoRoot, "models", relative);

    private string Simulate(string name, string? scenario, params string[] overrides)
    {
        string dir = _tmp.Sub(name);
        var (kind, loaded) = RunPipeline.Load(scenario, overrides, BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        RunPipeline.Execute(kind, loaded, dir);
        return dir;
    }

    private List<string> ImportAndCompare(string runDir, string labDir, ImportKind kind, string logName, string tagsName, params string[] settings)
    {
        string imported = _tmp.Sub(Path.GetFileName(labDir) + "-imported");
        var report = ImportPipeline.Execute(new ImportRequest(kind, Path.Combine(labDir, "setup.yaml"), Path.Combine(labDir, tagsName),
            settings.Select(s => Path.Combine(labDir, s)).ToArray(), imported));
        foreach (string line in report.Lines()) output.WriteLine(line);
        Assert.Equal(new[] { logName }, Directory.GetFiles(imported).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ToArray());
        AnalyzePipeline.Execute(imported);
        var simulated = Strip(CliFiles.ReadJson(Path.Combine(runDir, RunPipeline.SummaryFileName)));
        var analysed = Strip(CliFiles.ReadJson(Path.Combine(imported, RunPipeline.SummaryFileName)));
        return CliFiles.Diff(simulated, analysed);
    }

    private static JsonNode Strip(JsonNode doc)
    {
        var copy = doc.DeepClone();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var key in o.Select(kv => kv.Key).Where(NotLabData.Contains).ToList()) o.Remove(key);
                foreach (var kv in o) Walk(kv.Value);
            }
            else if (n is JsonArray a) foreach (var item in a) Walk(item);
        }
        Walk(copy);
        return copy;
    }

    [Fact]
    public void An_access_run_exported_as_csv_tags_and_sparse_settings_imports_to_the_same_summary()
    {
        string run = Simulate("access", null, "durationS=0.01");
        string lab = _tmp.Sub("access-lab");
        LabExport.Access(Path.Combine(run, "detections.parquet"), lab, new LabExportOptions(Noise: true));
        var diffs = ImportAndCompare(run, lab, ImportKind.Access, "detections.parquet", "tags.csv", "settings.csv", "emitted.csv");
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    [Fact]
    public void An_mdi_run_exported_as_csv_tags_and_sparse_settings_imports_to_the_same_summary()
    {
        string run = Simulate("mdi", Model("networks/seed002-four-user-mdi.yaml"), "durationS=0.05", "timing.resolutionPs=1");
        string lab = _tmp.Sub("mdi-lab");
        LabExport.Mdi(Path.Combine(run, "coincidences.parquet"), lab, new LabExportOptions(Noise: true));
        var diffs = ImportAndCompare(run, lab, ImportKind.Mdi, "coincidences.parquet", "tags.csv", "settings.csv");
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    [Fact]
    public void An_access_run_as_a_binary_dump_from_a_drifting_tagger_with_a_sync_channel_imports_to_the_same_summary()
    {
        // 20 ppm fast tagger clock: 200 gates of drift over the 0.01-s session, far past what fixed periods would assign.
        string run = Simulate("access-sync", null, "durationS=0.01");
        string lab = _tmp.Sub("access-sync-lab");
        LabExport.Access(Path.Combine(run, "detections.parquet"), lab, new LabExportOptions(Binary: true, DriftPpm: 20, SyncEveryPeriods: 80_000));
        var diffs = ImportAndCompare(run, lab, ImportKind.Access, "detections.parquet", "tags.bin", "settings.csv", "emitted.csv");
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    [Fact]
    public void An_access_run_with_bob_basis_in_the_settings_and_a_period_fitted_to_the_clicks_imports_to_the_same_summary()
    {
        string run = Simulate("access-active", null, "durationS=0.01", "seed=3");
        string lab = _tmp.Sub("access-active-lab");
        LabExport.Access(Path.Combine(run, "detections.parquet"), lab, new LabExportOptions(DriftPpm: -5, FitData: true, PassiveBasis: false));
        var diffs = ImportAndCompare(run, lab, ImportKind.Access, "detections.parquet", "tags.csv", "settings.csv", "emitted.csv");
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    [Fact]
    public void An_mdi_run_as_a_binary_dump_with_a_sync_channel_imports_to_the_same_summary()
    {
        string run = Simulate("mdi-sync", Model("networks/seed002-four-user-mdi.yaml"), "durationS=0.05", "timing.resolutionPs=1", "seed=5");
        string lab = _tmp.Sub("mdi-sync-lab");
        LabExport.Mdi(Path.Combine(run, "coincidences.parquet"), lab, new LabExportOptions(Binary: true, SyncEveryPeriods: 100_000));
        var diffs = ImportAndCompare(run, lab, ImportKind.Mdi, "coincidences.parquet", "tags.bin", "settings.csv");
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    [Fact]
    public void A_cv_run_exported_as_raw_quadratures_with_a_calibration_imports_to_the_same_summary()
    {
        string run = Simulate("cv", Model("networks/seed000-three-node-cv.yaml"), "samples=20000");
        string lab = _tmp.Sub("cv-lab");
        // Each Bob's shot-noise unit in raw units squared (V^2), different per Bob: the import must use each Bob's own.
        LabExport.Cv(Path.Combine(run, "cv_samples.parquet"), lab, u => 2.5e-3 * (u + 1));
        string imported = _tmp.Sub("cv-imported");
        ImportPipeline.Execute(new ImportRequest(ImportKind.Cv, Path.Combine(lab, "setup.yaml"), Path.Combine(lab, "samples.csv"), [], imported));
        AnalyzePipeline.Execute(imported);
        // A note names the file it comes from (the scenario for run, the log for analyze); `analyze` of any CV log has no
        // simulatedTimeS (a log does not record the symbol rate), so that key is compared only by its absence there.
        string scenario = Model("networks/seed000-three-node-cv.yaml"), log = Path.Combine(imported, "cv_samples.parquet");
        var simulated = Strip(JsonNode.Parse(File.ReadAllText(Path.Combine(run, RunPipeline.SummaryFileName)).Replace(scenario, "SOURCE"))!);
        var analysed = Strip(JsonNode.Parse(File.ReadAllText(Path.Combine(imported, RunPipeline.SummaryFileName)).Replace(log, "SOURCE"))!);
        Assert.Null(analysed["run"]!["simulatedTimeS"]);
        simulated["run"]!.AsObject().Remove("simulatedTimeS");
        analysed["run"]!.AsObject().Remove("simulatedTimeS");
        // Raw = SNU x sqrt(N0) and back (with N0 = V_shot - V_el recomputed from the calibration records) is exact to a few
        // ulps per sample; sums over 2e4 rounds then agree to ~1e-12 relative, so 1e-9 is far above rounding and far below
        // any physics (a wrong N0 or v_el moves the estimates by percent).
        var diffs = NumericDiff(simulated, analysed, "$", 1e-9);
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    [Fact]
    public void Cv_calibration_records_give_the_same_import_as_their_variances_given_as_numbers()
    {
        string run = Simulate("cv-rec", Model("networks/seed000-three-node-cv.yaml"), "samples=2000");
        string lab = _tmp.Sub("cv-rec-lab");
        LabExport.Cv(Path.Combine(run, "cv_samples.parquet"), lab, u => 2.5e-3 * (u + 1));
        string numbers = File.ReadAllText(Path.Combine(lab, "setup.yaml")), records = numbers;
        var rng = new Random(11);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var users = System.Text.RegularExpressions.Regex.Matches(numbers, @"shotNoiseVariance: ([^,]+), electronicNoiseVariance: ([^,]+),");
        for (int u = 0; u < users.Count; u++)
        {
            // Calibration traces around the exported calibration (any values serve: both imports must use the same variance).
            var vars = new List<double>();
            foreach (var (name, sigma2) in new[] { ($"shot{u}.csv", double.Parse(users[u].Groups[1].Value, CultureInfo.InvariantCulture)),
                                                    ($"el{u}.csv", double.Parse(users[u].Groups[2].Value, CultureInfo.InvariantCulture)) })
            {
                var xs = Enumerable.Range(0, 500).Select(_ => 0.3 + Math.Sqrt(sigma2) * Gauss()).ToArray();
                var ps = Enumerable.Range(0, 500).Select(_ => -0.2 + Math.Sqrt(sigma2) * Gauss()).ToArray();
                File.WriteAllLines(Path.Combine(lab, name), xs.Zip(ps, (x, p) => $"{x.ToString("R", CultureInfo.InvariantCulture)},{p.ToString("R", CultureInfo.InvariantCulture)}").Prepend("x,p"));
                // Two-pass pooled variance about each column's own mean, independent of the importer's one-pass sums.
                double mx = xs.Average(), mp = ps.Average();
                vars.Add((xs.Sum(x => (x - mx) * (x - mx)) + ps.Sum(p => (p - mp) * (p - mp))) / (2.0 * (xs.Length - 1)));
            }
            string given = users[u].Value;
            numbers = numbers.Replace(given, $"shotNoiseVariance: {vars[0].ToString("R", CultureInfo.InvariantCulture)}, electronicNoiseVariance: {vars[1].ToString("R", CultureInfo.InvariantCulture)},");
            records = records.Replace(given, $"shotNoiseRecords: shot{u}.csv, electronicNoiseRecords: el{u}.csv,");
        }
        JsonNode ImportWith(string name, string setup)
        {
            File.WriteAllText(Path.Combine(lab, name), setup);
            string dir = _tmp.Sub("cv-rec-" + Path.GetFileNameWithoutExtension(name));
            ImportPipeline.Execute(new ImportRequest(ImportKind.Cv, Path.Combine(lab, name), Path.Combine(lab, "samples.csv"), [], dir));
            AnalyzePipeline.Execute(dir);
            return Strip(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunPipeline.SummaryFileName)).Replace(dir, "DIR"))!);
        }
        // One-pass and two-pass variances of 1,000 values differ by rounding (~1e-15 relative); 1e-9 leaves room for its
        // propagation through the estimates, while a wrong pooling (one quadrature, or a biased 1/n) moves N0 by >= 0.1 %.
        var diffs = NumericDiff(ImportWith("numbers.yaml", numbers), ImportWith("records.yaml", records), "$", 1e-9);
        Assert.True(diffs.Count == 0, string.Join("\n", diffs.Take(40)));
    }

    private static List<string> NumericDiff(JsonNode? a, JsonNode? b, string path, double relative)
    {
        var diffs = new List<string>();
        void Walk(JsonNode? x, JsonNode? y, string p)
        {
            switch (x, y)
            {
                case (JsonObject ox, JsonObject oy):
                    foreach (var key in ox.Select(kv => kv.Key).Union(oy.Select(kv => kv.Key)))
                        Walk(ox[key], oy[key], $"{p}.{key}");
                    break;
                case (JsonArray ax, JsonArray ay) when ax.Count == ay.Count:
                    for (int i = 0; i < ax.Count; i++) Walk(ax[i], ay[i], $"{p}[{i}]");
                    break;
                case (JsonValue vx, JsonValue vy) when vx.TryGetValue<double>(out double dx) && vy.TryGetValue<double>(out double dy):
                    if (!(Math.Abs(dx - dy) <= relative * Math.Max(Math.Abs(dx), Math.Abs(dy)) + 1e-300)) diffs.Add($"{p}: {dx:R} vs {dy:R}");
                    break;
                default:
                    if (x?.ToJsonString() != y?.ToJsonString()) diffs.Add($"{p}: {x?.ToJsonString()} vs {y?.ToJsonString()}");
                    break;
            }
        }
        Walk(a, b, path);
        return diffs;
    }
}

using System.Text.Json.Nodes;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Cli;

/// <summary>`run` and `analyze` outputs: determinism, analyze = run, --no-log, --set/--duration, summary contract.</summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliRunOutputTests : IDisposable
{
    /// <summary>Fields that measure the machine, not the simulation.</summary>
    private static readonly string[] WallFields = ["run.wallTimeS", "run.eventsPerWallSecond"];

    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Log(string dir) => Path.Combine(dir, DetectionLogSchema.FileName);

    private static string Summary(string dir) => Path.Combine(dir, RunPipeline.SummaryFileName);

    [Fact]
    public void SameSeedByteIdenticalLogAndSameSummaryDifferentSeedDifferentLog()
    {
        string a = _tmp.Sub("a"), b = _tmp.Sub("b"), c = _tmp.Sub("c");
        CliRunner.RunOk(a, "--seed", "5", "--duration", "0.05");
        CliRunner.RunOk(b, "--seed", "5", "--duration", "0.05");
        CliRunner.RunOk(c, "--seed", "6", "--duration", "0.05");

        Assert.Equal(CliFiles.Sha256(Log(a)), CliFiles.Sha256(Log(b)));
        CliFiles.AssertSameJson(
            CliFiles.Without(CliFiles.ReadJson(Summary(a)), WallFields),
            CliFiles.Without(CliFiles.ReadJson(Summary(b)), WallFields),
            "summary.json of two runs with the same seed");

        Assert.NotEqual(CliFiles.Sha256(Log(a)), CliFiles.Sha256(Log(c)));
        var sa = CliFiles.ReadJson(Summary(a));
        var sc = CliFiles.ReadJson(Summary(c));
        Assert.Equal(5UL, sa["run"]!["seed"]!.GetValue<ulong>());
        Assert.Equal(6UL, sc["run"]!["seed"]!.GetValue<ulong>());
        Assert.NotEqual(sa["run"]!["scenarioHash"]!.GetValue<string>(), sc["run"]!["scenarioHash"]!.GetValue<string>());
        Assert.NotEqual(sa["users"]!.ToJsonString(), sc["users"]!.ToJsonString());
    }

    [Fact]
    public void AnalyzeReproducesTheRunSummary()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--seed", "11", "--duration", "0.05");
        var fromRun = CliFiles.ReadJson(Summary(dir));
        string logHash = CliFiles.Sha256(Log(dir));

        var r = CliRunner.Invoke("analyze", dir);
        Assert.True(r.ExitCode == 0, $"analyze exited {r.ExitCode}: {r.Stderr}");
        var fromAnalyze = CliFiles.ReadJson(Summary(dir));

        Assert.Equal("run", fromRun["source"]!.GetValue<string>());
        Assert.Equal("analyze", fromAnalyze["source"]!.GetValue<string>());
        CliFiles.AssertSameJson(
            CliFiles.Without(fromRun, ["command", "source", .. WallFields]),
            CliFiles.Without(fromAnalyze, ["command", "source", .. WallFields]),
            "summary.json from run vs from analyze");
        Assert.Equal(logHash, CliFiles.Sha256(Log(dir)));
        CliAssert.NoTempFiles(dir);

        // Also accepted: the .parquet file itself.
        r = CliRunner.Invoke("analyze", Log(dir));
        Assert.True(r.ExitCode == 0, $"analyze FILE exited {r.ExitCode}: {r.Stderr}");
        CliFiles.AssertSameJson(
            CliFiles.Without(fromAnalyze, WallFields),
            CliFiles.Without(CliFiles.ReadJson(Summary(dir)), WallFields),
            "analyze DIR vs analyze FILE");
    }

    [Fact]
    public void A_session_in_epochs_writes_the_same_summary_bytes_for_one_two_and_three_workers()
    {
        // 50 ms in 5-ms epochs: ten epochs, their secondary clicks crossing boundaries (fixed up), on 1, 2 and 3 threads.
        var texts = new[] { "1", "2", "3" }.Select(w =>
        {
            string dir = _tmp.Sub($"workers-{w}");
            CliRunner.RunOk(dir, "--seed", "7", "--duration", "0.05", "--set", "epochS=0.005", "--no-log", "--workers", w);
            var doc = CliFiles.Without(CliFiles.ReadJson(Summary(dir)), WallFields);
            return doc.ToJsonString();
        }).ToArray();
        Assert.Equal(texts[0], texts[1]);
        Assert.Equal(texts[0], texts[2]);
    }

    [Fact]
    public void NoLogWritesSummaryOnlyWithTheSamePhysicsAsALoggedRun()
    {
        string logged = _tmp.Sub("logged"), unlogged = _tmp.Sub("unlogged");
        CliRunner.RunOk(logged, "--seed", "7", "--duration", "0.05");
        CliRunner.RunOk(unlogged, "--seed", "7", "--duration", "0.05", "--no-log");

        Assert.True(File.Exists(Log(logged)));
        Assert.False(File.Exists(Log(unlogged)));
        Assert.True(File.Exists(Summary(unlogged)));
        // Besides summary.json and the time series (not a log) only the directory's hidden lock file (StagedDirectory: one run at a time).
        Assert.Equal(new[] { QkdNetSim.Data.Files.StagedDirectory.LockFileName, RunPipeline.SummaryFileName,
                QkdNetSim.Runs.Access.TimeSeriesWriter.FileName }, // one block: no timeseries.png
            Directory.GetFileSystemEntries(unlogged).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());

        var withLog = CliFiles.ReadJson(Summary(logged));
        var withoutLog = CliFiles.ReadJson(Summary(unlogged));
        // log.enabled is part of the canonical scenario, so the hash differs; every number must not.
        Assert.NotEqual(withLog["run"]!["scenarioHash"]!.GetValue<string>(), withoutLog["run"]!["scenarioHash"]!.GetValue<string>());
        // The logged run is driven by the kernel, the unlogged one runs as parallel epochs (kernelEvents 0): the same counts
        // (EpochSessionRunner), one engine through the epochs against epochs stitched by the fix-up.
        Assert.Equal(0, withoutLog["run"]!["kernelEvents"]!.GetValue<long>());
        CliFiles.AssertSameJson(
            CliFiles.Without(withLog, ["scenarioHash", "run.scenarioHash", "run.kernelEvents", .. WallFields]),
            CliFiles.Without(withoutLog, ["scenarioHash", "run.scenarioHash", "run.kernelEvents", .. WallFields]),
            "summary.json with and without --no-log");
    }

    [Fact]
    public void SetChangesTheScenarioHashDurationIsTheSimulatedTime()
    {
        string plain = _tmp.Sub("plain"), changed = _tmp.Sub("changed"), shorter = _tmp.Sub("shorter");
        CliRunner.RunOk(plain, "--seed", "2", "--duration", "0.05", "--no-log");
        CliRunner.RunOk(changed, "--seed", "2", "--duration", "0.05", "--no-log", "--set", "receiver.opticalError=0.01");
        CliRunner.RunOk(shorter, "--seed", "2", "--set", "durationS=0.03", "--no-log");

        var p = CliFiles.ReadJson(Summary(plain))["run"]!;
        var c = CliFiles.ReadJson(Summary(changed))["run"]!;
        var s = CliFiles.ReadJson(Summary(shorter))["run"]!;

        string hp = p["scenarioHash"]!.GetValue<string>(), hc = c["scenarioHash"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{64}$", hp);
        Assert.Matches("^[0-9a-f]{64}$", hc);
        Assert.NotEqual(hp, hc);

        Assert.Equal(0.05, p["requestedDurationS"]!.GetValue<double>());
        Assert.Equal(0.05, p["simulatedTimeS"]!.GetValue<double>(), 1e-9);
        Assert.Equal(0.03, s["requestedDurationS"]!.GetValue<double>());
        Assert.Equal(0.03, s["simulatedTimeS"]!.GetValue<double>(), 1e-9);
        Assert.Equal(30_000_000L, s["simulatedGates"]!.GetValue<long>());
        Assert.False(s["interrupted"]!.GetValue<bool>());

        // --duration and --set durationS= are the same scenario.
        string viaOption = _tmp.Sub("viaOption");
        CliRunner.RunOk(viaOption, "--seed", "2", "--duration", "0.03", "--no-log");
        Assert.Equal(s["scenarioHash"]!.GetValue<string>(), CliFiles.ReadJson(Summary(viaOption))["run"]!["scenarioHash"]!.GetValue<string>());
    }

    [Fact]
    public void SummaryJsonHasTheDocumentedFields()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--seed", "5", "--duration", "0.05");
        var doc = CliFiles.ReadJson(Summary(dir));

        Assert.False(string.IsNullOrEmpty(doc["toolVersion"]?.GetValue<string>()), "toolVersion missing at root");
        Assert.Equal("qkdnetsim", doc["tool"]!.GetValue<string>());
        var run = doc["run"]!.AsObject();
        Assert.Matches("^[0-9a-f]{64}$", run["scenarioHash"]!.GetValue<string>());
        Assert.Equal(5UL, run["seed"]!.GetValue<ulong>());
        double simulated = run["simulatedTimeS"]!.GetValue<double>();
        Assert.Equal(0.05, simulated, 1e-9);
        Assert.True(run["wallTimeS"]!.GetValue<double>() > 0);
        long events = run["eventsProcessed"]!.GetValue<long>();
        Assert.True(events > 0);
        long gates = run["simulatedGates"]!.GetValue<long>();
        int bins = run["timeBins"]!.GetValue<int>();
        Assert.Equal(8, bins);
        Assert.Equal(2, run["activeUsers"]!.GetValue<int>());

        // The Parquet log holds exactly the events the summary counts.
        using (var reader = DetectionLogReader.Open(Log(dir)))
            Assert.Equal(events, reader.RowCount);

        var users = doc["users"]!.AsArray().Select(u => u!.AsObject()).Where(u => u["active"]!.GetValue<bool>()).ToList();
        Assert.Equal(2, users.Count);
        foreach (var u in users)
        {
            string name = u["name"]!.GetValue<string>();
            long[] emitted = Longs(u, "emittedPulses", 3);
            long[] detections = Longs(u, "detections", 3);
            Assert.All(emitted, e => Assert.True(e > 0, $"{name}: emittedPulses"));
            Assert.True(detections.Sum() > 0, $"{name}: no detections");
            Assert.True(Math.Abs(emitted.Sum() - gates / (double)bins) <= 1, $"{name}: emitted {emitted.Sum()} pulses in {gates} gates / {bins} bins");

            Assert.True(u["siftedBits"]!.GetValue<long>() > 0, $"{name}: siftedBits");
            var qber = u["qberPerBasisIntensity"]!.AsArray();
            Assert.Equal(2, qber.Count);
            Assert.All(qber, row => Assert.Equal(3, row!.AsArray().Count));
            double qberSignal = u["qberSignal"]!.GetValue<double>();
            Assert.InRange(qberSignal, 0.0, 0.5);

            var finite = u["decoyFinite"]!.AsObject();
            foreach (string f in new[] { "singlePhotonBitsLower", "vacuumBitsLower", "singlePhotonErrorRate" })
            {
                var arr = finite[f]?.AsArray();
                Assert.True(arr is { Count: 2 }, $"{name}: decoyFinite.{f} should list both bases");
                Assert.All(arr!, x => Assert.True(double.IsFinite(x!.GetValue<double>()), $"{name}: decoyFinite.{f} not finite"));
            }
            Assert.True(double.IsFinite(u["secretKeyRateBitPerS"]!.GetValue<double>()), $"{name}: secretKeyRateBitPerS");
            Assert.True(double.IsFinite(u["asymptoticKeyRateBitPerS"]!.GetValue<double>()), $"{name}: asymptoticKeyRateBitPerS");
        }

        // The typed model reads the same document back.
        var typed = RunSummary.FromJson(File.ReadAllText(Summary(dir)));
        Assert.Equal(events, typed.Run.EventsProcessed);
        Assert.Equal((double)typed.Run.SimulatedGates / typed.Run.TimeBins, (double)typed.Users[0].EmittedPulses.Sum(), 1.0);
    }

    private static long[] Longs(JsonObject user, string field, int expectedCount)
    {
        var arr = user[field]?.AsArray();
        Assert.True(arr is not null, $"user field '{field}' missing");
        Assert.Equal(expectedCount, arr!.Count);
        return arr.Select(x => x!.GetValue<long>()).ToArray();
    }
}

using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Cli;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// A run directory holds exactly one run, for every kind (issue 10, class 5): re-running replaces the files, `--no-log`
/// and a change of kind leave no stale log for `analyze`, a failed run leaves the earlier one byte-identical, two runs
/// cannot interleave, and a bad `--out` is one input error line that writes nothing.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class RunDirectoryTests : IDisposable
{
    private const string AccessLog = "detections.parquet";
    private const string Series = QkdNetSim.Runs.Access.TimeSeriesWriter.FileName; // runs shorter than one block draw no timeseries.png
    private const string MdiLog = "coincidences.parquet";
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Mdi => Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed002-four-user-mdi.yaml");

    /// <summary>Visible entries (the hidden lock file is always there) and asserts there is no hidden staging folder.</summary>
    private static string[] Outputs(string dir)
    {
        var all = Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain(all, n => n!.StartsWith(StagedDirectory.StagingPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(all, n => n!.Contains(".tmp", StringComparison.Ordinal));
        return all.Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()!;
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f)!, CliFiles.Sha256);

    [Fact]
    public void ReRunningIntoTheSameFolderReplacesItsFiles()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--seed", "1", "--duration", "0.02");
        var first = Hashes(dir);
        CliRunner.RunOk(dir, "--seed", "2", "--duration", "0.02");
        Assert.Equal([AccessLog, RunPipeline.SummaryFileName, Series], Outputs(dir));
        var second = Hashes(dir);
        Assert.NotEqual(first[AccessLog], second[AccessLog]);
        Assert.Equal(2UL, CliFiles.ReadJson(Path.Combine(dir, RunPipeline.SummaryFileName))["seed"]!.GetValue<ulong>());
    }

    [Fact]
    public void NoLogAfterALoggedRunLeavesNoLogForAnalyze()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--duration", "0.02");
        CliRunner.RunOk(dir, "--duration", "0.02", "--no-log");
        Assert.Equal([RunPipeline.SummaryFileName, Series], Outputs(dir));
        var analyze = CliRunner.Invoke("analyze", dir);
        Assert.Equal(2, analyze.ExitCode);
        Assert.Equal([$"error: {Path.Combine(dir, AccessLog)}: file: not found"], analyze.StderrLines);
    }

    [Fact]
    public void AnMdiRunIntoAnAccessRunsFolderLeavesOnlyItsOwnLog()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--duration", "0.02");
        CliRunner.RunOk(dir, Mdi, "--duration", "0.02");
        Assert.Equal([MdiLog, RunPipeline.SummaryFileName], Outputs(dir));
        var summary = CliFiles.ReadJson(Path.Combine(dir, RunPipeline.SummaryFileName));
        Assert.Equal("mdiNetwork", summary["kind"]!.GetValue<string>());
        // The summary names the published log, not the staging folder it was written in.
        Assert.Equal(Path.Combine(dir, MdiLog), summary["run"]!["logFile"]!.GetValue<string>());
        var analyze = CliRunner.Invoke("analyze", dir, "--format", "json");
        Assert.True(analyze.ExitCode == 0, analyze.Stderr);
        Assert.Equal("mdiNetwork", CliFiles.ReadJson(Path.Combine(dir, RunPipeline.SummaryFileName))["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(FailingKind.Failure.Bug)]
    [InlineData(FailingKind.Failure.BadInput)]
    [InlineData(FailingKind.Failure.DiskFull)]
    public void ARunThatFailsMidWayLeavesTheEarlierRunByteIdenticalAndNoStagingFolder(FailingKind.Failure failure)
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--duration", "0.02");
        var before = Hashes(dir);
        using var coins = KindRegistry.Register(new CoinKind()); // the failing kind loads coin scenarios
        using var registration = KindRegistry.Register(new FailingKind(failure));
        string scenario = _tmp.Write("fail.yaml", $"kind: {FailingKind.KindName}\nname: fails\nflips: 5000\n");

        var r = CliRunner.Invoke("run", scenario, "--out", dir, "--quiet");

        switch (failure)
        {
            case FailingKind.Failure.Bug:
                // A real bug: exit 1 and one line naming it, no stack trace (QKDNETSIM_DEBUG=1 would add it).
                Assert.Equal(1, r.ExitCode);
                Assert.Equal(["internal error: InvalidOperationException: a bug mid-run (a bug: please report it; QKDNETSIM_DEBUG=1 prints the stack trace)"],
                    r.StderrLines);
                break;
            case FailingKind.Failure.BadInput:
                // Bad input found during the run: exit 2, one line naming the log where the user will look for it.
                Assert.Equal(2, r.ExitCode);
                Assert.Equal([$"error: {Path.Combine(dir, CoinKind.FileName)}: flips: found bad mid-run"], r.StderrLines);
                break;
            case FailingKind.Failure.DiskFull:
                Assert.Equal(2, r.ExitCode);
                Assert.Equal([$"error: {dir}: --out: no space left on the device; free some or choose another directory"], r.StderrLines);
                break;
        }
        Assert.Equal([AccessLog, RunPipeline.SummaryFileName, Series], Outputs(dir));
        Assert.Equal(before, Hashes(dir));
    }

    [Fact]
    public void ASecondRunWhileTheFirstHoldsTheDirectoryIsInUse()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--duration", "0.02");
        var before = Hashes(dir);
        using (StagedDirectory.Open(dir)) // a first run, mid-way
        {
            var r = CliRunner.Invoke("run", "--out", dir, "--quiet", "--duration", "0.02");
            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(r.StderrLines);
            Assert.StartsWith($"error: {dir}: --out: in use by another run", line);
        }
        Assert.Equal(before, Hashes(dir));
        CliRunner.RunOk(dir, "--duration", "0.02"); // released when the first run ends
    }

    [Fact]
    public void ARunIntoTheDirectoryAnotherRunInThisProcessIsWritingGetsInUse()
    {
        string dir = _tmp.Sub("run");
        var inner = new LockProbeKind(dir);
        using var coins = KindRegistry.Register(new CoinKind()); // the probe kind loads coin scenarios
        using var registration = KindRegistry.Register(inner);
        var kind = KindRegistry.Get(LockProbeKind.KindName);
        var scenario = kind.Load($"kind: {LockProbeKind.KindName}\nflips: 100\n", "probe.yaml", []);

        RunPipeline.Execute(kind, scenario, dir);

        var e = Assert.IsType<InputError>(inner.SecondRun);
        Assert.Equal(dir, e.File);
        Assert.Contains("in use", e.Rule);
        Assert.Equal([CoinKind.FileName, RunPipeline.SummaryFileName], Outputs(dir));
    }

    [Fact]
    public void OutAtAPlainFileIsOneInputErrorLineAndTheFileIsKept()
    {
        string file = _tmp.Write("plain", "keep me");
        var r = CliRunner.Invoke("run", "--out", file, "--quiet", "--duration", "0.02");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith($"error: {file}: --out: is a file", line);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void OutEmptyIsOneInputErrorLine()
    {
        var r = CliRunner.Invoke("run", "--out", "", "--quiet", "--duration", "0.02");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["error: command line: --out: must name a directory, got an empty path"], r.StderrLines);
    }

    [Theory]
    [InlineData("under-file")]
    [InlineData("proc")]
    public void OutThatCannotBeCreatedIsOneInputErrorLineAndLeavesNothing(string where)
    {
        string parent = _tmp.Write("plain", "keep me");
        string dir = where == "proc" ? "/proc/qkdnetsim-run-" + Guid.NewGuid().ToString("N")[..8] : Path.Combine(parent, "run");
        var r = CliRunner.Invoke("run", "--out", dir, "--quiet", "--duration", "0.02");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith($"error: {dir}: --out: cannot create the directory", line);
        Assert.False(Directory.Exists(dir));
        Assert.Equal(["plain"], Directory.GetFileSystemEntries(_tmp.Root).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public void AStagingFolderLeftByAKilledRunIsRemovedByTheNextRunAndNeverPublished()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--duration", "0.02", "--no-log");
        string leftover = Path.Combine(dir, $"{StagedDirectory.StagingPrefix}{StagedDirectoryTests.DeadPid()}-0123456789ab");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, MdiLog + ".tmp-0123456789ab"), "half a log");
        File.WriteAllText(Path.Combine(leftover, MdiLog), "a whole log of a killed run");

        CliRunner.RunOk(dir, "--duration", "0.02", "--no-log");

        Assert.False(Directory.Exists(leftover));
        Assert.Equal([RunPipeline.SummaryFileName, Series], Outputs(dir));
    }

    [Fact]
    public void ACancelledRunStillPublishesWhatItSimulatedOverTheEarlierRun()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, Mdi, "--duration", "0.02");
        var loaded = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, ["durationS=2"]);
        using var cts = new CancellationTokenSource();

        var summary = RunPipeline.Execute(loaded, dir, _ => cts.Cancel(), cts.Token);

        Assert.True(summary.WasInterrupted());
        Assert.Equal([AccessLog, RunPipeline.SummaryFileName, Series], Outputs(dir));
        var onDisk = CliFiles.ReadJson(Path.Combine(dir, RunPipeline.SummaryFileName));
        Assert.True(onDisk["run"]!["interrupted"]!.GetValue<bool>());
    }

    [Fact]
    public void A_cancelled_run_publishes_every_row_it_appended_to_its_log()
    {
        // Small row groups: several are still being encoded on the log's encoder threads when the session stops.
        string dir = _tmp.Sub("run");
        var loaded = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath,
            ["durationS=2", "log.rowGroupSize=1024"]);
        using var cts = new CancellationTokenSource();

        var summary = (RunSummary)RunPipeline.Execute(loaded, dir, _ => cts.Cancel(), cts.Token);

        Assert.True(summary.WasInterrupted());
        using var log = DetectionLogReader.Open(Path.Combine(dir, AccessLog));
        Assert.True(log.RowGroupCount > 1, $"{log.RowGroupCount} row group(s)");
        Assert.Equal(summary.Run.EventsProcessed, log.RowCount);
        // Every row is readable and the content hash in the footer matches them.
        Assert.Equal(log.RowCount, log.ReadChunks().Sum(c => (long)c.Length));
    }

    /// <summary>The coin kind, but its Simulate writes part of its log and then fails (a bug, or bad input found mid-run).</summary>
    public sealed class FailingKind(FailingKind.Failure failure) : INetworkKind
    {
        public enum Failure { Bug, BadInput, DiskFull }

        public const string KindName = "failingCoins";
        private readonly CoinKind _coins = new();

        public string Name => KindName;
        public string Description => "writes half a log, then fails (a test kind)";
        public string? LogFileName => CoinKind.FileName;

        public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) =>
            _coins.Load(yaml.Replace($"kind: {KindName}", "kind: coinFlips"), path, overrides);

        public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? logTarget, Action<double>? progress, CancellationToken cancel)
        {
            Assert.NotNull(logTarget);
            string logPath = logTarget.WritePath;
            using var log = new CoinLogWriter(logPath, 64);
            log.AppendRange(Enumerable.Range(0, 1000).Select(i => new CoinRecord { Flip = i, Heads = i & 1 }).ToArray());
            throw failure switch
            {
                Failure.BadInput => new InputError(logPath, "flips", "found bad mid-run"),
                Failure.DiskFull => new IOException("No space left on device", 28), // ENOSPC, as .NET reports it on Linux
                _ => new InvalidOperationException("a bug mid-run"),
            };
        }

        public string? AnalyzeInput(string target) => null;
        public SummaryEnvelope Analyze(string input, CancellationToken cancel) => throw new NotSupportedException();
        public ResultRows Rows(SummaryEnvelope summary) => _coins.Rows(summary);
    }

    /// <summary>The coin kind; while simulating it tries a second run into the same directory and keeps what that threw.</summary>
    private sealed class LockProbeKind(string dir) : INetworkKind
    {
        public const string KindName = "lockProbe";
        private readonly CoinKind _coins = new();

        public Exception? SecondRun { get; private set; }

        public string Name => KindName;
        public string Description => "a run that starts a second run into its own directory (a test kind)";
        public string? LogFileName => CoinKind.FileName;

        public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) =>
            _coins.Load(yaml.Replace($"kind: {KindName}", "kind: coinFlips"), path, overrides);

        public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? logTarget, Action<double>? progress, CancellationToken cancel)
        {
            try { RunPipeline.Execute(_coins, scenario, dir); }
            catch (Exception e) { SecondRun = e; }
            return _coins.Simulate(scenario, logTarget, progress, cancel);
        }

        public string? AnalyzeInput(string target) => null;
        public SummaryEnvelope Analyze(string input, CancellationToken cancel) => throw new NotSupportedException();
        public ResultRows Rows(SummaryEnvelope summary) => _coins.Rows(summary);
    }
}

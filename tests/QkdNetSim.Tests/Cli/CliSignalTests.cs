using System.Diagnostics;
using System.Runtime.InteropServices;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// The CLI as a child process (`dotnet qkdnetsim.dll ...`, the built CLI next to the test binaries) receiving real POSIX
/// signals: SIGTERM and SIGHUP behave like Ctrl+C (keep what was simulated, mark it interrupted, exit 128 + signal),
/// `bench` removes its scratch folders however it ends, and `reproduce` leaves its output folder untouched unless it
/// finishes. Linux/macOS only (signals are sent with libc kill).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliSignalTests : IDisposable
{
    private const int SigHup = 1, SigKill = 9, SigTerm = 15;
    private static readonly string[] WallFields = ["run.wallTimeS", "run.eventsPerWallSecond"];
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [InlineData(SigTerm, 143)]
    [InlineData(SigHup, 129)]
    public void SignalMidRunKeepsTheSimulatedPartMarkedInterruptedAndExits128PlusSignal(int signal, int expectedExit)
    {
        if (OperatingSystem.IsWindows()) return; // POSIX signals
        // A signal ignored when the test host started (e.g. SIGHUP under nohup) stays ignored in the CLI child (the runtime
        // keeps an inherited SIG_IGN), so there is nothing to test: say so and stop.
        if (CliChild.IgnoredAtStart(signal)) { Console.Error.WriteLine($"skipped: signal {signal} is ignored by this test host (nohup?)"); return; }
        string dir = _tmp.Sub("run");
        using var p = CliChild.Start(_tmp, "run", "--duration", "600", "--out", dir, "--quiet", "--format", "json");
        // Simulating: the log's temporary file exists in the run's staging folder (the built-in scenario writes detections.parquet).
        CliChild.WaitFor(p, () => Directory.Exists(dir) && Directory.GetFiles(dir, "*.tmp-*", SearchOption.AllDirectories).Length > 0,
            "the run to start simulating");
        Thread.Sleep(300);
        CliChild.Signal(p, signal);
        int exit = CliChild.WaitExit(p, TimeSpan.FromSeconds(30));
        Assert.True(exit == expectedExit, $"exit code {exit}, expected {expectedExit}; stderr: {p.StandardError.ReadToEnd()}");

        string summaryPath = Path.Combine(dir, RunPipeline.SummaryFileName);
        var fromRun = CliFiles.ReadJson(summaryPath);
        var run = RunSummary.FromJson(File.ReadAllText(summaryPath)).Run;
        Assert.True(run.Interrupted, "summary.json does not say interrupted");
        Assert.True(run.SimulatedTimeS > 0 && run.SimulatedTimeS < 600, $"simulated {run.SimulatedTimeS} s of 600");
        Assert.True(File.Exists(Path.Combine(dir, DetectionLogSchema.FileName)), "no detections.parquet");
        CliAssert.NoTempFiles(dir);
        // The run's outputs (log, summary, time series and its figure) and the directory's lock file; no staging folder, no temporary file.
        Assert.Equal([".qkdnetsim.lock", DetectionLogSchema.FileName, RunPipeline.SummaryFileName, TimeSeriesWriter.FileName],
            Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The kept log alone reproduces the interrupted summary's physics.
        var r = CliRunner.Invoke("analyze", dir, "--format", "json");
        Assert.True(r.ExitCode == 0, $"analyze exited {r.ExitCode}: {r.Stderr}");
        CliFiles.AssertSameJson(CliFiles.Without(fromRun, ["command", "source", .. WallFields]),
            CliFiles.Without(CliFiles.ReadJson(summaryPath), ["command", "source", .. WallFields]), "analyze of the interrupted run vs the run");
    }

    [Fact]
    public void SigtermToBenchStopsItsChildAndRemovesEveryScratchFolder()
    {
        if (OperatingSystem.IsWindows()) return;
        string temp = Directory.CreateDirectory(_tmp.Sub("tmp")).FullName; // bench's children put their folders here (TMPDIR)
        // A scratch folder of a bench killed outright earlier (no process has this id): removed when bench starts.
        string stale = Directory.CreateDirectory(Path.Combine(temp, "qkdnetsim-bench-" + DeadPid)).FullName;
        using var p = CliChild.StartIn(CliFiles.RepoRoot, temp, "bench", "--seconds", "600");
        CliChild.WaitFor(p, () => !Directory.Exists(stale) && ScratchFolders(temp).Length > 0, "bench's first child to create its scratch folder");
        Thread.Sleep(300);
        CliChild.Signal(p, SigTerm);
        int exit = CliChild.WaitExit(p, TimeSpan.FromSeconds(30));
        Assert.True(exit == 143, $"exit code {exit}; stderr: {p.StandardError.ReadToEnd()}");
        Assert.Empty(ScratchFolders(temp));
    }

    [Fact]
    public void BenchWhoseChildIsKilledRemovesTheChildsScratchFolderAndExits128Plus9()
    {
        if (OperatingSystem.IsWindows()) return;
        string temp = Directory.CreateDirectory(_tmp.Sub("tmp")).FullName;
        using var p = CliChild.StartIn(CliFiles.RepoRoot, temp, "bench", "--seconds", "600");
        CliChild.WaitFor(p, () => ScratchFolders(temp).Length > 0, "bench's first child to create its scratch folder");
        string folder = ScratchFolders(temp).Single();
        int childPid = int.Parse(Path.GetFileName(folder)["qkdnetsim-bench-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Thread.Sleep(300);
        Assert.Equal(0, CliChild.Kill(childPid, SigKill)); // SIGKILL: the child runs no cleanup of its own
        int exit = CliChild.WaitExit(p, TimeSpan.FromSeconds(30));
        Assert.True(exit == 137, $"exit code {exit}; stderr: {p.StandardError.ReadToEnd()}");
        Assert.Empty(ScratchFolders(temp));
    }

    [Fact]
    public void LeftoverTemporaryFilesOfAKilledProcessDoNotConfuseAnalyze()
    {
        string dir = _tmp.Sub("run");
        CliRunner.RunOk(dir, "--duration", "0.05", "--format", "json");
        string summaryPath = Path.Combine(dir, RunPipeline.SummaryFileName);
        var before = CliFiles.ReadJson(summaryPath);
        // What a SIGKILL mid-write leaves: AtomicFile temporaries (final name + ".tmp-" + random) holding garbage.
        File.WriteAllText(Path.Combine(dir, DetectionLogSchema.FileName + ".tmp-0123456789ab"), "PAR1 half a log");
        File.WriteAllText(Path.Combine(dir, RunPipeline.SummaryFileName + ".tmp-0123456789ab"), "{ \"run\": ");
        var r = CliRunner.Invoke("analyze", dir, "--format", "json");
        Assert.True(r.ExitCode == 0, $"analyze exited {r.ExitCode}: {r.Stderr}");
        CliFiles.AssertSameJson(CliFiles.Without(before, ["command", "source", .. WallFields]),
            CliFiles.Without(CliFiles.ReadJson(summaryPath), ["command", "source", .. WallFields]), "analyze next to leftover temporaries");
    }

    [Fact]
    public void InterruptedReproduceLeavesTheEarlierFolderByteIdenticalAndNoStagingFolder()
    {
        if (OperatingSystem.IsWindows()) return;
        string outDir = _tmp.Sub("seed001");
        Directory.CreateDirectory(Path.Combine(outDir, "sub"));
        File.WriteAllText(Path.Combine(outDir, "REPORT.md"), "# the tracked report\n");
        File.WriteAllBytes(Path.Combine(outDir, "fig3a.png"), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(outDir, "sub", "note.txt"), "kept");
        var before = Snapshot(outDir);
        using var p = CliChild.Start(_tmp, "reproduce", "seed001", "--out", outDir);
        CliChild.WaitFor(p, () => Directory.GetDirectories(_tmp.Root, ".staging-*").Length > 0, "reproduce to start writing its staging folder");
        CliChild.Signal(p, SigTerm);
        int exit = CliChild.WaitExit(p, TimeSpan.FromSeconds(30));
        Assert.True(exit == 143, $"exit code {exit}; stdout: {p.StandardOutput.ReadToEnd()} stderr: {p.StandardError.ReadToEnd()}");
        Assert.Equal(before, Snapshot(outDir));
        Assert.Equal(["seed001"], Directory.GetFileSystemEntries(_tmp.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void ReproduceKilledBetweenItsTwoRenamesGetsTheEarlierFolderBackNextTime()
    {
        if (OperatingSystem.IsWindows()) return;
        // A reproduction killed after renaming results/seed001 aside and before renaming the new one in left only this:
        string aside = _tmp.Sub(".old-seed001-" + DeadPid);
        Directory.CreateDirectory(aside);
        File.WriteAllText(Path.Combine(aside, "REPORT.md"), "# the tracked report\n");
        File.WriteAllBytes(Path.Combine(aside, "fig3a.png"), [1, 2, 3, 4]);
        var before = Snapshot(aside);
        string outDir = _tmp.Sub("seed001");
        using var p = CliChild.Start(_tmp, "reproduce", "seed001", "--out", outDir);
        CliChild.WaitFor(p, () => Directory.GetDirectories(_tmp.Root, ".staging-*").Length > 0, "reproduce to start writing its staging folder");
        CliChild.Signal(p, SigTerm);
        int exit = CliChild.WaitExit(p, TimeSpan.FromSeconds(30));
        Assert.True(exit == 143, $"exit code {exit}; stderr: {p.StandardError.ReadToEnd()}");
        Assert.Equal(before, Snapshot(outDir));
        Assert.Equal(["seed001"], Directory.GetFileSystemEntries(_tmp.Root).Select(Path.GetFileName));
    }

    /// <summary>A process id above Linux's pid_max (2^22): no process has it.</summary>
    internal const int DeadPid = 2_000_000_000;

    private static string[] ScratchFolders(string temp) => Directory.GetDirectories(temp, "qkdnetsim-bench-*");

    /// <summary>Every file under <paramref name="dir"/> with its SHA-256, sorted by relative path.</summary>
    private static string[] Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(dir, f)} {CliFiles.Sha256(f)}").Order(StringComparer.Ordinal).ToArray();
}

/// <summary>Starts the built CLI as a child process and sends it POSIX signals.</summary>
internal static class CliChild
{
    /// <summary>qkdnetsim.dll, copied next to the test binaries by the project reference.</summary>
    public static string CliDll => typeof(QkdNetSim.Cli.Cli).Assembly.Location;

    public static Process Start(CliTempDir tmp, params string[] args) => StartWithTemp(tmp, null, args);

    /// <summary>`dotnet qkdnetsim.dll ARGS` with the temp dir (TMPDIR) at <paramref name="tempDir"/> when given.</summary>
    public static Process StartWithTemp(CliTempDir tmp, string? tempDir, params string[] args) => StartIn(tmp.Root, tempDir, args);

    /// <summary>As <see cref="StartWithTemp"/>, in <paramref name="workingDirectory"/> (bench reads the checkout's models/, so it runs inside one).</summary>
    public static Process StartIn(string workingDirectory, string? tempDir, params string[] args)
    {
        var psi = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath is string host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_EnableDiagnostics"] = "0"; // no debugger pipes left in TMPDIR by a killed child
        if (tempDir is not null) psi.Environment["TMPDIR"] = tempDir;
        return Process.Start(psi)!; // stdout and stderr (read after exit) stay far below a pipe's 64 KiB
    }

    public static void WaitFor(Process p, Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (p.HasExited) Assert.Fail($"the CLI exited ({p.ExitCode}) before {what}: {p.StandardError.ReadToEnd()}");
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) { p.Kill(entireProcessTree: true); Assert.Fail($"timed out waiting for {what}"); }
            Thread.Sleep(20);
        }
    }

    public static void Signal(Process p, int signal) => Assert.Equal(0, Kill(p.Id, signal));

    /// <summary>Whether this process ignores <paramref name="signal"/> (SigIgn of /proc/self/status, Linux): a child inherits that.</summary>
    public static bool IgnoredAtStart(int signal)
    {
        if (!File.Exists("/proc/self/status")) return false;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (signal - 1))) != 0;
    }

    public static int WaitExit(Process p, TimeSpan timeout)
    {
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"the CLI did not exit within {timeout.TotalSeconds} s of the signal");
        }
        p.WaitForExit();
        return p.ExitCode;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}

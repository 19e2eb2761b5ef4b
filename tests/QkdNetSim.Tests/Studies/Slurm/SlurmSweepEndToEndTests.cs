using System.Diagnostics;
using Microsoft.Data.Analysis;
using QkdNetSim.Studies;
using QkdNetSim.Studies.Slurm;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Studies.Slurm;

/// <summary>
/// `qkdnetsim sweep --backend slurm` end to end on the real one-node cluster (<see cref="SlurmCluster"/>): the CLI submits
/// the job array, each array task starts the built qkdnetsim (next to this test assembly) as its own process, and
/// `sweep collect` builds the same dataset as a local one-worker run. Skips when there is no cluster.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class SlurmSweepEndToEndTests(SlurmCluster cluster) : IClassFixture<SlurmCluster>, IDisposable
{
    /// <summary>Queueing, two .NET start-ups and six short points take ~5 s on an idle node; the bound only stops a hung job.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>
    /// Six points of the built-in seed-004 scenario: three afterpulse probabilities, each on both engines (the model and a
    /// 2 ms simulation), without detection logs. 6 points make <see cref="SlurmBackend.TaskCount"/> = 2 array tasks.
    /// </summary>
    private string Study() => _tmp.Write("study.yaml", """
        name: slurm-e2e
        base: builtin
        seed: 11
        engine: both
        set: [durationS=0.002, log.enabled=false]
        parameters:
          receiver.detector.afterpulseProbability: [0.02, 0.045, 0.10]
        """);

    private static CliResult Ok(params string[] args)
    {
        var r = CliRunner.Invoke(args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [SkippableFact]
    [Trait("Category", "Slurm")]
    public void A_study_run_as_a_slurm_array_collects_into_the_same_dataset_as_a_local_run()
    {
        Skip.IfNot(cluster.Ready, cluster.Reason);
        string study = Study(), outDir = _tmp.Sub("slurm"), localDir = _tmp.Sub("local");

        var submitted = Ok("sweep", study, "--backend", "slurm", "--out", outDir);
        Assert.Contains("6 points in 2 array tasks", submitted.Stdout);
        string jobId = File.ReadAllText(Path.Combine(outDir, "slurm", SlurmBackend.JobIdFileName)).Trim();
        try
        {
            // The tasks run the qkdnetsim built next to this assembly, not the test host.
            Assert.Contains($"exec {Path.Combine(AppContext.BaseDirectory, "qkdnetsim")} sweep ",
                File.ReadAllText(Path.Combine(outDir, "slurm", SlurmBackend.ScriptFileName)));
            var clock = Stopwatch.StartNew();
            var status = WaitForPoints(outDir);
            Assert.True(status.Done == 6, $"{status.Done} of 6 points done, {status.Failed} failed ({string.Join("; ", status.Failures)}), "
                + $"{status.Pending} pending after {clock.Elapsed.TotalSeconds:0.0} s (bound {Bound.TotalSeconds:0} s); task logs:\n{TaskLogs(outDir)}");
        }
        finally
        {
            // Never leave this test's job behind (a no-op once it has ended).
            SlurmCommands.Run(SlurmCommands.Find("scancel") ?? "scancel", [jobId], TimeSpan.FromSeconds(10));
        }
        Assert.Contains("6 points: 6 done, 0 failed, 0 interrupted, 0 pending", Ok("sweep", "status", outDir).Stdout);
        Ok("sweep", "collect", outDir);
        Ok("sweep", study, "--out", localDir, "--workers", "1", "--quiet");

        var onCluster = StudyDataset.Load(outDir);
        var local = StudyDataset.Load(localDir);
        Assert.Equal(6 * 2, local.Rows.Count); // 6 points x 2 users
        AssertSameFrames(local, onCluster);
        Assert.Equal(["model", "simulate"], onCluster.Columns["engine"].Cast<string>().Distinct().Order());
        Assert.Contains(onCluster.Columns["run.simulatedGates"].Cast<long?>(), g => g > 0); // the simulated points did simulate
        Assert.All(onCluster.Columns["status"].Cast<string>(), s => Assert.Equal("done", s));
    }

    [Fact]
    public void A_dry_run_prints_the_array_script_and_writes_nothing()
    {
        // No cluster needed: a dry run never calls sbatch.
        string study = Study(), outDir = _tmp.Sub("dry");
        var r = Ok("sweep", study, "--backend", "slurm", "--out", outDir, "--dry-run");
        string[] lines = r.Stdout.Split('\n');

        Assert.Contains("#SBATCH --array=0-1", lines);
        Assert.Contains(lines, l => l.StartsWith("exec ", StringComparison.Ordinal)
            && l.EndsWith($" sweep {study} --out {outDir} --task \"$SLURM_ARRAY_TASK_ID\" --tasks 2 --workers 1 --resume --quiet", StringComparison.Ordinal));
        Assert.False(Directory.Exists(outDir), "a dry run created the output directory");
        Assert.Equal([study], Directory.GetFileSystemEntries(_tmp.Root));
    }

    /// <summary>Polls `sweep status` until every point has finished, the array has ended, or <see cref="Bound"/> has passed.</summary>
    private static StudyStatus WaitForPoints(string outDir)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = StudyStatus.Read(outDir);
            if (status.Pending + status.Interrupted == 0 || clock.Elapsed > Bound) return status;
            // Both tasks ended (a task that cannot start its tool fails at once): one last look, then report.
            if (SlurmBackend.State(outDir) is { } job && job.Pending + job.Running == 0 && job.Completed + job.Failed == 2)
                return StudyStatus.Read(outDir);
            Thread.Sleep(250);
        }
    }

    private static string TaskLogs(string outDir) =>
        string.Join("\n", Directory.GetFiles(Path.Combine(outDir, "slurm"), "task-*.log").Order()
            .Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    /// <summary>Every cell of two frames, columns whose name mentions wall-clock time left out.</summary>
    private static void AssertSameFrames(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        foreach (var col in expected.Columns.Where(c => !c.Name.Contains("wall", StringComparison.OrdinalIgnoreCase)))
            for (long r = 0; r < expected.Rows.Count; r++)
                Assert.True(Equals(col[r], actual.Columns[col.Name][r]), $"{col.Name} row {r}: local {col[r]}, slurm {actual.Columns[col.Name][r]}");
    }
}

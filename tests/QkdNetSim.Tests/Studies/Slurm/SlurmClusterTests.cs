using System.Diagnostics;
using QkdNetSim.Studies.Slurm;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Studies.Slurm;

/// <summary>
/// The backend against a real Slurm cluster (the one-node cluster of .ci/slurm-one-node.sh): a two-task array whose tool
/// is a recording stub, so the test checks what Slurm ran without building a study. Skips when there is no cluster.
/// </summary>
public sealed class SlurmClusterTests(SlurmCluster cluster) : IClassFixture<SlurmCluster>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [SkippableFact]
    [Trait("Category", "Slurm")]
    public void A_two_task_array_runs_each_task_once_with_its_index_and_reports_both_completed()
    {
        Skip.IfNot(cluster.Ready, cluster.Reason);
        using var tmp = new TempDirectory();
        // A space and a quote in the directory: the #SBATCH lines (log and working directory) must survive sbatch's parser.
        string dir = Path.Combine(tmp.FullPath, "it's a study");
        string stub = SlurmBackendTests.RecordingStub(Path.Combine(dir, "stub.sh"));
        var spec = new SlurmJobSpec(Path.Combine(dir, "study.yaml"), Path.Combine(dir, "out"), PointCount: 3, Tasks: 2, ["/bin/sh", stub],
            "qkdnetsim-test", CpusPerTask: 1) { TimeLimit = "00:02:00" };
        Directory.CreateDirectory(spec.OutDir);
        string jobId = SlurmBackend.Submit(spec, dryRun: false).JobId!;
        try
        {
            var clock = Stopwatch.StartNew();
            SlurmJobState? state;
            do { Thread.Sleep(200); state = SlurmBackend.State(spec.OutDir)!; }
            while (state.Completed + state.Failed < 2 && clock.Elapsed < Bound);

            Assert.Equal(new SlurmJobState(jobId, 0, 0, Completed: 2, Failed: 0), state);
            for (int task = 0; task < 2; task++)
            {
                Assert.Equal(SlurmBackendTests.ExpectedRecord(spec.StudyPath, spec.OutDir, task, tasks: 2, workers: 1),
                    File.ReadAllLines(Path.Combine(spec.OutDir, $"ran-{task}.txt")));
                Assert.True(File.Exists(Path.Combine(spec.OutDir, "slurm", $"task-{jobId}_{task}.log")));
            }
            Assert.Equal(2, Directory.GetFiles(spec.OutDir, "ran-*.txt").Length);
        }
        finally
        {
            // Never leave this test's job behind (a no-op once it has ended).
            SlurmCommands.Run(SlurmCommands.Find("scancel") ?? "scancel", [jobId], TimeSpan.FromSeconds(10));
        }
    }
}

using System.Diagnostics;
using QkdNetSim.Core;
using QkdNetSim.Studies.Slurm;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Studies.Slurm;

/// <summary>The Slurm backend without a cluster: the script's text and shell quoting, submission through a fake sbatch, task counts.</summary>
public sealed class SlurmBackendTests
{
    private static readonly string[] Tool = ["/opt/qkd net/dotnet", "/opt/qkd net/qkdnetsim.dll"];

    private static SlurmJobSpec Spec(string dir, int tasks = 3) =>
        new(Path.Combine(dir, "my study.yaml"), Path.Combine(dir, "out dir"), PointCount: 10, tasks, Tool, "qkdnetsim study", CpusPerTask: 2);

    /// <summary>Writes an executable shell script.</summary>
    internal static string Executable(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A stand-in for qkdnetsim: records the array task, its working directory and its arguments, one per line.</summary>
    internal static string RecordingStub(string path) =>
        Executable(path, "printf '%s\\n' \"${SLURM_ARRAY_TASK_ID-}\" \"$PWD\" \"$@\" > \"$4/ran-${SLURM_ARRAY_TASK_ID-none}.txt\"");

    /// <summary>What the stub records for array task <paramref name="task"/> of <paramref name="tasks"/>.</summary>
    internal static string[] ExpectedRecord(string study, string outDir, int task, int tasks, int workers) =>
        [$"{task}", outDir, "sweep", study, "--out", outDir, "--task", $"{task}", "--tasks", $"{tasks}", "--workers", $"{workers}", "--resume", "--quiet"];

    [Fact]
    public void The_script_is_a_job_array_of_the_given_tasks_each_running_its_share_of_the_sweep()
    {
        using var tmp = new TempDirectory();
        var spec = Spec(tmp.FullPath) with { Partition = "short", TimeLimit = "01:00:00", MemoryMb = 2048, MaxConcurrentTasks = 2 };
        string[] lines = SlurmBackend.Script(spec).Split('\n');
        string outDir = spec.OutDir, study = spec.StudyPath;

        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=0-2%2", lines);
        Assert.Contains("#SBATCH --job-name=\"qkdnetsim study\"", lines);
        Assert.Contains("#SBATCH --cpus-per-task=2", lines);
        Assert.Contains($"#SBATCH --output=\"{outDir}/slurm/task-%A_%a.log\"", lines);
        Assert.Contains($"#SBATCH --chdir=\"{outDir}\"", lines);
        Assert.Contains("#SBATCH --partition=\"short\"", lines);
        Assert.Contains("#SBATCH --time=\"01:00:00\"", lines);
        Assert.Contains("#SBATCH --mem=2048M", lines);
        Assert.Contains($"exec '/opt/qkd net/dotnet' '/opt/qkd net/qkdnetsim.dll' sweep '{study}' --out '{outDir}' --task \"$SLURM_ARRAY_TASK_ID\" --tasks 3 --workers 2 --resume --quiet", lines);
        // sbatch reads options only before the first command, so every #SBATCH line precedes 'set -eu'.
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH")) < Array.IndexOf(lines, "set -eu"));
    }

    [Fact]
    public void Relative_paths_become_absolute_and_sbatch_values_escape_quotes_and_percent_signs()
    {
        var spec = new SlurmJobSpec("study.yaml", "runs/50% \"done\"", 1, 1, ["qkdnetsim"], "a \"b\"", 1);
        string text = SlurmBackend.Script(spec);
        string outDir = Path.GetFullPath(spec.OutDir);
        Assert.Contains($"#SBATCH --output=\"{outDir.Replace("%", "%%").Replace("\"", "\\\"")}/slurm/task-%A_%a.log\"\n", text);
        Assert.Contains("#SBATCH --job-name=\"a \\\"b\\\"\"\n", text);
        Assert.Contains($"exec qkdnetsim sweep {Path.GetFullPath("study.yaml")} --out '{outDir}' ", text);
    }

    [Fact]
    public void The_script_run_by_a_shell_passes_paths_with_spaces_quotes_and_dollars_through_unchanged()
    {
        using var tmp = new TempDirectory();
        string dir = Path.Combine(tmp.FullPath, "it's a \"study\" $HOME `x`");
        string stub = RecordingStub(Path.Combine(dir, "stub.sh"));
        var spec = new SlurmJobSpec(Path.Combine(dir, "s t.yaml"), Path.Combine(dir, "out"), 5, 2, ["/bin/sh", stub], "j", 3);
        var submission = SlurmBackend.Submit(spec, dryRun: true);

        // As slurmd starts it: in the --chdir directory with the task index in the environment.
        var start = new ProcessStartInfo("/bin/bash", [submission.ScriptPath])
        {
            WorkingDirectory = spec.OutDir,
            Environment = { ["SLURM_ARRAY_TASK_ID"] = "1" },
        };
        using (var bash = Process.Start(start)!) { Assert.True(bash.WaitForExit(10_000)); Assert.Equal(0, bash.ExitCode); }

        Assert.Equal(ExpectedRecord(spec.StudyPath, spec.OutDir, task: 1, tasks: 2, workers: 3), File.ReadAllLines(Path.Combine(spec.OutDir, "ran-1.txt")));
    }

    [Fact]
    public void A_dry_run_writes_the_script_and_nothing_else()
    {
        using var tmp = new TempDirectory();
        var spec = Spec(tmp.FullPath) with { SlurmBinDir = Path.Combine(tmp.FullPath, "no-bin") };
        var submission = SlurmBackend.Submit(spec, dryRun: true);

        Assert.Equal(new SlurmSubmission(Path.Combine(spec.OutDir, "slurm", "job.sbatch"), null), submission);
        Assert.Equal(SlurmBackend.Script(spec), File.ReadAllText(submission.ScriptPath));
        Assert.Equal(["job.sbatch"], Directory.GetFiles(Path.GetDirectoryName(submission.ScriptPath)!).Select(Path.GetFileName));
        Assert.Null(SlurmBackend.State(spec.OutDir));
    }

    [Fact]
    public void A_missing_sbatch_is_a_one_line_error_and_writes_nothing()
    {
        using var tmp = new TempDirectory();
        var spec = Spec(tmp.FullPath) with { SlurmBinDir = Path.Combine(tmp.FullPath, "no-bin") };
        var error = Assert.Throws<InputError>(() => SlurmBackend.Submit(spec, dryRun: false));
        Assert.Equal($"{spec.OutDir}: --backend: sbatch not found (is Slurm installed?)", error.Message);
        Assert.False(Directory.Exists(spec.OutDir));
    }

    [Fact]
    public void A_rejected_submission_is_sbatchs_reason_in_one_line_and_leaves_no_script()
    {
        using var tmp = new TempDirectory();
        string bin = Path.Combine(tmp.FullPath, "bin");
        Executable(Path.Combine(bin, "sbatch"), "echo 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2\nexit 1");
        var spec = Spec(tmp.FullPath) with { SlurmBinDir = bin };
        var error = Assert.Throws<InputError>(() => SlurmBackend.Submit(spec, dryRun: false));
        Assert.Equal($"{spec.OutDir}: --backend: sbatch rejected the job: Batch job submission failed: Invalid partition name specified", error.Message);
        Assert.False(Directory.Exists(Path.Combine(spec.OutDir, "slurm")));
    }

    [Fact]
    public void An_accepted_submission_records_the_job_id_that_sbatch_printed()
    {
        using var tmp = new TempDirectory();
        string bin = Path.Combine(tmp.FullPath, "bin");
        string argsFile = Path.Combine(tmp.FullPath, "sbatch-args.txt");
        Executable(Path.Combine(bin, "sbatch"), $"printf '%s\\n' \"$@\" > '{argsFile}'\necho '4242;cluster-a'");
        var spec = Spec(tmp.FullPath) with { SlurmBinDir = bin };
        var submission = SlurmBackend.Submit(spec, dryRun: false);

        Assert.Equal("4242", submission.JobId);
        Assert.Equal(["--parsable", submission.ScriptPath], File.ReadAllLines(argsFile));
        Assert.Equal("4242\n", File.ReadAllText(Path.Combine(spec.OutDir, "slurm", "job_id")));
    }

    [Fact]
    public void A_path_with_a_backslash_is_refused_because_it_would_turn_off_the_task_log_names()
    {
        var spec = new SlurmJobSpec("s.yaml", "/tmp/a\\b", 1, 1, ["qkdnetsim"], "j", 1);
        var error = Assert.Throws<InputError>(() => SlurmBackend.Script(spec));
        Assert.Equal("/tmp/a\\b: --out: a Slurm study's output directory must not contain a backslash or a line break", error.Message);
    }

    [Theory]
    [InlineData(0, 4, 1)]
    [InlineData(1, 4, 1)]
    [InlineData(4, 4, 1)]
    [InlineData(5, 4, 2)]
    [InlineData(12, 1, 12)]
    [InlineData(4000, 4, 1000)]
    [InlineData(1_000_000, 4, 1000)]
    public void Points_are_grouped_into_at_most_a_thousand_array_tasks(int points, int perTask, int expected) =>
        Assert.Equal(expected, SlurmBackend.TaskCount(points, perTask));

    [Fact]
    public void Task_states_merge_accounting_history_with_the_live_queue_and_expand_pending_ranges()
    {
        var tasks = new Dictionary<string, string>();
        SlurmTaskStates.Add(tasks, "4242", "4242_[2-4,7%2]|PENDING\n4242_0|COMPLETED\n4242_1|CANCELLED by 0\n42420_0|RUNNING\n4243_5|FAILED\n");
        SlurmTaskStates.Add(tasks, "4242", "4242_2|RUNNING\n4242_3|COMPLETING\n4242_4|TIMEOUT\n");
        Assert.Equal(new SlurmJobState("4242", Pending: 1, Running: 2, Completed: 1, Failed: 2), SlurmTaskStates.Count("4242", tasks.Values));
    }
}

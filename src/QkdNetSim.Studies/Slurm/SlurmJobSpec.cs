namespace QkdNetSim.Studies.Slurm;

/// <summary>
/// One study as a Slurm job array: <paramref name="Tasks"/> array tasks (indices 0..Tasks−1) each run
/// <c>&lt;ToolCommand...&gt; sweep StudyPath --out OutDir --task $SLURM_ARRAY_TASK_ID --tasks Tasks --workers CpusPerTask
/// --resume --quiet</c>, i.e. the points i with i % Tasks == task, with one worker per allocated CPU.
/// </summary>
/// <param name="StudyPath">The study file (made absolute in the script).</param>
/// <param name="OutDir">The study's output directory; the script, job id and task logs go to <c>OutDir/slurm/</c>.</param>
/// <param name="PointCount">Points in the study (recorded in the script's header comment).</param>
/// <param name="Tasks">Array tasks, 1..<see cref="SlurmBackend.MaxTasks"/>; see <see cref="SlurmBackend.TaskCount"/>.</param>
/// <param name="ToolCommand">The words that start qkdnetsim on a compute node, e.g. [".../dotnet", ".../qkdnetsim.dll"].</param>
/// <param name="JobName">The Slurm job name (squeue shows it).</param>
/// <param name="CpusPerTask">CPUs per array task, and the task's <c>--workers</c>.</param>
public sealed record SlurmJobSpec(
    string StudyPath, string OutDir, int PointCount, int Tasks, IReadOnlyList<string> ToolCommand, string JobName, int CpusPerTask)
{
    /// <summary>Slurm partition (<c>--partition</c>); null: the cluster's default partition.</summary>
    public string? Partition { get; init; }

    /// <summary>Wall-time limit per array task in Slurm's syntax (<c>--time</c>, e.g. "02:00:00"); null: the partition's.</summary>
    public string? TimeLimit { get; init; }

    /// <summary>Memory per array task in MiB (<c>--mem</c>); null: the cluster's default.</summary>
    public int? MemoryMb { get; init; }

    /// <summary>At most this many array tasks run at once (<c>--array=0-N%K</c>); null: no limit.</summary>
    public int? MaxConcurrentTasks { get; init; }

    /// <summary>Directory holding sbatch; null: found on PATH.</summary>
    public string? SlurmBinDir { get; init; }
}

/// <summary>What <see cref="SlurmBackend.Submit"/> did: the script it wrote and, unless a dry run, the job id sbatch gave.</summary>
public sealed record SlurmSubmission(string ScriptPath, string? JobId);

/// <summary>
/// The array tasks of one submitted study as the scheduler reports them (squeue for jobs it still holds, sacct for
/// older ones where accounting is enabled). Tasks the scheduler has forgotten are in no count.
/// </summary>
public sealed record SlurmJobState(string JobId, int Pending, int Running, int Completed, int Failed);

using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using QkdNetSim.Core;

namespace QkdNetSim.Studies.Slurm;

/// <summary>
/// Runs a study on a Slurm cluster as one job array (<c>qkdnetsim sweep STUDY --backend slurm</c>): <see cref="Script"/>
/// writes the sbatch text, <see cref="Submit"/> writes it to <c>OutDir/slurm/job.sbatch</c> and submits it (its id goes to
/// <c>OutDir/slurm/job_id</c>), <see cref="State"/> counts the array's tasks by state. Each task runs the points i with
/// i % Tasks == task and writes their point directories; <c>sweep collect</c> builds the dataset once the array is done.
/// </summary>
public static partial class SlurmBackend
{
    /// <summary>The most array tasks one study uses: Slurm's default MaxArraySize is 1001 (indices 0..1000), so 0..999 is accepted on any cluster.</summary>
    public const int MaxTasks = 1000;

    /// <summary>Points per array task by default: a task's start (queue, .NET start-up, ~1 s) stays small beside its points.</summary>
    public const int DefaultPointsPerTask = 4;

    /// <summary>The sbatch script's file name under <c>OutDir/slurm/</c>.</summary>
    public const string ScriptFileName = "job.sbatch";

    /// <summary>The submitted job's id (one line) under <c>OutDir/slurm/</c>.</summary>
    public const string JobIdFileName = "job_id";

    private static readonly TimeSpan SbatchTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The directory <c>OutDir/slurm</c> that holds the script, the job id and the task logs.</summary>
    public static string SlurmDir(string outDir) => Path.Combine(Path.GetFullPath(outDir), "slurm");

    /// <summary>
    /// Array tasks for <paramref name="pointCount"/> points: ⌈points / pointsPerTask⌉, at least 1 and at most
    /// <see cref="MaxTasks"/> (bigger studies put more points in each task).
    /// </summary>
    public static int TaskCount(int pointCount, int pointsPerTask = DefaultPointsPerTask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pointCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerTask, 1);
        return (int)Math.Clamp((pointCount + (long)pointsPerTask - 1) / pointsPerTask, 1, MaxTasks);
    }

    /// <summary>
    /// The sbatch script of <paramref name="spec"/>. Paths are absolute; words of the command line are single-quoted for
    /// the shell, #SBATCH values double-quoted for sbatch's own parser (which honours "..." and backslash escapes).
    /// An output directory with a backslash or a line break is an <see cref="InputError"/>: a backslash turns off the
    /// %A/%a patterns of the task log's name, and a line break cannot sit in an #SBATCH line.
    /// </summary>
    public static string Script(SlurmJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Tasks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spec.Tasks, MaxTasks);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.CpusPerTask, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(spec.PointCount);
        if (spec.ToolCommand.Count == 0) throw new ArgumentException("the tool command is empty", nameof(spec));
        string outDir = Path.GetFullPath(spec.OutDir);
        string study = Path.GetFullPath(spec.StudyPath);
        if (outDir.IndexOfAny(['\\', '\n', '\r']) >= 0)
            throw new InputError(spec.OutDir, "--out", "a Slurm study's output directory must not contain a backslash or a line break");

        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# QkdNetSim study: {spec.PointCount} points in {spec.Tasks} array tasks; task t runs the points i with i % {spec.Tasks} == t.\n");
        s.Append("# Written by qkdnetsim sweep --backend slurm. Submit again with sbatch; when the array is done: qkdnetsim sweep collect DIR.\n");
        s.Append($"#SBATCH --job-name={SbatchValue(spec.JobName.ReplaceLineEndings(" "))}\n");
        s.Append($"#SBATCH --array=0-{spec.Tasks - 1}{(spec.MaxConcurrentTasks is int k ? $"%{k}" : "")}\n");
        s.Append("#SBATCH --ntasks=1\n");
        s.Append($"#SBATCH --cpus-per-task={spec.CpusPerTask}\n");
        // %A = array job id, %a = task index; a literal % in the directory is written %%.
        s.Append($"#SBATCH --output={SbatchValue(Path.Combine(outDir, "slurm").Replace("%", "%%") + "/task-%A_%a.log")}\n");
        s.Append($"#SBATCH --chdir={SbatchValue(outDir)}\n");
        if (spec.Partition is not null) s.Append($"#SBATCH --partition={SbatchValue(spec.Partition)}\n");
        if (spec.TimeLimit is not null) s.Append($"#SBATCH --time={SbatchValue(spec.TimeLimit)}\n");
        if (spec.MemoryMb is int mb) s.Append($"#SBATCH --mem={mb}M\n");
        s.Append("set -eu\n");
        // The job finds the runtime that submitted it unless the node's environment names one (sbatch passes the
        // submitter's environment by default; this covers sites that do not).
        s.Append($": \"${{DOTNET_ROOT:={ShellWord(DotnetRoot())}}}\"\n");
        s.Append("export DOTNET_ROOT PATH=\"$DOTNET_ROOT:$PATH\"\n");
        s.Append("exec");
        foreach (string word in spec.ToolCommand) s.Append(' ').Append(ShellWord(word));
        s.Append($" sweep {ShellWord(study)} --out {ShellWord(outDir)} --task \"$SLURM_ARRAY_TASK_ID\" --tasks {spec.Tasks}");
        s.Append($" --workers {spec.CpusPerTask} --resume --quiet\n");
        return s.ToString();
    }

    /// <summary>
    /// Writes <c>OutDir/slurm/job.sbatch</c> (atomically) and, unless <paramref name="dryRun"/>, submits it with
    /// <c>sbatch --parsable</c> and writes the job id to <c>OutDir/slurm/job_id</c>. A missing sbatch or a rejected job is
    /// an <see cref="InputError"/> on <c>--backend</c>, with nothing written.
    /// </summary>
    public static SlurmSubmission Submit(SlurmJobSpec spec, bool dryRun)
    {
        string text = Script(spec);
        string? sbatch = dryRun ? null : SlurmCommands.Find("sbatch", spec.SlurmBinDir)
            ?? throw new InputError(spec.OutDir, "--backend", "sbatch not found (is Slurm installed?)");
        string dir = SlurmDir(spec.OutDir);
        bool created = !Directory.Exists(dir);
        Directory.CreateDirectory(dir);
        string scriptPath = Path.Combine(dir, ScriptFileName);
        AtomicFile.WriteAllText(scriptPath, text);
        if (sbatch is null) return new SlurmSubmission(scriptPath, null);

        var result = SlurmCommands.Run(sbatch, ["--parsable", scriptPath], SbatchTimeout, workDir: dir);
        // --parsable prints "jobid" or "jobid;cluster".
        string jobId = result?.Stdout.Split('\n', ';')[0].Trim() ?? "";
        if (result is null || result.ExitCode != 0 || !JobIdPattern().IsMatch(jobId))
        {
            File.Delete(scriptPath);
            if (created) Directory.Delete(dir);
            string why = result is null ? $"no answer within {SbatchTimeout.TotalSeconds:0} s"
                : result.ExitCode != 0 ? result.FirstError()
                : $"unexpected answer '{result.Stdout.Trim()}'";
            throw new InputError(spec.OutDir, "--backend", $"sbatch rejected the job: {why}");
        }
        AtomicFile.WriteAllText(Path.Combine(dir, JobIdFileName), jobId + "\n");
        return new SlurmSubmission(scriptPath, jobId);
    }

    /// <summary>
    /// The array tasks of the job in <c>OutDir/slurm/job_id</c> by state, from squeue (jobs the controller still holds,
    /// MinJobAge after they end) and sacct (older ones, where accounting is enabled); null when the directory holds no
    /// Slurm job. Neither command on PATH, or a controller that does not answer, is an <see cref="InputError"/>.
    /// </summary>
    public static SlurmJobState? State(string outDir)
    {
        string idPath = Path.Combine(SlurmDir(outDir), JobIdFileName);
        if (!File.Exists(idPath)) return null;
        string jobId = File.ReadAllText(idPath).Trim();
        if (!JobIdPattern().IsMatch(jobId)) throw new InputError(idPath, "job id", $"'{jobId}' is not a Slurm job id");

        string? squeue = SlurmCommands.Find("squeue"), sacct = SlurmCommands.Find("sacct");
        if (squeue is null && sacct is null) throw new InputError(outDir, "slurm", "squeue not found (is Slurm installed?)");
        var tasks = new Dictionary<string, string>();
        // sacct first: accounting remembers every task; squeue's live view then overrides (accounting lags behind).
        if (sacct is not null && SlurmCommands.Run(sacct, ["-n", "-X", "-P", "-j", jobId, "-o", "JobID,State"], QueryTimeout) is { ExitCode: 0 } history)
            SlurmTaskStates.Add(tasks, jobId, history.Stdout);
        if (squeue is not null)
        {
            var live = SlurmCommands.Run(squeue, ["-h", "-r", "-t", "all", "-j", jobId, "-o", "%i|%T"], QueryTimeout)
                ?? throw new InputError(outDir, "slurm", $"squeue did not answer within {QueryTimeout.TotalSeconds:0} s");
            if (live.ExitCode == 0) SlurmTaskStates.Add(tasks, jobId, live.Stdout);
            // A job the controller has purged is "Invalid job id"; anything else (controller down) is worth saying.
            else if (!live.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) && tasks.Count == 0)
                throw new InputError(outDir, "slurm", $"squeue failed: {live.FirstError()}");
        }
        return SlurmTaskStates.Count(jobId, tasks.Values);
    }

    /// <summary>A value for an #SBATCH line: double-quoted, with \ and " escaped (sbatch's script parser undoes both).</summary>
    private static string SbatchValue(string value)
    {
        if (value.IndexOfAny(['\n', '\r']) >= 0) throw new ArgumentException($"an #SBATCH value cannot hold a line break: '{value}'");
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    /// <summary>One shell word: as it is when it holds only safe characters, else single-quoted (' written '\'').</summary>
    internal static string ShellWord(string word) =>
        word.Length > 0 && SafeWordPattern().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>The .NET installation running this process (DOTNET_ROOT if set, else three levels above the runtime directory).</summary>
    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root
            ? root
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")).TrimEnd('/');

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex SafeWordPattern();
}

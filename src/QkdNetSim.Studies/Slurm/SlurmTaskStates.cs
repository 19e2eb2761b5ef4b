using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("QkdNetSim.Tests")]

namespace QkdNetSim.Studies.Slurm;

/// <summary>
/// Reads "JOBID|STATE" lines of squeue (<c>-r -o %i|%T</c>) and sacct (<c>-X -P -o JobID,State</c>) into one state per
/// array task. A task is "123_4"; sacct folds tasks not yet started into "123_[5-9,12%4]" (a range list, then an
/// optional throttle), which is expanded here. States follow Slurm's JOB STATE CODES (squeue(1)); sacct may append a
/// reason ("CANCELLED by 0"), of which only the first word counts.
/// </summary>
internal static class SlurmTaskStates
{
    private static readonly HashSet<string> RunningStates =
        ["RUNNING", "COMPLETING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT", "POWER_UP_NODE"];

    private static readonly HashSet<string> FailedStates =
        ["FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED", "REVOKED"];

    /// <summary>Adds (or overwrites) the state of each task of <paramref name="jobId"/> named in <paramref name="output"/>.</summary>
    public static void Add(Dictionary<string, string> tasks, string jobId, string output)
    {
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split('|');
            if (fields.Length < 2) continue;
            string id = fields[0], state = fields[1].Split(' ', 2)[0].ToUpperInvariant();
            if (id == jobId) { tasks[""] = state; continue; }
            if (!id.StartsWith(jobId + "_", StringComparison.Ordinal)) continue;
            string index = id[(jobId.Length + 1)..];
            foreach (string task in Expand(index)) tasks[task] = state;
        }
    }

    /// <summary>
    /// The counts of <paramref name="states"/>: COMPLETED, the running and the failed states; every other state (PENDING,
    /// REQUEUED, REQUEUE_FED, REQUEUE_HOLD, RESV_DEL_HOLD, CONFIGURING, RESIZING, SPECIAL_EXIT, and any state Slurm may add
    /// later) is counted as pending (not yet done).
    /// </summary>
    public static SlurmJobState Count(string jobId, IEnumerable<string> states)
    {
        int pending = 0, running = 0, completed = 0, failed = 0;
        foreach (string state in states)
        {
            if (state == "COMPLETED") completed++;
            else if (RunningStates.Contains(state)) running++;
            else if (FailedStates.Contains(state)) failed++;
            else pending++;
        }
        return new SlurmJobState(jobId, pending, running, completed, failed);
    }

    /// <summary>"4" → [4]; "[5-7,12%4]" → [5, 6, 7, 12].</summary>
    private static IEnumerable<string> Expand(string index)
    {
        if (!index.StartsWith('[')) return [index];
        string list = index.Trim('[', ']').Split('%')[0];
        var tasks = new List<string>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] ends = part.Split('-');
            if (ends.Length == 2 && int.TryParse(ends[0], out int first) && int.TryParse(ends[1], out int last))
                for (int t = first; t <= last; t++) tasks.Add(t.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else tasks.Add(part);
        }
        return tasks;
    }
}

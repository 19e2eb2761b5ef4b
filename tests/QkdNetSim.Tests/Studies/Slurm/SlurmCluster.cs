using System.Diagnostics;
using QkdNetSim.Studies.Slurm;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Studies.Slurm;

/// <summary>
/// A running Slurm cluster for the tests that submit real jobs, or the reason there is none. If Slurm is installed here
/// but its controller is not running and the tests run as root, it starts the one-node cluster once with
/// .ci/slurm-one-node.sh (never installing packages: .ci/run does that before the tests). Tests skip with
/// <see cref="Reason"/> when <see cref="Ready"/> is false.
/// </summary>
public sealed class SlurmCluster
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public SlurmCluster()
    {
        string script = Path.Combine(CliFiles.RepoRoot, ".ci", "slurm-one-node.sh");
        string? started = null;
        // Installed here but its controller not running (and sinfo would retry for ~9 s): start the one-node cluster.
        if (SlurmCommands.Find("slurmctld", "/usr/sbin") is not null && Process.GetProcessesByName("slurmctld").Length == 0
            && Environment.IsPrivilegedProcess && File.Exists(script))
        {
            var start = SlurmCommands.Run("/usr/bin/env", ["SLURM_ONE_NODE_NO_INSTALL=1", "SLURM_ONE_NODE_TIMEOUT_S=45", "/bin/bash", script], StartTimeout);
            started = start is null ? "no answer within 60 s" : start.ExitCode != 0 ? start.FirstError() : null;
        }
        string? why = NodeProblem();
        if (why is not null && started is not null) why += $"; .ci/slurm-one-node.sh: {started}";
        Ready = why is null;
        Reason = why is null ? "" : $"no Slurm cluster ({why}); start one with .ci/slurm-one-node.sh as root (installs slurm-wlm and munge)";
    }

    public bool Ready { get; }

    public string Reason { get; }

    /// <summary>Null when sinfo lists a node that can run a job now; else what is wrong.</summary>
    private static string? NodeProblem()
    {
        string? sinfo = SlurmCommands.Find("sinfo");
        if (sinfo is null) return "sinfo not found";
        var r = SlurmCommands.Run(sinfo, ["-h", "-o", "%T"], TimeSpan.FromSeconds(10));
        if (r is null) return "sinfo did not answer within 10 s";
        if (r.ExitCode != 0) return "sinfo: " + r.FirstError();
        string[] states = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return states.Any(s => s.StartsWith("idle") || s.StartsWith("mixed") || s.StartsWith("allocated"))
            ? null
            : $"no node is up (sinfo: {(states.Length == 0 ? "no nodes" : string.Join(", ", states))})";
    }
}

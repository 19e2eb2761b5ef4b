using System.Diagnostics;

namespace QkdNetSim.Studies.Slurm;

/// <summary>Finds and runs Slurm's client commands (sbatch, squeue, sacct, scancel) with a bounded wait.</summary>
internal static class SlurmCommands
{
    internal sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>The first non-empty stderr line without Slurm's "sbatch: error: " style prefix, for a one-line error.</summary>
        public string FirstError()
        {
            string line = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? $"exit code {ExitCode}";
            int colon = line.IndexOf(": error: ", StringComparison.Ordinal);
            return colon >= 0 ? line[(colon + ": error: ".Length)..] : line;
        }
    }

    /// <summary>The executable <paramref name="name"/> in <paramref name="binDir"/>, or on PATH when it is null; null if absent.</summary>
    public static string? Find(string name, string? binDir = null)
    {
        var dirs = binDir is not null
            ? [binDir]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string dir in dirs)
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return path;
        }
        return null;
    }

    /// <summary>Runs <paramref name="exe"/> with <paramref name="args"/>; null if it did not finish within <paramref name="timeout"/> (then it is killed).</summary>
    public static Result? Run(string exe, IEnumerable<string> args, TimeSpan timeout, string? workDir = null)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workDir is not null) start.WorkingDirectory = workDir;
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return null;
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}

using System.Diagnostics;

namespace QkdNetSim.Tests.Cli;

/// <summary>Exit code and output of a child process (<see cref="ExternalCommand"/>).</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr, TimeSpan Wall)
{
    public string Output => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs a program (the dotnet host, an installed tool) as a child process with a timeout, output read as it comes.</summary>
internal static class ExternalCommand
{
    /// <summary>The dotnet host running the tests (a test host started by `dotnet test`), else `dotnet` from PATH.</summary>
    public static string Dotnet { get; } =
        Environment.ProcessPath is string host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    /// <summary>The folder of the shared frameworks this process runs on (DOTNET_ROOT for an apphost such as an installed tool).</summary>
    public static string DotnetRoot { get; } =
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    /// <summary>The configuration these tests were built in (the CLI was built in the same one).</summary>
#if RELEASE
    public const string Configuration = "Release";
#else
    public const string Configuration = "Debug";
#endif

    public static CommandResult Run(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo
        {
            FileName = program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) psi.Environment.Remove(key);
            else psi.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0} s: {stdout.Result}\n{stderr.Result}");
        }
        p.WaitForExit();
        return new CommandResult(p.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}

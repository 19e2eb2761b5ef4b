using System.Reflection;

namespace QkdNetSim.Studies;

/// <summary>How this process can be started again (for job scripts): the apphost, or `dotnet qkdnetsim.dll`, absolute paths.</summary>
public static class ToolCommand
{
    private const string AssemblyName = "qkdnetsim";

    public static IReadOnlyList<string> Current()
    {
        var entry = Assembly.GetEntryAssembly();
        string? process = Environment.ProcessPath;
        if (entry?.GetName().Name == AssemblyName && process is not null)
            return IsDotnetHost(process) ? [process, Path.GetFullPath(entry.Location)] : [process];
        // Not the CLI itself (a test host, a notebook): the CLI built next to this assembly.
        string dir = AppContext.BaseDirectory;
        foreach (string apphost in new[] { AssemblyName, AssemblyName + ".exe" })
            if (File.Exists(Path.Combine(dir, apphost))) return [Path.GetFullPath(Path.Combine(dir, apphost))];
        string dll = Path.Combine(dir, AssemblyName + ".dll");
        if (File.Exists(dll)) return [DotnetHost(process), Path.GetFullPath(dll)];
        throw new InvalidOperationException($"qkdnetsim is not found next to {dir}: build src/QkdNetSim.Cli");
    }

    private static bool IsDotnetHost(string path) => Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    private static string DotnetHost(string? process) =>
        process is not null && IsDotnetHost(process) ? process : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
}

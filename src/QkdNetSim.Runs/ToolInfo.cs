using System.Reflection;

namespace QkdNetSim.Runs;

/// <summary>Name and version stamped into manifests and summaries.</summary>
public static class ToolInfo
{
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

using System.IO.Compression;
using System.Reflection.PortableExecutable;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// The CLI as a .NET tool package (README "Installation"): `dotnet pack` of the built CLI (no rebuild, so the build's bin/
/// is left as it is) into a temporary folder, `dotnet tool install --tool-path` from that folder alone (a NuGet config
/// with only that source: no network), then the installed `qkdnetsim` runs a packaged model and the built-in default from
/// a working directory outside the checkout, finding its models in its own package content. Stands in for the Dockerfile,
/// whose base images cannot be pulled here. About 5-10 s.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly CliTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait("Category", "Packaging")]
    public void The_tool_package_installs_into_a_tool_path_and_runs_a_packaged_model_from_any_folder()
    {
        string packages = _dir.Sub("packages"), tools = _dir.Sub("tools");
        string work = Directory.CreateDirectory(_dir.Sub("work")).FullName;
        Assert.False(File.Exists(Path.Combine(work, "..", "QkdNetSim.sln")), "the working directory must lie outside the checkout");

        var pack = ExternalCommand.Run(ExternalCommand.Dotnet,
            ["pack", Path.Combine(CliFiles.RepoRoot, "src", "QkdNetSim.Cli"), "-c", ExternalCommand.Configuration, "--no-build",
             "-o", packages, $"-p:PublishDir={_dir.Sub("publish")}/"], CliFiles.RepoRoot, Timeout);
        Assert.True(pack.ExitCode == 0, "dotnet pack failed: " + pack.Output);
        string nupkg = Assert.Single(Directory.GetFiles(packages, "QkdNetSim.*.nupkg"));
        using (var zip = ZipFile.OpenRead(nupkg))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("tools/net10.0/any/models/networks/seed004-fig3a-splitter.yaml", names);
            Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", names);
            // Portable: IL assemblies, whatever the Release build's ReadyToRun step put into bin/.
            Assert.False(IsReadyToRun(zip.GetEntry("tools/net10.0/any/qkdnetsim.dll")!), "the packed qkdnetsim.dll is a ReadyToRun image");
        }

        string config = _dir.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = ExternalCommand.Run(ExternalCommand.Dotnet,
            ["tool", "install", "--tool-path", tools, "--configfile", config, "QkdNetSim"], work, Timeout,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _dir.Sub("nuget-cache") });
        Assert.True(install.ExitCode == 0, "dotnet tool install failed: " + install.Output);

        // The installed command is an apphost: DOTNET_ROOT tells it where the runtime is when dotnet is not in a default place.
        var env = new Dictionary<string, string?> { ["DOTNET_ROOT"] = ExternalCommand.DotnetRoot, ["QKDNETSIM_MODEL_ROOT"] = null, ["QKDNETSIM_MODEL_PATH"] = null };
        string qkdnetsim = Path.Combine(tools, OperatingSystem.IsWindows() ? "qkdnetsim.exe" : "qkdnetsim");
        var packaged = ExternalCommand.Run(qkdnetsim,
            ["run", "networks/seed004-fig3a-splitter.yaml", "--duration", "0.05", "--out", "fig3a", "--quiet", "--format", "json"], work, Timeout, env);
        Assert.True(packaged.ExitCode == 0, "installed run of a packaged model failed: " + packaged.Output);
        var summary = CliFiles.ReadJson(Path.Combine(work, "fig3a", "summary.json"));
        Assert.Equal("seed004-fig3a-splitter", summary["scenarioName"]!.GetValue<string>());
        // No checkout lies above the working directory or the tool's folder: only the tool's own models/ holds the file.
        Assert.Equal(2, summary["users"]!.AsArray().Count(u => u!["active"]!.GetValue<bool>()));
        Assert.True(File.Exists(Path.Combine(work, "fig3a", "detections.parquet")));

        var builtIn = ExternalCommand.Run(qkdnetsim, ["run", "--duration", "0.01", "--out", "default", "--quiet", "--no-log"], work, Timeout, env);
        Assert.True(builtIn.ExitCode == 0, "installed run of the built-in default failed: " + builtIn.Output);
        Assert.Equal("seed004-default", CliFiles.ReadJson(Path.Combine(work, "default", "summary.json"))["scenarioName"]!.GetValue<string>());
    }

    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(stream);
        stream.Position = 0;
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}

using System.Reflection.PortableExecutable;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// A Release build puts ReadyToRun images (precompiled code beside the IL) of the CLI and of the libraries it copies into
/// src/QkdNetSim.Cli/bin (src/QkdNetSim.Cli/ReadyToRun.targets), so `qkdnetsim` starts without JIT-compiling them; a build
/// that silently fell back to IL would only show as a slower start.
/// </summary>
public sealed class ReadyToRunBuildTests
{
#if RELEASE
    [Theory]
    [InlineData("qkdnetsim.dll")]
    [InlineData("QkdNetSim.Runs.dll")]
    [InlineData("Parquet.dll")]
    [InlineData("Spectre.Console.dll")]
    [InlineData("YamlDotNet.dll")]
    public void A_release_build_puts_ReadyToRun_images_beside_the_cli(string assembly)
    {
        string path = Path.Combine(CliFiles.RepoRoot, "src", "QkdNetSim.Cli", "bin", "Release", "net10.0", assembly);
        Assert.True(IsReadyToRun(path), $"{path} is IL only: the ReadyToRun step of the CLI's Release build did not run (see the build output)");
    }
#endif

    [Fact]
    public void The_check_tells_an_IL_only_assembly_from_an_image()
    {
        // This test assembly is never precompiled; the shared framework's CoreLib always is.
        Assert.False(IsReadyToRun(typeof(ReadyToRunBuildTests).Assembly.Location));
        Assert.True(IsReadyToRun(typeof(object).Assembly.Location));
    }

    /// <summary>True when the assembly's CLI header points at a ReadyToRun (managed native) header.</summary>
    private static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}

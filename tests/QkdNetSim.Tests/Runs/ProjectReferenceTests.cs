using System.Xml.Linq;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// The layers stay layers: each project's direct project references are the allowed ones (issue 9), and the I/O layer's
/// compiled assembly loads no engine, so a lab tool can read a log without one.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Core"] = [],
        ["Optics"] = ["Core"],
        ["Detectors"] = ["Core", "Optics"],
        ["Protocols"] = ["Core", "Optics", "Detectors"],
        ["Analysis"] = ["Core"],
        ["Data"] = ["Core"],
        ["Runs"] = ["Protocols", "Analysis", "Data", "Core", "Optics", "Detectors"],
        ["Experiments"] = ["Runs"],
        ["Studies"] = ["Runs", "Data"],
        ["Cli"] = ["Runs", "Experiments", "Studies"],
    };

    [Fact]
    public void EveryProjectReferencesOnlyTheLayersBelowIt()
    {
        var projects = Directory.GetFiles(Path.Combine(CliFiles.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.Equal(Allowed.Keys.Order(), projects.Select(Short).Order());
        foreach (string project in projects)
        {
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Short(r.Attribute("Include")!.Value)).ToArray();
            var extra = references.Except(Allowed[Short(project)]).ToArray();
            Assert.True(extra.Length == 0, $"{Short(project)} references {string.Join(", ", extra)}; allowed: {string.Join(", ", Allowed[Short(project)])}");
        }
    }

    [Fact]
    public void TheDataAssemblyNeedsNoEngineToReadALog()
    {
        var names = typeof(QkdNetSim.Data.Frames.ParquetFrame).Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("QkdNetSim.")).ToArray();
        Assert.Equal(["QkdNetSim.Core"], names);
        var analysis = typeof(QkdNetSim.Analysis.BinaryEntropy).Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("QkdNetSim.")).ToArray();
        Assert.Equal(["QkdNetSim.Core"], analysis);
    }

    /// <summary>"src/QkdNetSim.Data/QkdNetSim.Data.csproj" → "Data".</summary>
    private static string Short(string path) => Path.GetFileNameWithoutExtension(path.Replace('\\', '/'))["QkdNetSim.".Length..];
}

using QkdNetSim.Runs.Import;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `import`.</summary>
public sealed record ImportOptions(string Kind, string Setup, string Tags, IReadOnlyList<string> Settings, string OutDir);

/// <summary>
/// `qkdnetsim import --kind access|mdi|cv --setup SETUP.yaml --tags FILE [--settings FILE ...] --out DIR`: turns a lab's
/// time tags (or CV samples) and settings into the kind's log in DIR (README "Importing lab data"); prints what it read,
/// wrote and left out, then how to analyse it.
/// </summary>
public static class ImportCommand
{
    public static int Execute(ImportOptions o, CancellationToken cancel)
    {
        var request = new ImportRequest(ImportKinds.Parse(o.Kind), o.Setup, o.Tags, o.Settings, o.OutDir);
        var report = ImportPipeline.Execute(request, cancel);
        foreach (string line in report.Lines()) Console.WriteLine(line);
        Console.WriteLine($"next: qkdnetsim analyze {o.OutDir}");
        return 0;
    }
}

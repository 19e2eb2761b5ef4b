using QkdNetSim.Data.Runs;

namespace QkdNetSim.Cli.Commands;

/// <summary>`qkdnetsim analyze DIR`: recompute summary.json from the Parquet log alone.</summary>
public static class AnalyzeCommand
{
    public static int Execute(string[] args)
    {
        var a = CliArguments.Parse("analyze", args, new HashSet<string>(), new HashSet<string>());
        if (a.Positionals.Count != 1) throw new QkdNetSim.Core.InputError("command line", "analyze", "expects one run directory or .parquet file");
        if (AnalyzePipeline.CoincidenceLogPath(a.Positionals[0]) is string coincidences)
        {
            var (mdi, mdiPath) = QkdNetSim.Data.Runs.Mdi.MdiAnalyzePipeline.Execute(coincidences);
            MdiSummaryTable.Print(mdi, Path.GetDirectoryName(mdiPath) ?? ".");
            return 0;
        }
        var (summary, path) = AnalyzePipeline.Execute(a.Positionals[0]);
        SummaryTable.Print(summary, Path.GetDirectoryName(path) ?? ".");
        return 0;
    }
}

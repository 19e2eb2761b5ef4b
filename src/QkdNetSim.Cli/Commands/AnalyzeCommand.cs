using QkdNetSim.Cli.Output;
using QkdNetSim.Runs;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `analyze`: the run directory, log file or covariance file, and the output format.</summary>
public sealed record AnalyzeOptions(string Target, OutputFormat Format = OutputFormat.Table);

/// <summary>`qkdnetsim analyze TARGET`: the kind that claims TARGET recomputes summary.json from it alone; prints the results.</summary>
public static class AnalyzeCommand
{
    public static int Execute(AnalyzeOptions o)
    {
        var (kind, summary, summaryPath) = AnalyzePipeline.Execute(o.Target);
        ResultWriter.Write(kind.Rows(summary), o.Format, summaryPath);
        return 0;
    }
}

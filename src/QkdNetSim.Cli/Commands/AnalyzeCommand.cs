using QkdNetSim.Cli.Output;
using QkdNetSim.Data.Runs;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `analyze`: the run directory, log file or covariance file, and the output format.</summary>
public sealed record AnalyzeOptions(string Target, OutputFormat Format = OutputFormat.Table);

/// <summary>`qkdnetsim analyze DIR|FILE.parquet|FILE.yaml`: recompute summary.json from a log alone, or key rates from a CV covariance file.</summary>
public static class AnalyzeCommand
{
    public static int Execute(AnalyzeOptions o)
    {
        string target = o.Target;
        if (target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            var kind = QkdNetSim.Data.Scenarios.ScenarioKind.Detect(target);
            if (kind != QkdNetSim.Data.Scenarios.NetworkKind.CvCovariance)
                throw new QkdNetSim.Core.InputError(target, "kind", "analyze reads logs (a run directory or .parquet) or a `kind: cvCovariance` file; run scenarios with `qkdnetsim run`");
            var (cov, covPath) = QkdNetSim.Data.Runs.Cv.CvCovarianceAnalysis.Execute(target);
            CvSummaryTable.Print(cov, covPath, o.Format);
            return 0;
        }
        if (CvSampleLogPath(target) is string cvLog)
        {
            var (cv, cvPath) = QkdNetSim.Data.Runs.Cv.CvAnalyzePipeline.Execute(cvLog);
            CvSummaryTable.Print(cv, cvPath, o.Format);
            return 0;
        }
        if (AnalyzePipeline.CoincidenceLogPath(target) is string coincidences)
        {
            var (mdi, mdiPath) = QkdNetSim.Data.Runs.Mdi.MdiAnalyzePipeline.Execute(coincidences);
            MdiSummaryTable.Print(mdi, Path.GetDirectoryName(mdiPath) ?? ".", o.Format);
            return 0;
        }
        var (summary, path) = AnalyzePipeline.Execute(target);
        SummaryTable.Print(summary, Path.GetDirectoryName(path) ?? ".", o.Format);
        return 0;
    }

    /// <summary>cv_samples.parquet of a directory, or a file whose name contains "cv_samples"; otherwise null.</summary>
    private static string? CvSampleLogPath(string target)
    {
        string name = QkdNetSim.Data.Log.CvSampleLogSchema.FileName;
        if (Directory.Exists(target)) return File.Exists(Path.Combine(target, name)) ? Path.Combine(target, name) : null;
        return Path.GetFileName(target).Contains("cv_samples", StringComparison.OrdinalIgnoreCase) ? target : null;
    }
}

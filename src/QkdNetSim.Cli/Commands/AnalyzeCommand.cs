using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Cli.Commands;

/// <summary>`qkdnetsim analyze DIR|FILE.parquet|FILE.yaml`: recompute summary.json from a log alone, or key rates from a CV covariance file.</summary>
public static class AnalyzeCommand
{
    public static int Execute(string[] args)
    {
        var a = CliArguments.Parse("analyze", args, new HashSet<string>(), new HashSet<string>());
        if (a.Positionals.Count != 1) throw new QkdNetSim.Core.InputError("command line", "analyze", "expects one run directory or .parquet file");
        string target = a.Positionals[0];
        if (target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            var kind = QkdNetSim.Runs.KindNames.Detect(target);
            if (kind != QkdNetSim.Runs.KindNames.CvCovariance)
                throw new QkdNetSim.Core.InputError(target, "kind", "analyze reads logs (a run directory or .parquet) or a `kind: cvCovariance` file; run scenarios with `qkdnetsim run`");
            var (cov, covPath) = QkdNetSim.Runs.Cv.CvCovarianceAnalysis.Execute(target);
            CvSummaryTable.Print(cov, covPath);
            return 0;
        }
        if (CvSampleLogPath(target) is string cvLog)
        {
            var (cv, cvPath) = QkdNetSim.Runs.Cv.CvLogAnalysis.Execute(cvLog);
            CvSummaryTable.Print(cv, cvPath);
            return 0;
        }
        if (AccessLogAnalysis.CoincidenceLogPath(a.Positionals[0]) is string coincidences)
        {
            var (mdi, mdiPath) = QkdNetSim.Runs.Mdi.MdiLogAnalysis.Execute(coincidences);
            MdiSummaryTable.Print(mdi, Path.GetDirectoryName(mdiPath) ?? ".");
            return 0;
        }
        var (summary, path) = AccessLogAnalysis.Execute(a.Positionals[0]);
        SummaryTable.Print(summary, Path.GetDirectoryName(path) ?? ".");
        return 0;
    }

    /// <summary>cv_samples.parquet of a directory, or a file whose name contains "cv_samples"; otherwise null.</summary>
    private static string? CvSampleLogPath(string target)
    {
        string name = QkdNetSim.Runs.Cv.CvSampleLogSchema.FileName;
        if (Directory.Exists(target)) return File.Exists(Path.Combine(target, name)) ? Path.Combine(target, name) : null;
        return Path.GetFileName(target).Contains("cv_samples", StringComparison.OrdinalIgnoreCase) ? target : null;
    }
}

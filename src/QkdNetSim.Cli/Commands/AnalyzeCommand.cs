using QkdNetSim.Cli.Output;
using QkdNetSim.Runs;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `analyze`: the run directory, log file or covariance file, and the output format.</summary>
public sealed record AnalyzeOptions(string Target, OutputFormat Format = OutputFormat.Table);

/// <summary>`qkdnetsim analyze TARGET`: the kind that claims TARGET recomputes summary.json from it alone; prints the results.</summary>
public static class AnalyzeCommand
{
    /// <summary>
    /// Analyses on a worker thread and returns as soon as it finishes or <paramref name="cancel"/> fires (Ctrl+C,
    /// SIGTERM, SIGHUP). The worker gets the same token: it stops at its next chunk and never writes summary.json after
    /// the signal (the summary is written in one atomic step after the whole input was read), so a stopped analysis
    /// writes nothing: an earlier summary.json stays as it was and no partial one appears.
    /// </summary>
    public static int Execute(AnalyzeOptions o, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var work = Task.Factory.StartNew(() => AnalyzePipeline.Execute(o.Target, cancel), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            work.Wait(cancel);
        }
        catch (OperationCanceledException) when (!work.IsCompleted)
        {
            Console.Error.WriteLine("interrupted: analysis stopped, no summary written");
            return Cli.InterruptedExitCode;
        }
        catch (AggregateException)
        {
            // rethrown below, unwrapped, by GetResult
        }
        var (kind, summary, summaryPath) = work.GetAwaiter().GetResult();
        ResultWriter.Write(kind.Rows(summary), o.Format, summaryPath);
        return 0;
    }
}

using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Spectre.Console progress bar around a long job that reports a fraction in [0, 1].</summary>
public static class Progress
{
    /// <param name="console">Where the bar goes: <see cref="AnsiConsole.Console"/> by default (stdout).</param>
    public static T Run<T>(string description, Func<Action<double>, T> job, IAnsiConsole? console = null)
    {
        T result = default!;
        (console ?? AnsiConsole.Console).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                result = job(f => task.Value = Math.Clamp(f, 0, 1));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>
    /// The progress bar of a run whose stdout carries results in <paramref name="format"/>: none when quiet; on
    /// stdout with the table; on stderr with JSON or CSV, so stdout stays a clean file.
    /// </summary>
    public static T Run<T>(string description, bool quiet, Output.OutputFormat format, Func<Action<double>?, T> job)
    {
        if (quiet) return job(null);
        if (format == Output.OutputFormat.Table) ConsoleSetup.NoWrapWhenRedirected();
        var console = format == Output.OutputFormat.Table ? AnsiConsole.Console : ConsoleSetup.Stderr();
        return Run(description, p => job(p), console);
    }
}

using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Spectre.Console progress bar around a long job that reports a fraction in [0, 1].</summary>
public static class Progress
{
    public static T Run<T>(string description, Func<Action<double>, T> job)
    {
        T result = default!;
        AnsiConsole.Progress()
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
}

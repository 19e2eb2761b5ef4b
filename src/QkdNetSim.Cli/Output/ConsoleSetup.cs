using Spectre.Console;

namespace QkdNetSim.Cli;

/// <summary>Console width rules of the CLI.</summary>
public static class ConsoleSetup
{
    /// <summary>Width given to Spectre when stdout is not a terminal: wide enough that no table cell wraps.</summary>
    public const int RedirectedWidth = 1000;

    /// <summary>
    /// When stdout is not a terminal (a pipe, a file, a test's writer), Spectre would wrap tables at 80 columns
    /// whatever COLUMNS says; give it <see cref="RedirectedWidth"/> (or COLUMNS if larger) so each row stays one line.
    /// On a terminal the terminal's width applies.
    /// </summary>
    public static void NoWrapWhenRedirected()
    {
        var profile = AnsiConsole.Profile;
        if (profile.Out.IsTerminal && !Console.IsOutputRedirected) return;
        int columns = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int c) ? c : 0;
        profile.Width = Math.Max(RedirectedWidth, columns);
    }

    /// <summary>A Spectre console on stderr (progress while stdout carries JSON or CSV).</summary>
    public static IAnsiConsole Stderr() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}

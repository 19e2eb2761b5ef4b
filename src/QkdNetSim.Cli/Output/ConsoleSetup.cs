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
    /// On a terminal the terminal's width applies. Called before the first output through <see cref="AnsiConsole"/>, not at
    /// start: creating Spectre's console (capability detection) costs a short run ~15 ms that JSON/CSV output never needs.
    /// </summary>
    public static void NoWrapWhenRedirected()
    {
        var profile = AnsiConsole.Profile;
        if (profile.Out.IsTerminal && !Console.IsOutputRedirected) return;
        int columns = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int c) ? c : 0;
        profile.Width = Math.Max(RedirectedWidth, columns);
    }

    /// <summary><see cref="NoWrapWhenRedirected"/>, then <paramref name="verb"/> (a verb that prints through <see cref="AnsiConsole"/>).</summary>
    public static int Then(Func<int> verb)
    {
        NoWrapWhenRedirected();
        return verb();
    }

    /// <summary>A Spectre console on stderr (progress while stdout carries JSON or CSV).</summary>
    public static IAnsiConsole Stderr() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}

using System.Runtime.InteropServices;
using QkdNetSim.Cli;
using QkdNetSim.Cli.Commands;
using QkdNetSim.Core;

// qkdnetsim: command-line entry point. Exit codes: 0 ok, 1 internal error, 2 bad input, 128 + signal when interrupted
// (130 SIGINT/Ctrl+C, 143 SIGTERM, 129 SIGHUP; outputs kept, marked interrupted).
return Cli.Main(args);

namespace QkdNetSim.Cli
{
    public static class Cli
    {
        /// <summary>
        /// The exit code a verb returns when it was interrupted (SIGINT's 128 + 2); <see cref="Main"/> replaces it by
        /// 128 + the signal that actually arrived (143 for SIGTERM, 129 for SIGHUP).
        /// </summary>
        public const int InterruptedExitCode = 130;

        /// <summary>Parses <paramref name="args"/> (<see cref="CliParser"/>), runs the verb and returns the exit code.</summary>
        public static int Main(string[] args)
        {
            using var signals = new StopSignals();
            try
            {
                // Spectre's console is set up by the verbs that print through it: run and analyze set it up only for a table or a
                // progress bar (with --quiet and --format json|csv they never create it), the others before they start.
                var parser = new CliParser(
                    run: o => RunCommand.Execute(o, signals.Token),
                    analyze: o => AnalyzeCommand.Execute(o, signals.Token),
                    reproduce: o => ConsoleSetup.Then(() => ReproduceCommand.Execute(o, signals.Token)),
                    bench: o => ConsoleSetup.Then(() => BenchCommand.Execute(o, signals.Token)),
                    plot: o => ConsoleSetup.Then(() => PlotCommand.Execute(o, signals.Token)),
                    capacity: o => ConsoleSetup.Then(() => CapacityCommand.Execute(o, signals.Token)),
                    sweep: o => ConsoleSetup.Then(() => SweepCommand.Execute(o, signals.Token)),
                    import: o => ImportCommand.Execute(o, signals.Token));
                int code = parser.Invoke(args);
                return code == InterruptedExitCode ? signals.ExitCode : code;
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                return signals.ExitCode;
            }
            catch (InputError e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One line for the user; the stack trace only on request (a bug report), never by default.
                bool debug = System.Environment.GetEnvironmentVariable("QKDNETSIM_DEBUG") == "1";
                Console.Error.WriteLine(debug
                    ? $"internal error: {e}"
                    : $"internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (a bug: please report it; QKDNETSIM_DEBUG=1 prints the stack trace)");
                return 1;
            }
        }
    }

    /// <summary>
    /// One cancellation source for SIGINT (Ctrl+C), SIGTERM (e.g. a cluster scheduler's notice before SIGKILL) and SIGHUP
    /// (the terminal went away): each cancels <see cref="Token"/> instead of ending the process, so the verb keeps the work
    /// done, marks it interrupted and returns; <see cref="ExitCode"/> is then 128 + the first signal's number. A second
    /// signal is not intercepted: it ends the process at once (files being written stay under temporary names, which every
    /// reader ignores).
    /// </summary>
    public sealed class StopSignals : IDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly List<PosixSignalRegistration> _registrations = new();
        private int _signalNumber; // 0 until the first signal arrives

        public StopSignals()
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                try
                {
                    _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
                }
                catch (PlatformNotSupportedException)
                {
                    // e.g. SIGHUP where the platform has none: that signal keeps its default behaviour.
                }
            }
        }

        /// <summary>Cancelled when the first of SIGINT, SIGTERM, SIGHUP arrives.</summary>
        public CancellationToken Token => _cts.Token;

        /// <summary>The POSIX number of the first signal received (2 INT, 15 TERM, 1 HUP), or null before any.</summary>
        public int? SignalNumber => Volatile.Read(ref _signalNumber) is int n and > 0 ? n : null;

        /// <summary>128 + the first signal's number; 130 (SIGINT) when the token was cancelled without a signal.</summary>
        public int ExitCode => 128 + (SignalNumber ?? 2);

        private void OnSignal(PosixSignalContext context)
        {
            // A second signal takes its default action (the process ends at once): the way out of a step that does not stop.
            if (Interlocked.CompareExchange(ref _signalNumber, Number(context.Signal), 0) != 0) return;
            context.Cancel = true; // keep the process: the verb stops at its next cancellation check and writes what it has
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>The POSIX signal number (<see cref="PosixSignal"/> values are platform-neutral negatives).</summary>
        public static int Number(PosixSignal signal) => signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGQUIT => 3,
            PosixSignal.SIGTERM => 15,
            _ => (int)signal > 0 ? (int)signal : 2,
        };

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
            _cts.Dispose();
        }
    }

    /// <summary>Folders named after a process id (scratch and staging folders): whether that process still runs.</summary>
    public static class OwnerProcess
    {
        /// <summary>True while a process with <paramref name="pid"/> runs (this process counts as not running: a folder
        /// named after it that exists before it made one is a leftover of an earlier process with the same id).</summary>
        public static bool IsRunning(int pid)
        {
            if (pid == Environment.ProcessId) return false;
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>The process id at the end of a folder name <c>PREFIX + pid</c>, or null.</summary>
        public static int? FromFolderName(string dir, string prefix)
        {
            string name = Path.GetFileName(dir);
            return name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name[prefix.Length..], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
    }
}

using QkdNetSim.Cli;
using QkdNetSim.Cli.Commands;
using QkdNetSim.Core;

// qkdnetsim: command-line entry point. Exit codes: 0 ok, 1 internal error, 2 bad input, 130 interrupted (outputs kept).
return Cli.Main(args);

namespace QkdNetSim.Cli
{
    public static class Cli
    {
        /// <summary>Parses <paramref name="args"/> (<see cref="CliParser"/>), runs the verb and returns the exit code.</summary>
        public static int Main(string[] args)
        {
            ConsoleSetup.NoWrapWhenRedirected();
            using var cts = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var parser = new CliParser(
                    run: o => RunCommand.Execute(o, cts.Token),
                    analyze: AnalyzeCommand.Execute,
                    reproduce: o => ReproduceCommand.Execute(o, cts.Token),
                    bench: BenchCommand.Execute);
                return parser.Invoke(args);
            }
            catch (InputError e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"internal error: {e}");
                return 1;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }
}

using QkdNetSim.Cli;
using QkdNetSim.Cli.Commands;
using QkdNetSim.Core;
using Spectre.Console;

// qkdnetsim: command-line entry point. Exit codes: 0 ok, 1 internal error, 2 bad input, 130 interrupted (outputs kept).
return Cli.Main(args);

namespace QkdNetSim.Cli
{
    public static class Cli
    {
        public const string Usage = """
            qkdnetsim — discrete-event simulator of multi-user QKD networks

            usage:
              qkdnetsim run [SCENARIO.yaml] [--out DIR] [--seed N] [--duration SECONDS] [--set path=value ...] [--no-log] [--quiet]
                  (no SCENARIO: the built-in seed-004 default: 1x8 splitter, two transmitters, 60 s session;
                   a scenario with `kind: mdiNetwork` runs an MDI network and writes coincidences.parquet;
                   `kind: cvNetwork` runs a CV-QKD broadcast network at sample level and writes cv_samples.parquet)
              qkdnetsim analyze DIR|FILE.parquet|COVARIANCE.yaml
              qkdnetsim reproduce seed004|seed002|seed000|seed001|seed003 [--full] [--out DIR]
              qkdnetsim bench [--seconds S] [--mdi-seconds S] [--out FILE.md]
              qkdnetsim --version
            """;

        public static int Main(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            if (args[0] == "--version")
            {
                Console.WriteLine($"qkdnetsim {QkdNetSim.Runs.ToolInfo.Version}");
                return 0;
            }
            using var cts = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var rest = args.Skip(1).ToArray();
                return args[0] switch
                {
                    "run" => RunCommand.Execute(rest, cts.Token),
                    "analyze" => AnalyzeCommand.Execute(rest),
                    "reproduce" => ReproduceCommand.Execute(rest, cts.Token),
                    "bench" => BenchCommand.Execute(rest),
                    _ => throw new InputError("command line", args[0], "unknown command (expected run, analyze, reproduce or bench)"),
                };
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

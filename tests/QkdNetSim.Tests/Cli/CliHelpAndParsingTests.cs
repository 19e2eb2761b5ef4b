using System.CommandLine.Completions;
using QkdNetSim.Cli;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// The command line itself: help and examples for every verb, --version, suggestions for mistyped verbs, options
/// and papers, completion through the [suggest:N] directive, and every parse problem as one "error: command line:
/// OPTION: rule" line with exit code 2 and nothing on stdout.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliHelpAndParsingTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>The options each verb documents (README "Commands"); help must list every one of them.</summary>
    public static TheoryData<string, string> VerbsAndHelpFlags()
    {
        var data = new TheoryData<string, string>();
        foreach (string verb in new[] { "run", "analyze", "reproduce", "bench" })
            foreach (string flag in new[] { "--help", "-h" })
                data.Add(verb, flag);
        return data;
    }

    private static readonly Dictionary<string, string[]> DocumentedOptions = new()
    {
        ["run"] = ["<SCENARIO>", "--out", "--seed", "--duration", "--set", "--no-log", "--quiet", "--format"],
        ["analyze"] = ["<TARGET>", "--format"],
        ["reproduce"] = ["--full", "--out", "--seed", "seed004", "seed002", "seed000", "seed001", "seed003"],
        ["bench"] = ["--seconds", "--mdi-seconds", "--cv-rounds", "--out", "--study-points", "--study-seconds", "--limit-seconds"],
    };

    [Theory]
    [MemberData(nameof(VerbsAndHelpFlags))]
    public void EveryVerbAnswersHelpWithExit0ItsOptionsAndAnExample(string verb, string flag)
    {
        var r = CliRunner.Invoke(verb, flag);

        Assert.True(r.ExitCode == 0, $"{verb} {flag} exited {r.ExitCode}: {r.Stderr}");
        Assert.Equal("", r.Stderr);
        Assert.Contains($"qkdnetsim {verb} ", r.Stdout); // the usage line
        foreach (string option in DocumentedOptions[verb]) Assert.Contains(option, r.Stdout);
        string examples = r.Stdout[(r.Stdout.IndexOf("Examples:", StringComparison.Ordinal) + 1)..];
        Assert.Contains("Examples:", r.Stdout);
        Assert.Contains($"\n  qkdnetsim {verb}", examples);
    }

    [Fact]
    public void BenchHelpHidesTheInternalChildOptionsThatStillWork()
    {
        var help = CliRunner.Invoke("bench", "--help");
        Assert.DoesNotContain("--child", help.Stdout);

        // They still parse: an unknown kind is the access child, here with 1 ms of simulated time and no log.
        var child = CliRunner.Invoke("bench", "--child", "--child-kind", "access", "--child-log", "0", "--child-duration", "0.001");
        Assert.True(child.ExitCode == 0, child.Stderr);
        var result = System.Text.Json.Nodes.JsonNode.Parse(child.Stdout.Split('\n').Last(l => l.StartsWith('{')))!;
        Assert.Equal(0.001, result["SimulatedS"]!.GetValue<double>());
        Assert.False(result["Log"]!.GetValue<bool>());
    }

    [Fact]
    public void RootHelpExits0AndNoArgumentsPrintTheUsageWithExit2()
    {
        var help = CliRunner.Invoke("--help");
        var none = CliRunner.Invoke();

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(2, none.ExitCode);
        Assert.Equal(help.Stdout, none.Stdout);
        foreach (string verb in new[] { "run", "analyze", "reproduce", "bench" }) Assert.Contains($"  {verb}", help.Stdout);
        Assert.Contains("--version", help.Stdout);
    }

    [Fact]
    public void HelpWordGivesTheSameTextAsTheHelpOption()
    {
        Assert.Equal(CliRunner.Invoke("run", "--help").Stdout, CliRunner.Invoke("help", "run").Stdout);
        var root = CliRunner.Invoke("help");
        Assert.Equal(0, root.ExitCode);
        Assert.Equal(CliRunner.Invoke("--help").Stdout, root.Stdout);
    }

    [Fact]
    public void VersionPrintsTheToolNameAndItsVersion()
    {
        var r = CliRunner.Invoke("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"qkdnetsim {ToolInfo.Version}", r.Stdout.Trim());
        Assert.Equal("", r.Stderr);
    }

    /// <summary>Exit 2, stdout empty, exactly one stderr line "error: command line: FIELD: rule"; returns the rule.</summary>
    private static string CommandLineError(CliResult r, string field)
    {
        Assert.True(r.ExitCode == 2, $"expected exit code 2, got {r.ExitCode}; stderr: {r.Stderr}");
        Assert.Equal("", r.Stdout);
        var lines = r.StderrLines;
        Assert.True(lines.Length == 1, $"expected one stderr line, got {lines.Length}: {r.Stderr}");
        string prefix = $"error: command line: {field}: ";
        Assert.StartsWith(prefix, lines[0]);
        return lines[0][prefix.Length..];
    }

    [Theory]
    [InlineData("rnu", "run")]
    [InlineData("anlyze", "analyze")]
    [InlineData("reprduce", "reproduce")]
    [InlineData("bnech", "bench")]
    public void MistypedVerbGetsASuggestionAndExit2(string typed, string meant)
    {
        string rule = CommandLineError(CliRunner.Invoke(typed, "--out", _tmp.Sub("out")), typed);
        Assert.Contains($"did you mean '{meant}'?", rule);
        Assert.StartsWith("unknown command", rule);
        Assert.False(Directory.Exists(_tmp.Sub("out")));
    }

    [Fact]
    public void UnknownVerbFarFromEveryVerbGetsTheListAndNoGuess()
    {
        string rule = CommandLineError(CliRunner.Invoke("simulate"), "simulate");
        Assert.DoesNotContain("did you mean", rule);
        Assert.Contains("expected run, analyze, reproduce, bench", rule);
        Assert.Contains("plot", rule);
        Assert.Contains("capacity", rule);
        Assert.Contains("sweep", rule);
    }

    [Theory]
    [InlineData(new[] { "run", "--durtion", "1" }, "--durtion", "'--duration'")]
    [InlineData(new[] { "run", "--quite" }, "--quite", "'--quiet'")]
    [InlineData(new[] { "run", "--nolog" }, "--nolog", "'--no-log'")]
    [InlineData(new[] { "run", "--sed", "5" }, "--sed", "'--seed' or '--set'")]
    [InlineData(new[] { "bench", "--second", "3" }, "--second", "'--seconds'")]
    [InlineData(new[] { "analyze", "somewhere", "--formt", "json" }, "--formt", "'--format'")]
    [InlineData(new[] { "reproduce", "seed004", "--ful" }, "--ful", "'--full'")]
    public void Mistyped_option_gets_a_suggestion_and_exit_2(string[] args, string typed, string meant)
    {
        string rule = CommandLineError(CliRunner.Invoke(args), typed);
        Assert.StartsWith($"unknown option for '{args[0]}'", rule);
        Assert.Contains($"did you mean {meant}?", rule);
    }

    [Fact]
    public void UnknownOptionFarFromEveryOptionListsTheVerbsOptions()
    {
        string rule = CommandLineError(CliRunner.Invoke("run", "--bogus", "1"), "--bogus");
        Assert.DoesNotContain("did you mean", rule);
        Assert.Contains("--duration", rule);
        Assert.Contains("--format", rule);
    }

    [Fact]
    public void MistypedPaperGetsASuggestionAndExit2()
    {
        string rule = CommandLineError(CliRunner.Invoke("reproduce", "seed04"), "PAPER");
        Assert.Contains("did you mean 'seed004'?", rule);
    }

    [Theory]
    [InlineData(new[] { "run", "--out" }, "--out", "option needs a value")]
    [InlineData(new[] { "run", "--seed", "five" }, "--seed", "expected a non-negative integer, got 'five'")]
    [InlineData(new[] { "run", "--seed", "-3" }, "--seed", "expected a non-negative integer, got '-3'")]
    [InlineData(new[] { "run", "--duration", "soon" }, "--duration", "expected a number, got 'soon'")]
    [InlineData(new[] { "run", "--duration", "0" }, "--duration", "must be > 0 and finite, got 0")]
    [InlineData(new[] { "run", "--duration", "Infinity" }, "--duration", "must be > 0 and finite, got Infinity")]
    [InlineData(new[] { "run", "--format", "xml" }, "--format", "expected table, json or csv, got 'xml'")]
    [InlineData(new[] { "run", "a.yaml", "b.yaml" }, "b.yaml", "unexpected argument: 'run' takes at most one SCENARIO")]
    [InlineData(new[] { "analyze" }, "TARGET", "expects one run directory")]
    [InlineData(new[] { "analyze", "a", "b" }, "b", "unexpected argument: 'analyze' takes one TARGET")]
    [InlineData(new[] { "reproduce" }, "PAPER", "expects a paper: seed004")]
    [InlineData(new[] { "bench", "extra" }, "extra", "unexpected argument: 'bench' takes no arguments")]
    [InlineData(new[] { "bench", "--cv-rounds", "10" }, "--cv-rounds", "must lie in [1e3, 1e10], got 10")]
    [InlineData(new[] { "bench", "--study-points", "2.5" }, "--study-points", "must be an integer in [0, 100000], got 2.5")]
    [InlineData(new[] { "bench", "--study-seconds", "0" }, "--study-seconds", "must lie in (0, 3600], got 0")]
    [InlineData(new[] { "--bogus" }, "--bogus", "unknown option for 'qkdnetsim'")]
    [InlineData(new[] { "run", "--version" }, "--version", "unknown option for 'run'")]
    public void Every_parse_problem_is_one_error_line_with_exit_2(string[] args, string field, string ruleStart)
    {
        string rule = CommandLineError(CliRunner.Invoke(args), field);
        Assert.StartsWith(ruleStart, rule);
    }

    [Fact]
    public void SingleValueOptionGivenTwiceKeepsTheLastValueAndFlagsTakeNoValue()
    {
        // A scenario file right after a flag must stay the scenario (flags never take a value).
        string scenario = _tmp.Write("short.yaml", BuiltInScenarios.Seed004Default.Replace("durationS: 60", "durationS: 0.02", StringComparison.Ordinal));
        string dir = _tmp.Sub("out");
        var r = CliRunner.Invoke("run", "--no-log", scenario, "--seed", "1", "--out", _tmp.Sub("ignored"), "--seed", "4", "--quiet", "--out", dir);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(Directory.Exists(_tmp.Sub("ignored")));
        var run = CliFiles.ReadJson(Path.Combine(dir, RunPipeline.SummaryFileName))["run"]!;
        Assert.Equal(4UL, run["seed"]!.GetValue<ulong>());
        Assert.Equal(0.02, run["requestedDurationS"]!.GetValue<double>());
        Assert.False(File.Exists(Path.Combine(dir, QkdNetSim.Runs.Access.DetectionLogSchema.FileName)));
    }

    [Fact]
    public void AfterDoubleDashANameStartingWithADashIsTheScenarioFile()
    {
        string outDir = _tmp.Sub("out");
        var r = CliRunner.Invoke("run", "--out", outDir, "--quiet", "--", "-missing.yaml");
        CliAssert.BadInput(r, "-missing.yaml", "(file)", outDir);
    }

    [Fact]
    public void RootCommandKeepsTheSuggestDirective()
    {
        var parser = new CliParser(_ => 0, _ => 0, _ => 0, _ => 0);
        Assert.Contains(parser.Root.Directives, d => d is SuggestDirective);
    }

    /// <summary>Completion lines for a command line with the cursor at <paramref name="position"/>.</summary>
    private static string[] Suggest(int position, string line)
    {
        var r = CliRunner.Invoke($"[suggest:{position}]", line);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public void SuggestDirectiveCompletesVerbsOptionsPapersAndFormats()
    {
        Assert.Equal(["run"], Suggest(2, "ru"));
        Assert.Contains("run", Suggest(3, "ru")); // cursor past the word: every verb and root option

        string[] bench = Suggest("bench --".Length, "bench --");
        Assert.Contains("--cv-rounds", bench);
        Assert.DoesNotContain(bench, s => s.StartsWith("--child", StringComparison.Ordinal));

        Assert.Equal(["seed000", "seed001", "seed002", "seed003", "seed004"], Suggest("reproduce seed00".Length, "reproduce seed00"));
        Assert.Equal(["csv", "json", "table"], Suggest("run --format ".Length, "run --format "));
        Assert.Equal(["--format"], Suggest("qkdnetsim analyze --fo".Length, "qkdnetsim analyze --fo")); // what bash passes: the whole line
    }

    [Theory]
    [InlineData("rnu", "run", 1)]          // swap of neighbours: one edit
    [InlineData("run", "run", 0)]
    [InlineData("--sed", "--seed", 1)]
    [InlineData("analyse", "analyze", 1)]
    [InlineData("bench", "run", 4)]          // b/r, e/u, n, -c, -h
    [InlineData("", "abc", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, CliParser.EditDistance(a, b));
        Assert.Equal(expected, CliParser.EditDistance(b, a));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Cli.Properties;

/// <summary>
/// The same properties as <see cref="CliScenarioMutationPropertyTests"/> and <see cref="CliLogCorruptionPropertyTests"/>,
/// for about 200 cases drawn with other fixed seeds, each run as a child process (`dotnet qkdnetsim.dll ...`) under a
/// virtual-memory limit (`ulimit -v 3000000`, ~2.9 GiB) and a 20 s timeout, two at a time: no case hangs, none is killed
/// by the memory limit, and each ends in exit 0 or exit 2 with one line `error: FILE: FIELD: rule`. Linux/macOS only.
/// </summary>
[Collection(CliConsoleCollection.Name)]
[Trait("Category", "Property")]
public sealed class CliChildProcessPropertyTests(ScenarioFuzzFixture scenarios, LogFuzzFixture logs, ITestOutputHelper output)
    : IClassFixture<ScenarioFuzzFixture>, IClassFixture<LogFuzzFixture>
{
    private const string MemoryLimitKiB = "3000000";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private sealed record ChildCase(string Label, string[] Args, Func<string, string?> Known);

    [Fact]
    public void MutatedScenariosAndCorruptedLogsEndInSuccessOrOneLineErrorUnderMemoryLimitAndTimeout()
    {
        if (OperatingSystem.IsWindows()) return; // ulimit and /bin/sh
        var cases = new List<ChildCase>();
        // The unmutated scenarios (with the clamps) first: each must run, so the mutated cases start from valid inputs.
        var baselines = new List<ChildCase>();
        AddScenarioCases(baselines, CliScenarioMutationPropertyTests.Splitter, cv: false, n: 0, seed: 0);
        AddScenarioCases(baselines, CliScenarioMutationPropertyTests.Mdi, cv: false, n: 0, seed: 0);
        AddScenarioCases(baselines, CliScenarioMutationPropertyTests.Cv, cv: true, n: 0, seed: 0);
        foreach (var b in baselines)
        {
            var (_, exit, stderr, _) = RunChild(b);
            Assert.True(exit == 0, $"{b.Label}: exit {exit}: {stderr}");
        }
        AddScenarioCases(cases, CliScenarioMutationPropertyTests.Splitter, cv: false, n: 35, seed: 14004);
        AddScenarioCases(cases, CliScenarioMutationPropertyTests.Mdi, cv: false, n: 35, seed: 12002);
        AddScenarioCases(cases, CliScenarioMutationPropertyTests.Cv, cv: true, n: 30, seed: 11000);
        AddScenarioCases(cases, null, cv: false, n: 30, seed: 17);
        foreach (var (kind, seed) in new[] { ("access", 141UL), ("mdi", 142UL), ("cv", 143UL) }) AddLogCases(cases, kind, n: 25, seed);

        var tally = new FuzzTally();
        var results = new ConcurrentBag<(ChildCase Case, int Exit, string Stderr, bool TimedOut)>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c => results.Add(RunChild(c)));
        foreach (var (c, exit, stderr, timedOut) in results.OrderBy(r => r.Case.Label, StringComparer.Ordinal))
        {
            if (timedOut) { tally.Violation(c.Label, $"no exit within {Timeout.TotalSeconds} s (killed)"); continue; }
            tally.Add(exit, leftOutput: false);
            string? v = FuzzOutcome.Violation(exit, stderr);
            if (v is null) continue;
            if (c.Known(v) is not null) tally.KnownFailed++;
            else tally.Violation(c.Label, v);
        }
        output.WriteLine($"child processes: {tally} in {clock.Elapsed.TotalSeconds:F1} s");
        tally.AssertNoViolations("child processes");
        Assert.True(tally.Cases >= 190, $"only {tally.Cases} child-process cases ran");
        Assert.True(tally.Exit0 > 0 && tally.Exit2 > 0, $"a property that never took both branches: {tally}");
    }

    private void AddScenarioCases(List<ChildCase> cases, string? file, bool cv, int n, ulong seed)
    {
        string original = scenarios.Original(file ?? CliScenarioMutationPropertyTests.Splitter);
        var drawn = n == 0
            ? [new YamlCase(YamlOp.SetsOnly, 0, "", [], [], true, "json", 2000)] // the unmutated file
            : YamlCase.Gen(YamlCase.PathsOf(original), cv, fileOps: file is not null).Sample(n, new Rnd(seed), 100);
        int i = 0;
        foreach (var c in drawn)
        {
            i++;
            if (FuzzKnownFailures.Scenario(c) is not null) continue; // see FuzzKnownFailures
            string label = $"{file ?? "built-in"} #{(n == 0 ? "base" : i.ToString("D3"))}: {c}";
            var args = new List<string> { "run" };
            if (file is not null)
            {
                string path = Path.Combine(scenarios.NetworksDir, $"child-{(n == 0 ? "base" : i.ToString("D3"))}-{file}");
                File.WriteAllBytes(path, c.Apply(original));
                args.Add(path);
                label += $" [{c.Diff(original)}]";
            }
            args.AddRange(c.SetArgs());
            if (cv) args.AddRange(["--set", $"samples={c.Samples}"]);
            else if (c.Op != YamlOp.DurationItself) args.AddRange(["--set", "durationS=1e-5"]);
            args.AddRange(["--out", scenarios.Tmp.Sub($"child-out-{file ?? "builtin"}-{(n == 0 ? "base" : i.ToString("D3"))}"), "--quiet", "--format", c.Format]);
            if (c.NoLog) args.Add("--no-log");
            cases.Add(new ChildCase(label, args.ToArray(), _ => null));
        }
    }

    private void AddLogCases(List<ChildCase> cases, string kind, int n, ulong seed)
    {
        var (name, valid) = logs.Logs[kind];
        int i = 0;
        foreach (var c in LogCase.Gen.Sample(n, new Rnd(seed), 100))
        {
            i++;
            string dir = Directory.CreateDirectory(logs.Tmp.Sub($"child-{kind}-{i:D3}")).FullName;
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, c.Apply(valid));
            cases.Add(new ChildCase($"{kind} log #{i:D3}: {c}", ["analyze", c.Op == LogOp.AnalyzeFolder ? dir : path, "--format", c.Format],
                FuzzKnownFailures.Log));
        }
    }

    private static (ChildCase, int, string, bool) RunChild(ChildCase c)
    {
        var psi = new ProcessStartInfo
        {
            FileName = "/bin/sh",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The arguments reach the CLI unchanged through "$@": no quoting of the random values.
        foreach (string a in (string[])["-c", $"ulimit -v {MemoryLimitKiB}; exec \"$@\"", "sh", DotnetHost, CliChild.CliDll, .. c.Args])
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (c, -1, stderr.Result, true);
        }
        p.WaitForExit();
        _ = stdout.Result;
        return (c, p.ExitCode, stderr.Result, false);
    }

    private static string DotnetHost =>
        Environment.ProcessPath is string host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}

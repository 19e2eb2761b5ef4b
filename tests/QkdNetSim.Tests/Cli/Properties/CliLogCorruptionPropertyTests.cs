using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using QkdNetSim.Runs.Access;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Cli.Properties;

/// <summary>Three small valid logs, made once: an access run, an MDI run and a CV run (each with its log).</summary>
public sealed class LogFuzzFixture : IDisposable
{
    internal CliTempDir Tmp { get; } = new();
    internal Dictionary<string, (string FileName, byte[] Bytes)> Logs { get; } = new();

    public LogFuzzFixture()
    {
        string nets = Path.Combine(CliFiles.RepoRoot, "models", "networks");
        Make("access", ["--duration", "2e-4"]);
        Make("mdi", [Path.Combine(nets, CliScenarioMutationPropertyTests.Mdi), "--duration", "1e-3"]);
        Make("cv", [Path.Combine(nets, CliScenarioMutationPropertyTests.Cv), "--set", "samples=2000"]);
    }

    private void Make(string kind, string[] args)
    {
        string dir = Tmp.Sub("valid-" + kind);
        var r = CliRunner.Invoke(["run", .. args, "--out", dir, "--quiet"]);
        Assert.True(r.ExitCode == 0, $"the {kind} run for the log property failed: {r.Stderr}");
        string log = Directory.GetFiles(dir, "*.parquet").Single(f => Path.GetFileName(f) != QkdNetSim.Runs.Access.TimeSeriesWriter.FileName); // the log, not the time series
        Logs[kind] = (Path.GetFileName(log), File.ReadAllBytes(log));
    }

    public void Dispose() => Tmp.Dispose();
}

/// <summary>
/// Property: random byte corruptions of valid small logs (bit flips, truncation, inserted, overwritten, zeroed and
/// duplicated ranges, the footer with the manifest) never crash `analyze`: exit 0 or exit 2 with one line
/// `error: FILE: FIELD: rule`, never exit 1 and never an exception out of Cli.Main. Fixed replay seeds.
/// </summary>
[Collection(CliConsoleCollection.Name)]
[Trait("Category", "Property")]
public sealed class CliLogCorruptionPropertyTests(LogFuzzFixture fx, ITestOutputHelper output) : IClassFixture<LogFuzzFixture>
{
    [Fact]
    public void CorruptedAccessLogEndsInSuccessOrOneLineError() => Check("access", cases: 1000, seed: 41);

    [Fact]
    public void CorruptedMdiLogEndsInSuccessOrOneLineError() => Check("mdi", cases: 900, seed: 42);

    [Fact]
    public void CorruptedCvLogEndsInSuccessOrOneLineError() => Check("cv", cases: 900, seed: 43);

    private void Check(string kind, int cases, ulong seed)
    {
        var (name, valid) = fx.Logs[kind];
        string dir = fx.Tmp.Sub("fuzz-" + kind);
        string path = Path.Combine(dir, name);
        var tally = new FuzzTally();

        // The uncorrupted log analyzes: the property starts from a valid input.
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, valid);
        var baseline = CliRunner.Invoke("analyze", path, "--format", "json");
        Assert.True(baseline.ExitCode == 0, $"the valid {kind} log does not analyze: {baseline.Stderr}");

        var clock = Stopwatch.StartNew();
        Prop.ForAll(LogCase.Gen.ToArbitrary(), (LogCase c) =>
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(path, c.Apply(valid));
            CliResult r;
            try { r = CliRunner.Invoke("analyze", c.Op == LogOp.AnalyzeFolder ? dir : path, "--format", c.Format); }
            catch (Exception e) { tally.Violation(c.ToString(), $"exception out of Cli.Main: {e.GetType().Name}: {e.Message}"); return; }
            tally.Add(r.ExitCode, leftOutput: false);
            string? v = FuzzOutcome.Violation(r.ExitCode, r.Stderr);
            if (v is null) return;
            if (FuzzKnownFailures.Log(v) is not null) tally.KnownFailed++; // see FuzzKnownFailures
            else tally.Violation(c.ToString(), v);
        }).Check(FuzzConfig.With(cases, seed));
        output.WriteLine($"{kind} log ({valid.Length} bytes): {tally} in {clock.Elapsed.TotalSeconds:F1} s");
        tally.AssertNoViolations(kind + " log");
        Assert.Equal(cases, tally.Cases);
        Assert.True(tally.Exit2 > 0, $"no corruption was rejected: {tally}");
    }
}

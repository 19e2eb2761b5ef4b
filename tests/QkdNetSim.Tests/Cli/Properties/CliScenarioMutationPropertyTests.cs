using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Cli.Properties;

/// <summary>
/// Shared scratch folder for the scenario properties. A mutated file is written here with its `model: ../...` includes
/// made absolute paths into the repository's models/ folder (an allowed folder for includes wherever the scenario is), so
/// they resolve exactly as in the repository.
/// </summary>
public sealed class ScenarioFuzzFixture : IDisposable
{
    internal CliTempDir Tmp { get; } = new();

    internal string NetworksDir => Tmp.Root;

    internal string Original(string file)
    {
        string models = Path.Combine(CliFiles.RepoRoot, "models");
        return File.ReadAllText(Path.Combine(models, "networks", file)).Replace("model: ../", "model: " + models + "/", StringComparison.Ordinal);
    }

    public void Dispose() => Tmp.Dispose();
}

/// <summary>
/// Property: random mutations of the valid scenario files (and random `--set` overrides of them and of the built-in
/// scenario) never crash `run`: it ends in exit 0 or in exit 2 with one line `error: FILE: FIELD: rule`, never exit 1 and
/// never an exception out of Cli.Main. Cost is clamped: access and MDI runs get `--set durationS=1e-5` after the
/// mutation (except the cases whose mutation is the duration, at most 1e-4 s), CV runs `--set samples=` at most 2000.
/// The FsCheck replay seed is fixed, so every run draws the same cases.
/// </summary>
[Collection(CliConsoleCollection.Name)]
[Trait("Category", "Property")]
public sealed class CliScenarioMutationPropertyTests(ScenarioFuzzFixture fx, ITestOutputHelper output) : IClassFixture<ScenarioFuzzFixture>
{
    internal const string Splitter = "seed004-fig3a-splitter.yaml", Mdi = "seed002-four-user-mdi.yaml", Cv = "seed000-three-node-cv.yaml";

    [Fact]
    public void MutatedSplitterScenarioEndsInSuccessOrOneLineError() => Check(Splitter, cv: false, cases: 2600, seed: 4004);

    [Fact]
    public void MutatedMdiScenarioEndsInSuccessOrOneLineError() => Check(Mdi, cv: false, cases: 2000, seed: 2002);

    [Fact]
    public void MutatedCvScenarioEndsInSuccessOrOneLineError() => Check(Cv, cv: true, cases: 1500, seed: 1000);

    [Fact]
    public void OverriddenBuiltInScenarioEndsInSuccessOrOneLineError() => Check(null, cv: false, cases: 1600, seed: 7);

    private void Check(string? file, bool cv, int cases, ulong seed)
    {
        string original = fx.Original(file ?? Splitter); // the built-in scenario is seed 004's splitter network
        var paths = YamlCase.PathsOf(original);
        string outDir = fx.Tmp.Sub("out-" + (file ?? "builtin"));
        var tally = new FuzzTally();

        // The unmutated scenario with the clamps runs: the property below starts from a valid input.
        var baseline = Run(file, original, new YamlCase(YamlOp.SetsOnly, 0, "", [], [], true, "json", 2000), outDir, cv);
        Assert.True(baseline.ExitCode == 0, $"the unmutated {file ?? "built-in scenario"} failed: {baseline.Stderr}");
        Directory.Delete(outDir, recursive: true);

        var clock = Stopwatch.StartNew();
        Prop.ForAll(YamlCase.Gen(paths, cv, fileOps: file is not null).ToArbitrary(), (YamlCase c) =>
        {
            if (FuzzKnownFailures.Scenario(c) is not null) { tally.Skipped++; return; } // see FuzzKnownFailures
            CliResult r;
            try { r = Run(file, original, c, outDir, cv); }
            catch (Exception e) { tally.Violation(c.ToString(), $"exception out of Cli.Main: {e.GetType().Name}: {e.Message}"); return; }
            bool left = Directory.Exists(outDir);
            tally.Add(r.ExitCode, left);
            if (left) Directory.Delete(outDir, recursive: true);
            string? v = FuzzOutcome.Violation(r.ExitCode, r.Stderr);
            if (v is not null) tally.Violation(file is null ? c.ToString() : $"{c} [{c.Diff(original)}]", v);
        }).Check(FuzzConfig.With(cases, seed));
        output.WriteLine($"{file ?? "built-in"}: {tally} in {clock.Elapsed.TotalSeconds:F1} s");
        tally.AssertNoViolations(file ?? "built-in scenario");
        Assert.Equal(cases, tally.Cases + tally.Skipped);
        Assert.True(tally.Exit0 > 0 && tally.Exit2 > 0, $"a property that never took both branches: {tally}");
    }

    private CliResult Run(string? file, string original, YamlCase c, string outDir, bool cv)
    {
        var args = new List<string> { "run" };
        if (file is not null)
        {
            string path = Path.Combine(fx.NetworksDir, "fuzz-" + file);
            File.WriteAllBytes(path, c.Apply(original));
            args.Add(path);
        }
        args.AddRange(c.SetArgs());
        if (cv) args.AddRange(["--set", $"samples={c.Samples}"]);
        else if (c.Op != YamlOp.DurationItself) args.AddRange(["--set", "durationS=1e-5"]);
        args.AddRange(["--out", outDir, "--quiet", "--format", c.Format]);
        if (c.NoLog) args.Add("--no-log");
        return CliRunner.Invoke(args.ToArray());
    }
}

/// <summary>
/// Cases the properties found to break the contract, left for a fix in src/ (issue 10). Each is named, with its minimal
/// input, and skipped (counted as skipped in the test output) so the suite stays green; delete a filter once its cause is
/// fixed, and the property checks those cases again. Null: the case is run.
/// </summary>
internal static class FuzzKnownFailures
{
    /// <summary>Scenario inputs that once broke the contract (an undefined alias in --set named no field; an unclosed flow
    /// collection before a comment and a NUL in a model path ended in exit 1; a CV efficiency below ~1e-160 crashed the
    /// covariance check): all fixed at the edge, so no case is excluded any more.</summary>
    public static string? Scenario(YamlCase c) => null;

    /// <summary>
    /// Logs: corrupted manifests once made the summary builders index past their arrays (exit 1); manifests are now
    /// range-checked against the log (issue 10, class 8), so no outcome is excluded any more.
    /// </summary>
    public static string? Log(string violation) => null;
}

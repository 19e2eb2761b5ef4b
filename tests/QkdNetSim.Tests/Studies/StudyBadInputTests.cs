using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Studies;

/// <summary>Bad study files: one line "error: STUDY: FIELD: rule", exit code 2, no output folder, through the CLI.</summary>
[Collection(CliConsoleCollection.Name)]
public sealed class StudyBadInputTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Ap = "receiver.detector.afterpulseProbability";

    public static TheoryData<string, string, string> Cases => new()
    {
        // study text, field, part of the rule
        { "base: builtin\nparameter:\n  x: [1]\n", "parameter", "did you mean 'parameters'?" },
        { "parameters:\n  durationS: [1]\n", "base", "missing" },
        { "base: nothere.yaml\n", "base", "scenario file not found" },
        { "base: builtin\nengine: modle\n", "engine", "did you mean 'model'?" },
        { "base: builtin\nseed: -1\n", "seed", "non-negative integer" },
        { "base: builtin\nrepeats: 0\n", "repeats", "must lie in [1, 100000]" },
        { "base: builtin\nparameters:\n  durationS: {from: 1, to: 2, steps: 0}\n", "parameters.durationS.steps", "must lie in [1, 100000]" },
        { "base: builtin\nparameters:\n  durationS: {from: 1, to: 2}\n", "parameters.durationS.steps", "missing" },
        { "base: builtin\nparameters:\n  durationS: {from: 1, to: 2, step: 3}\n", "parameters.durationS.step", "did you mean 'steps'?" },
        { "base: builtin\nparameters:\n  durationS: {from: 0, to: 2, steps: 3, scale: log}\n", "parameters.durationS.scale", "from > 0" },
        { "base: builtin\nparameters:\n  durationS: {from: 1, to: 2, steps: 3, scale: lin}\n", "parameters.durationS.scale", "expected linear or log" },
        { "base: builtin\nparameters:\n  durationS: {from: 1, to: 1000, steps: 1000}\n  users.0.fibreLengthKm: {from: 1, to: 1000, steps: 1000}\n", "parameters", "more than the limit of 100000" },
        { $"base: builtin\nparameters:\n  {Ap}: [0.1, .nan]\n", $"parameters.{Ap}.1", "must be finite" },
        { $"base: builtin\nparameters:\n  {Ap}: []\n", $"parameters.{Ap}", "empty list" },
        { $"base: builtin\nparameters:\n  {Ap}: [0.1, 0.1]\n", $"parameters.{Ap}", "appears twice" },
        { $"base: builtin\nparameters:\n  {Ap}: [0.1, abc]\n", $"parameters.{Ap}", "mixes numbers" },
        { "base: builtin\nparameters:\n  seed: [1, 2]\n", "parameters.seed", "cannot be swept" },
        { "base: builtin\nset: [seed=4]\n", "set.0", "cannot set the seed" },
        { "base: builtin\nset: [durationS]\n", "set.0", "expected dotted.path=value" },
        { "base: builtin\nzip:\n  users.0.fibreLengthKm: [1, 2]\n  users.1.fibreLengthKm: [1, 2, 3]\n", "zip.users.1.fibreLengthKm", "lengths must be equal" },
        { "base: builtin\nsample:\n  method: sobol\n  count: 3\n  parameters:\n    durationS: {from: 1, to: 2}\n", "sample.method", "expected random or latinHypercube" },
        { "base: builtin\nsample:\n  count: 3\n  parameters:\n    durationS: {from: 1, to: 2, steps: 4}\n", "sample.parameters.durationS.steps", "unknown key" },
        // Point by point through the kind: a value the scenario's validator refuses, an unknown scenario path.
        { $"base: builtin\nset: [durationS=0.001]\nparameters:\n  {Ap}: [0.1, 1.5]\n", $"parameters.{Ap}", $"{Ap}=1.5" },
        { "base: builtin\nparameters:\n  receiver.detector.afterpulseProbabilty: [0.1]\n", "parameters.receiver.detector.afterpulseProbabilty", "unknown key 'afterpulseProbabilty'" },
        { "base: builtin\nset: [receiver.gateRate=1]\n", "set.0", "unknown key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_study_file_is_one_line_naming_the_file_and_field_and_writes_nothing(string yaml, string field, string rule)
    {
        string study = _tmp.Write("study.yaml", yaml);
        string outDir = _tmp.Sub("out");
        var r = CliRunner.Invoke("sweep", study, "--out", outDir, "--quiet");
        string line = CliAssert.BadInput(r, study, field, outDir);
        Assert.Contains(rule, line);
    }

    [Fact]
    public void A_folder_holding_another_study_is_refused_unless_resumed()
    {
        string a = _tmp.Write("a.yaml", "name: a\nbase: builtin\nset: [durationS=0.002, log.enabled=false]\n");
        string b = _tmp.Write("b.yaml", "name: b\nbase: builtin\nset: [durationS=0.003, log.enabled=false]\n");
        string outDir = _tmp.Sub("out");
        Assert.Equal(0, CliRunner.Invoke("sweep", a, "--out", outDir, "--quiet").ExitCode);
        var r = CliRunner.Invoke("sweep", b, "--out", outDir, "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error: {outDir}: --out: holds another study ('a'", Assert.Single(r.StderrLines));
        Assert.Contains("--resume", r.Stderr);
        Assert.Equal(0, CliRunner.Invoke("sweep", b, "--out", outDir, "--quiet", "--resume").ExitCode);

        string plain = _tmp.Write("plain/file.txt", "x");
        var notStudy = CliRunner.Invoke("sweep", a, "--out", Path.GetDirectoryName(plain)!, "--quiet");
        Assert.Equal(2, notStudy.ExitCode);
        Assert.Contains("no study.json", notStudy.Stderr);
    }
}

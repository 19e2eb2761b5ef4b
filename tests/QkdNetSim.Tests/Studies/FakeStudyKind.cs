using QkdNetSim.Analysis;
using QkdNetSim.Core.Random;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Runs;

namespace QkdNetSim.Tests.Studies;

/// <summary>
/// A tiny network kind for study tests, registered under a name of the test's own: a scenario with a seed and a number
/// `x`, `units` units each with a seeded random value, a model engine (no noise), a knob `twice` (sets x to twice its
/// value), and hooks to make a point fail (x == <see cref="FailAtX"/>) or block until cancelled (x == <see cref="BlockAtX"/>).
/// </summary>
internal sealed class FakeStudyKind(string name, bool hasModel = true) : INetworkKind
{
    public string Name => name;

    public string Description => "a study test kind";

    public string? LogFileName => "fake.parquet";

    public string UnitsKey => "users";

    public bool HasModel => hasModel;

    /// <summary>A point with this x throws an analysis error.</summary>
    public double? FailAtX { get; set; }

    /// <summary>A point with this x waits for cancellation (after releasing <see cref="Entered"/>) and returns an interrupted summary.</summary>
    public double? BlockAtX { get; set; }

    public SemaphoreSlim Entered { get; } = new(0);

    /// <summary>How many times Simulate or Model ran.</summary>
    public int Runs;

    public IReadOnlyList<StudyKnob> Knobs =>
    [
        new("twice", "", "sets x to twice the value", IsInteger: false, Minimum: 0, Maximum: 100,
            (_, v) => [$"x={(2 * v).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"]),
    ];

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides)
    {
        var (file, origins) = ScenarioDocument.Bind<FakeScenarioFile>(yaml, path, overrides, KindNames.Spec(Name));
        var rules = new RuleChecker(origins);
        rules.Closed("x", file.X, 0, 1000);
        if (file.Units is < 0 or > 16) rules.Fail("units", "must lie in [0, 16]");
        string canonical = ScenarioDocument.Canonical(file, KindNames.Spec(Name));
        return new FakeScenario(Name, file, ScenarioDocument.Hash(canonical));
    }

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, Action<double>? progress, CancellationToken cancel) =>
        Compute((FakeScenario)scenario, "simulate", cancel);

    public SummaryEnvelope Model(IRunScenario scenario, CancellationToken cancel) => Compute((FakeScenario)scenario, "model", cancel);

    private FakeSummary Compute(FakeScenario s, string engine, CancellationToken cancel)
    {
        Interlocked.Increment(ref Runs);
        if (s.File.X == FailAtX) throw new AnalysisInputException("x", "no key at this x (a test's failing point)");
        bool interrupted = false;
        if (s.File.X == BlockAtX)
        {
            Entered.Release();
            cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            interrupted = true;
        }
        var rng = new RngStreams(s.File.Seed).StreamFor("fake/units");
        var summary = new FakeSummary(Name, s.File.Name, s.ScenarioHash, s.File.Seed) { Engine = engine, X = s.File.X, Interrupted = interrupted };
        for (int i = 0; i < s.File.Units; i++)
        {
            double noise = engine == "model" ? 0 : rng.NextDouble();
            summary.Users.Add(new FakeUnit
            {
                Name = $"u{i}", Value = s.File.X * (i + 1) + noise, Count = (long)(1000 * s.File.X) + i, Pair = [i, 0.5 * i],
                Positive = i % 2 == 0, Note = engine == "model" ? null : "sampled",
            });
        }
        summary.Total = summary.Users.Sum(u => u.Value);
        return summary;
    }

    public string? AnalyzeInput(string target) => null;

    public SummaryEnvelope Analyze(string input, CancellationToken cancel) => throw new NotSupportedException();

    public ResultRows Rows(SummaryEnvelope summary) => ResultColumn<FakeUnit>.Rows("fake", [new("value", "value", u => u.Value)], ((FakeSummary)summary).Users, []);
}

public sealed class FakeScenarioFile
{
    public string Name { get; set; } = "fake";
    public ulong Seed { get; set; } = 1;
    public double X { get; set; } = 1;
    public int Units { get; set; } = 2;
    public LogSpec Log { get; set; } = new() { Enabled = false };
}

internal sealed record FakeScenario(string KindName, FakeScenarioFile File, string ScenarioHash) : IRunScenario
{
    public string Kind => KindName;
    public string Name => File.Name;
    public string Length => "1 step";
    public bool LogEnabled => false;
}

public sealed class FakeRunInfo
{
    public double WallTimeS { get; set; } = 0.001;
    public long Steps { get; set; } = 1;
}

public sealed class FakeUnit
{
    public string Name { get; set; } = "";
    public double Value { get; set; }
    public long Count { get; set; }
    public double[] Pair { get; set; } = [];
    public bool Positive { get; set; }
    public string? Note { get; set; }
}

internal sealed class FakeSummary : SummaryEnvelope<FakeRunInfo>
{
    public FakeSummary(string kind, string name, string hash, ulong seed) : base(kind) => SetIdentity("run", name, hash, seed);

    public double X { get; set; }
    public bool Interrupted { get; set; }
    public List<FakeUnit> Users { get; set; } = [];
    public double Total { get; set; }

    public override bool WasInterrupted() => Interrupted;
}

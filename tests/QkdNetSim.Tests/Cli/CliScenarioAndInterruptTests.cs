using QkdNetSim.Cli;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Cli;

/// <summary>The built-in default scenario equals the seed-004 Fig. 3a network file (apart from name, description, duration).</summary>
public sealed class CliBuiltInScenarioTests
{
    private static readonly string[] SameIdentity =
    [
        "name=compare",
        "description=compare",
        "durationS=0.05",
    ];

    [Fact]
    public void BuiltInDefaultEqualsSeed004Fig3aSplitterFile()
    {
        string file = Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed004-fig3a-splitter.yaml");
        Assert.True(File.Exists(file), file);

        var fromFile = ScenarioLoader.Load(file, SameIdentity);
        var builtIn = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, SameIdentity);

        Assert.Equal(fromFile.CanonicalYaml, builtIn.CanonicalYaml);
        Assert.Equal(fromFile.ScenarioHash, builtIn.ScenarioHash);
    }

    [Fact]
    public void BuiltInDefaultIsTheTwoUserSixtySecondSession()
    {
        var builtIn = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath, []);
        Assert.Equal(BuiltInScenarios.DefaultName, builtIn.Scenario.Name);
        Assert.Equal(60, builtIn.Scenario.DurationS);
        Assert.Equal(2, builtIn.Users.Count);
        Assert.All(builtIn.Users, u => Assert.True(u.Active));
    }
}

/// <summary>A run cancelled part-way still writes a complete, readable log and a summary marked interrupted.</summary>
public sealed class CliInterruptedRunTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void CancelledRunWritesInterruptedSummaryAndACompleteLog()
    {
        const double requested = 2.0;
        var loaded = ScenarioLoader.LoadFromText(BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath,
            ["seed=9", "durationS=2"]);
        string dir = _tmp.Sub("interrupted");
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var summary = (RunSummary)RunPipeline.Execute(loaded, dir, f =>
        {
            if (Interlocked.Increment(ref calls) == 1) cts.Cancel();
        }, cts.Token);

        Assert.True(calls >= 1);
        Assert.True(summary.Run.Interrupted);
        Assert.True(summary.Run.SimulatedTimeS < requested, $"simulated {summary.Run.SimulatedTimeS} s of {requested}");
        Assert.True(summary.Run.SimulatedTimeS > 0);
        Assert.Equal(requested, summary.Run.RequestedDurationS);

        string summaryPath = Path.Combine(dir, RunPipeline.SummaryFileName);
        Assert.True(File.Exists(summaryPath));
        var onDisk = RunSummary.FromJson(File.ReadAllText(summaryPath));
        Assert.True(onDisk.Run.Interrupted);
        Assert.True(onDisk.Run.SimulatedTimeS < requested);
        Assert.Equal(summary.Run.EventsProcessed, onDisk.Run.EventsProcessed);

        // The log is complete (footer, manifest) and holds exactly the events the summary counts.
        string logPath = Path.Combine(dir, DetectionLogSchema.FileName);
        long rows = 0;
        using (var reader = DetectionLogReader.Open(logPath))
        {
            Assert.True(reader.Metadata.ContainsKey(RunManifest.MetadataKey));
            var manifest = RunManifest.FromJson(reader.Metadata[RunManifest.MetadataKey], logPath);
            Assert.True(manifest.Interrupted);
            Assert.Equal(onDisk.Run.SimulatedGates, manifest.SimulatedGates);
            foreach (var chunk in reader.ReadChunks()) rows += chunk.Length;
            Assert.Equal(reader.RowCount, rows);
        }
        Assert.Equal(onDisk.Run.EventsProcessed, rows);
        Assert.True(rows > 0);
        CliAssert.NoTempFiles(dir);

        // Emitted pulses cover the simulated part only.
        foreach (var u in onDisk.Users.Where(u => u.Active))
            Assert.Equal((double)onDisk.Run.SimulatedGates / onDisk.Run.TimeBins, (double)u.EmittedPulses.Sum(), 1.0);

        // And analyze reproduces the interrupted summary from the log alone.
        var again = (RunSummary)AnalyzePipeline.Execute(dir).Summary;
        Assert.True(again.Run.Interrupted);
        Assert.Equal(onDisk.Run.SimulatedTimeS, again.Run.SimulatedTimeS);
        Assert.Equal(onDisk.Run.EventsProcessed, again.Run.EventsProcessed);
    }
}

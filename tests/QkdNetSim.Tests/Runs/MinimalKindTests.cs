using System.Globalization;
using System.Runtime.CompilerServices;
using QkdNetSim.Core.Random;
using QkdNetSim.Data.Log;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Runs;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// A fourth network kind joins in one folder: this test defines a minimal kind (a coin-flip "network" with its own
/// scenario schema, validator, column map, manifest, summary body and result rows) inside the test project, registers it,
/// and drives it through the real CLI's `run` and `analyze` without any change to the run layer, Data or the CLI.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class MinimalKindTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    [Trait("Category", "Statistical")]
    public void AKindRegisteredByATestRunsAndAnalyzesThroughTheCli()
    {
        using var registration = KindRegistry.Register(new CoinKind());
        string scenario = _tmp.Write("coin.yaml", "kind: coinFlips\nname: coins\nseed: 7\nflips: 20000\nheadsProbability: 0.3\nlog:\n  rowGroupSize: 4096\n");
        string dir = _tmp.Sub("run");
        var run = CliRunner.Invoke("run", scenario, "--out", dir, "--quiet", "--set", "headsProbability=0.25");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(Path.Combine(dir, CoinKind.FileName)));
        var fromRun = CliFiles.ReadJson(Path.Combine(dir, "summary.json"));
        Assert.Equal("coinFlips", fromRun["kind"]!.GetValue<string>());
        Assert.Equal("coins", fromRun["scenarioName"]!.GetValue<string>());
        Assert.Equal(7UL, fromRun["seed"]!.GetValue<ulong>());
        long heads = fromRun["heads"]!.GetValue<long>();
        // Binomial(20000, 0.25): mean 5000, sd 61.2; 5 sd is +-306 (fixed seed, so this checks the override took effect).
        Assert.InRange(heads, 5000 - 306, 5000 + 306);
        Assert.Contains("coins", run.Stdout);

        var analyze = CliRunner.Invoke("analyze", dir, "--format", "json");
        Assert.True(analyze.ExitCode == 0, analyze.Stderr);
        var fromLog = CliFiles.ReadJson(Path.Combine(dir, "summary.json"));
        Assert.Equal("analyze", fromLog["command"]!.GetValue<string>());
        Assert.Equal(heads, fromLog["heads"]!.GetValue<long>());
        Assert.Equal(fromRun["scenarioHash"]!.GetValue<string>(), fromLog["scenarioHash"]!.GetValue<string>());
        var rows = System.Text.Json.Nodes.JsonNode.Parse(analyze.Stdout)!.AsArray();
        Assert.Equal(heads, rows[0]!["heads"]!.GetValue<long>());

        // The kind's validator reports what the user typed, through the CLI's one-line error.
        var bad = CliRunner.Invoke("run", scenario, "--out", _tmp.Sub("bad"), "--quiet", "--set", "headsProbability=1.5");
        CliAssert.BadInput(bad, OverrideParser.SourceName, "headsProbability", _tmp.Sub("bad"));
    }

    [Fact]
    public void WithoutRegistrationTheKindIsUnknownAndSuggestsTheRegisteredOnes()
    {
        string scenario = _tmp.Write("coin.yaml", "kind: coinFlips\nname: coins\n");
        var r = CliRunner.Invoke("run", scenario, "--out", _tmp.Sub("x"), "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown scenario kind 'coinFlips'", r.Stderr);
    }
}

/// <summary>The coin-flip kind: every part a kind has, in one small file.</summary>
internal sealed class CoinKind : INetworkKind
{
    public const string FileName = "flips.parquet";

    public string Name => "coinFlips";

    public string Description => "independent coin flips (a test kind)";

    public string? LogFileName => FileName;

    // Scenario schema + validator + loader.
    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides)
    {
        var (file, origins) = ScenarioDocument.Bind<CoinScenarioFile>(yaml, path, overrides, KindNames.Spec(Name));
        var rules = new RuleChecker(origins);
        rules.Closed("headsProbability", file.HeadsProbability, 0, 1);
        if (file.Flips < 0) rules.Fail("flips", $"must be >= 0, got {file.Flips}");
        string canonical = ScenarioDocument.Canonical(file, KindNames.Spec(Name));
        return new CoinScenario(file, ScenarioDocument.Hash(canonical));
    }

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? logTarget, Action<double>? progress, CancellationToken cancel)
    {
        var s = (CoinScenario)scenario;
        var rng = new RngStreams(s.File.Seed).StreamFor("coin/flips");
        using var log = logTarget is null ? null : new CoinLogWriter(logTarget.WritePath, s.File.Log.RowGroupSize);
        long heads = 0;
        var batch = new CoinRecord[1024];
        for (long done = 0; done < s.File.Flips;)
        {
            int n = (int)Math.Min(batch.Length, s.File.Flips - done);
            for (int i = 0; i < n; i++)
            {
                batch[i] = new CoinRecord { Flip = done + i, Heads = rng.Bernoulli(s.File.HeadsProbability) ? 1 : 0 };
                heads += batch[i].Heads;
            }
            log?.AppendRange(batch.AsSpan(0, n));
            done += n;
            progress?.Invoke(done / (double)s.File.Flips);
        }
        var manifest = new CoinManifest(s.File.Name, s.Hash, s.File.Seed, s.File.Flips, s.File.HeadsProbability);
        if (log is not null)
        {
            log.SetMetadata(LogMetadata.ManifestKey, System.Text.Json.JsonSerializer.Serialize(manifest));
            log.Complete();
        }
        return new CoinSummary("run", manifest, heads);
    }

    public string? AnalyzeInput(string target) =>
        Directory.Exists(target) && File.Exists(Path.Combine(target, FileName)) ? Path.Combine(target, FileName) : null;

    public SummaryEnvelope Analyze(string input, CancellationToken cancel)
    {
        using var reader = new CoinLogReader(input);
        var manifest = System.Text.Json.JsonSerializer.Deserialize<CoinManifest>(reader.Manifest!)!;
        long heads = 0;
        foreach (var chunk in reader.ReadChunks())
            foreach (var r in chunk.Span) heads += r.Heads;
        return new CoinSummary("analyze", manifest, heads);
    }

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (CoinSummary)summary;
        return ResultColumn<CoinSummary>.Rows(s.ScenarioName, [
            new("heads", "heads", x => x.Heads, x => x.Heads.ToString(CultureInfo.InvariantCulture)),
            new("headsFraction", "fraction", x => x.HeadsFraction, x => x.HeadsFraction.ToString("F4", CultureInfo.InvariantCulture)),
        ], [s], []);
    }
}

public sealed class CoinScenarioFile
{
    public string Name { get; set; } = "coins";
    public ulong Seed { get; set; } = 1;
    public long Flips { get; set; } = 1000;
    public double HeadsProbability { get; set; } = 0.5;
    public LogSpec Log { get; set; } = new();
}

internal sealed record CoinScenario(CoinScenarioFile File, string Hash) : IRunScenario
{
    public string Kind => "coinFlips";
    public string Name => File.Name;
    public string Length => $"{File.Flips} flips";
    public bool LogEnabled => File.Log.Enabled;
}

public sealed record CoinManifest(string ScenarioName, string ScenarioHash, ulong Seed, long Flips, double HeadsProbability);

internal sealed class CoinSummary : SummaryEnvelope<CoinRunInfo>
{
    public CoinSummary(string command, CoinManifest m, long heads) : base("coinFlips")
    {
        SetIdentity(command, m.ScenarioName, m.ScenarioHash, m.Seed);
        Flips = m.Flips;
        Heads = heads;
        HeadsFraction = m.Flips > 0 ? (double)heads / m.Flips : 0;
    }

    public long Flips { get; set; }
    public long Heads { get; set; }
    public double HeadsFraction { get; set; }

    public override bool WasInterrupted() => false;
}

public sealed class CoinRunInfo
{
    public double WallTimeS { get; set; }
}

public struct CoinRecord
{
    public long Flip;
    public int Heads;
}

public readonly struct CoinColumns : IRecordColumnMap<CoinRecord>
{
    public static LogSchema Schema { get; } = new(CoinKind.FileName, [LogColumn.Int64("flip"), LogColumn.Int32("heads", 0, 1)]);

    public static ulong HashSeed => 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong state, in CoinRecord row) => ((state ^ (ulong)row.Flip) * 0xBF58476D1CE4E5B9UL ^ (ulong)row.Heads) * 0x94D049BB133111EBUL;

    public static ulong Fill(ReadOnlySpan<CoinRecord> rows, ColumnBuffers to, int at, ulong hashState)
    {
        var flip = to.Int64(0).AsSpan(at, rows.Length);
        var heads = to.Int32(1).AsSpan(at, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            flip[i] = rows[i].Flip;
            heads[i] = rows[i].Heads;
            hashState = Hash(hashState, in rows[i]);
        }
        return hashState;
    }

    public static void Drain(ColumnBuffers from, Span<CoinRecord> rows)
    {
        for (int i = 0; i < rows.Length; i++) rows[i] = new CoinRecord { Flip = from.Int64(0)[i], Heads = from.Int32(1)[i] };
    }
}

internal sealed class CoinLogWriter(string path, int rowGroupSizeRows)
    : RecordLogWriter<CoinRecord, CoinColumns>(path, new Dictionary<string, string>(), rowGroupSizeRows);

internal sealed class CoinLogReader(string path) : RecordLogReader<CoinRecord, CoinColumns>(path);

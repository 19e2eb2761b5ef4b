using System.Security.Cryptography;
using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Core;
using QkdNetSim.Protocols.Cv;
using QkdNetSim.Runs.Cv;

namespace QkdNetSim.Tests.Protocols.Cv;

/// <summary>
/// The CV sample engine (one step = one round) under the event kernel: whole-block generation whatever the kernel's
/// horizons, exact hand-over at the end of a session inside a block, and the same bytes and sums for every progress
/// granularity. Deterministic (fixed seeds); expected values come from a direct, kernel-free generation of the same seed.
/// </summary>
public sealed class CvSampleEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cvengine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Two Bobs behind the seed-000 splitter (values as in models/networks/seed000-three-node-cv.yaml).</summary>
    private static CvUserChannel[] TwoUsers() => CvBroadcastChannel.Build(25,
    [
        new CvDropSpec(DropFibreKm: 5, ExcessNoiseSnu: 0.085, DetectorEfficiency: 0.502, ElectronicNoiseSnu: 0),
        new CvDropSpec(DropFibreKm: 5, ExcessNoiseSnu: 0.103, DetectorEfficiency: 0.485, ElectronicNoiseSnu: 0.1),
    ]);

    private static CvSampleGenerator Generator(ulong seed) => new(CvModulation.Gaussian(2.33), TwoUsers(), seed);

    /// <summary>Every hand-over as (first round, rounds) and every round's values, in the order received.</summary>
    private sealed class RecordingSink : ICvBlockSink
    {
        public List<(long First, int Rounds)> Blocks { get; } = new();
        public List<double> AliceX { get; } = new();
        public List<double>[] BobP { get; } = [new(), new()];

        public void OnBlock(long firstRound, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX,
            ReadOnlySpan<double> bobP)
        {
            int n = aliceX.Length;
            Blocks.Add((firstRound, n));
            AliceX.AddRange(aliceX.ToArray());
            for (int i = 0; i < 2; i++) BobP[i].AddRange(bobP.Slice(i * n, n).ToArray());
        }
    }

    /// <summary>Rounds 0..n-1 of the seed generated in one block, straight from the generator (no engine).</summary>
    private static (double[] AliceX, double[][] BobP) Direct(ulong seed, int n)
    {
        var g = Generator(seed);
        var ax = new double[n];
        var ap = new double[n];
        var bx = new double[2 * n];
        var bp = new double[2 * n];
        g.NextBlock(ax, ap, bx, bp);
        return (ax, [bp[..n], bp[n..]]);
    }

    [Fact]
    public void EngineGeneratesWholeAlignedBlocksWhateverTheHorizons()
    {
        var sink = new RecordingSink();
        var engine = new CvSampleEngine(Generator(5), 350, [sink], blockRounds: 100);
        foreach (long horizon in new long[] { 1, 7, 99, 100, 101, 250, 299, 350 })
        {
            engine.AdvanceTo(horizon);
            Assert.Equal(horizon, engine.ProcessedUntilStep); // the kernel may stop the engine at any round
        }
        engine.Flush();
        // Blocks of 100 aligned to round 0, the last one the 50 remaining rounds: never split at a horizon.
        Assert.Equal(new (long, int)[] { (0L, 100), (100L, 100), (200L, 100), (300L, 50) }, sink.Blocks);
        var (ax, bp) = Direct(5, 350); // the generator's draws do not depend on the block size
        Assert.Equal(ax, sink.AliceX);
        for (int i = 0; i < 2; i++) Assert.Equal(bp[i], sink.BobP[i]);
    }

    [Fact]
    public void FlushInsideABlockHandsOverExactlyTheRoundsProcessedAndTheEngineCanResume()
    {
        var sink = new RecordingSink();
        var engine = new CvSampleEngine(Generator(6), 300, [sink], blockRounds: 100);
        engine.AdvanceTo(130);
        engine.Flush();
        Assert.Equal(new (long, int)[] { (0L, 100), (100L, 30) }, sink.Blocks);
        Assert.Equal(130, sink.AliceX.Count);
        engine.AdvanceTo(250);
        engine.Flush();
        Assert.Equal(new (long, int)[] { (0L, 100), (100L, 30), (130L, 70), (200L, 50) }, sink.Blocks);
        // Each round exactly once and in order; Bob 2's values (user-major, compacted for the partial hand-overs) too.
        var (ax, bp) = Direct(6, 250);
        Assert.Equal(ax, sink.AliceX);
        for (int i = 0; i < 2; i++) Assert.Equal(bp[i], sink.BobP[i]);
    }

    [Fact]
    public void CancelledSessionKeepsWholeRoundsAndHandsOverExactlyThose()
    {
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        var session = new CvNetworkSession(Generator(7), 1_000, 1_000, [sink], blockRounds: 400);
        var r = session.Run(_ => cts.Cancel(), cts.Token, progressSteps: 8);
        Assert.True(r.Interrupted);
        Assert.Equal(1_000 / 8, r.SimulatedRounds); // the first monitor tick is at 1/8 of the session
        Assert.Equal(r.SimulatedRounds * 1_000, r.SimulatedTimePs);
        Assert.Equal(new (long, int)[] { (0L, (int)r.SimulatedRounds) }, sink.Blocks);
        Assert.Equal(Direct(7, (int)r.SimulatedRounds).AliceX, sink.AliceX);
    }

    /// <summary>A full session's log SHA-256, per-user sums and network moments at one progress granularity.</summary>
    private (string LogSha, CvMomentAccumulator[] Users, double[] Network, CvSessionResult Result) Session(long rounds, int progressSteps)
    {
        string path = Path.Combine(_dir, $"p{progressSteps}-{CvSampleLogSchema.FileName}");
        var network = new CvNetworkMomentAccumulator(2);
        var moments = new CvMomentSink(2, network);
        CvSessionResult result;
        using (var log = new CvSampleLogWriter(path, new Dictionary<string, string> { ["k"] = "v" }, 1 << 16))
        {
            result = new CvNetworkSession(Generator(8), rounds, 1_000, CvSampleRunner.Sinks(moments, log)).Run(progressSteps: progressSteps);
            log.Complete();
        }
        var m = new double[network.PairCount];
        network.Moments(m);
        return (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), moments.Users, m, result);
    }

    [Fact]
    public void SessionGivesByteIdenticalLogsAndIdenticalSumsForAnyProgressGranularity()
    {
        // 150 000 rounds = 2 whole blocks + 18 928; 200 progress steps put a kernel horizon every 750 rounds (inside
        // blocks), 7 steps every 21 428.57 rounds (not a divisor), 1 step only at the end.
        const long rounds = 150_000;
        var runs = new[] { 1, 7, 200 }.Select(p => Session(rounds, p)).ToArray();
        Assert.True(runs[2].Result.KernelEvents > 200, $"{runs[2].Result.KernelEvents} kernel events: the horizons must be fine");
        // Reference: the same seed straight through (no kernel), whole blocks.
        string refPath = Path.Combine(_dir, "direct-" + CvSampleLogSchema.FileName);
        var refNetwork = new CvNetworkMomentAccumulator(2);
        CvMomentAccumulator[] refUsers;
        using (var log = new CvSampleLogWriter(refPath, new Dictionary<string, string> { ["k"] = "v" }, 1 << 16))
        {
            refUsers = CvSampleRunner.Run(Generator(8), rounds, log, refNetwork);
            log.Complete();
        }
        string refSha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(refPath)));
        var refMoments = new double[refNetwork.PairCount];
        refNetwork.Moments(refMoments);
        foreach (var run in runs)
        {
            Assert.False(run.Result.Interrupted);
            Assert.Equal(rounds, run.Result.SimulatedRounds);
            Assert.Equal(rounds * 1e-9, run.Result.SimulatedTimeS, 1e-15);
            Assert.Equal(refSha, run.LogSha);
            Assert.Equal(refMoments, run.Network); // bit for bit
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(refUsers[i].Count, run.Users[i].Count);
                Assert.Equal(refUsers[i].SumAB, run.Users[i].SumAB);
                Assert.Equal(refUsers[i].SumBB, run.Users[i].SumBB);
                Assert.Equal(refUsers[i].SumAAAA, run.Users[i].SumAAAA);
            }
        }
    }

    [Fact]
    public void SymbolRateSetsTheRoundPeriodAndIsAbsentFromTheCanonicalYamlUnlessGiven()
    {
        const string yaml = "kind: cvNetwork\nsamples: 3000\nusers: [{efficiency: 0.5}]\nlog: {enabled: false}\n";
        var plain = CvScenarioLoader.LoadFromText(yaml, "s.yaml");
        Assert.DoesNotContain("symbolRateHz", plain.CanonicalYaml); // existing scenarios keep their canonical text and hash
        var run = CvSimulation.Simulate(plain, null);
        Assert.Equal(3000 * 1e-9, run.Run.SimulatedTimeS!.Value, 1e-15); // default 1 GBaud (seed 000)
        Assert.True(run.Run.KernelEvents > 0);

        var slow = CvScenarioLoader.LoadFromText(yaml, "s.yaml", ["symbolRateHz=40e6"]);
        Assert.Contains("symbolRateHz: 40000000", slow.CanonicalYaml);
        Assert.NotEqual(plain.ScenarioHash, slow.ScenarioHash);
        var slowRun = CvSimulation.Simulate(slow, null);
        Assert.Equal(3000 * 25e-9, slowRun.Run.SimulatedTimeS!.Value, 1e-15); // 40 MBaud: 25 ns per round
        Assert.Equal(run.Users[0].Transmittance, slowRun.Users[0].Transmittance); // the rate changes time, not samples
    }

    [Fact]
    public void CtrlCInALongRunStopsWithinABoundedNumberOfRounds()
    {
        // 4e8 rounds: 200 ticks per session would check for Ctrl+C only every 2e6 rounds; the run caps the stretch at
        // 2^20 rounds, so a cancel at the first progress report keeps at most that many (and the engine draws at most
        // one 65 536-round block beyond it).
        var loaded = CvScenarioLoader.LoadFromText("kind: cvNetwork\nsamples: 400000000\nusers: [{efficiency: 0.5}]\nlog: {enabled: false}\n", "s.yaml");
        using var cts = new CancellationTokenSource();
        var run = CvSimulation.Simulate(loaded, null, _ => cts.Cancel(), cts.Token);
        Assert.True(run.Interrupted);
        Assert.InRange(run.Rounds, 1, CvSimulation.MaxRoundsPerProgressTick);
    }

    [Theory]
    [InlineData("symbolRateHz: 0")]
    [InlineData("symbolRateHz: .nan")]
    [InlineData("symbolRateHz: 2e12")] // period below 1 ps
    [InlineData("symbolRateHz: 1\nsamples: 10000000")] // 1e7 s of kernel time, beyond 100 days
    [InlineData("symbolRateHz: 1e-300")] // 1e300 s per round: must not overflow the check
    public void Bad_symbol_rate_is_an_input_error(string line)
    {
        var e = Assert.Throws<InputError>(() => CvScenarioLoader.LoadFromText($"kind: cvNetwork\n{line}\nusers: [{{efficiency: 0.5}}]\n", "s.yaml"));
        Assert.Equal("symbolRateHz", e.Field);
        Assert.Equal("s.yaml", e.File);
    }
}

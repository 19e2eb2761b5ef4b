using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Runs the sample generator straight through (no kernel, no progress) into per-user moment accumulators, the optional
/// network accumulator and the optional sample log: the same engine and sinks as a `run`
/// (<see cref="CvSimulation"/> drives them under the event kernel), for the convergence experiments and tests.
/// </summary>
public static class CvSampleRunner
{
    /// <summary>Rounds per generation block (<see cref="CvSampleEngine.BlockRounds"/>).</summary>
    public const int BlockRounds = CvSampleEngine.BlockRounds;

    /// <summary>
    /// Generates <paramref name="rounds"/> rounds; returns one accumulator per user and fills <paramref name="network"/>
    /// if given.
    /// </summary>
    public static CvMomentAccumulator[] Run(CvSampleGenerator generator, long rounds, CvSampleLogWriter? log = null,
        CvNetworkMomentAccumulator? network = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        var moments = new CvMomentSink(generator.UserCount, network);
        var engine = new CvSampleEngine(generator, rounds, Sinks(moments, log));
        engine.AdvanceTo(rounds);
        engine.Flush();
        return moments.Users;
    }

    /// <summary>The sinks of a run: the moments, then the log if one is written.</summary>
    public static ICvBlockSink[] Sinks(CvMomentSink moments, CvSampleLogWriter? log) =>
        log is null ? [moments] : [moments, new CvLogSink(log)];
}

/// <summary>
/// Per-user moment accumulators (Alice with each Bob) and the optional network accumulator of the round vector
/// (a, y_1..y_N), fed block by block in round order (bit-identical to adding the rows one by one).
/// </summary>
public sealed class CvMomentSink : ICvBlockSink
{
    public CvMomentSink(int userCount, CvNetworkMomentAccumulator? network = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(userCount, 1);
        if (network is not null && network.UserCount != userCount)
            throw new ArgumentException($"network accumulator has {network.UserCount} users, generator {userCount}", nameof(network));
        Users = new CvMomentAccumulator[userCount];
        for (int i = 0; i < userCount; i++) Users[i] = new CvMomentAccumulator();
        Network = network;
    }

    /// <summary>One accumulator per user.</summary>
    public CvMomentAccumulator[] Users { get; }

    public CvNetworkMomentAccumulator? Network { get; }

    public void OnBlock(long firstRound, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX,
        ReadOnlySpan<double> bobP)
    {
        int n = aliceX.Length;
        Network?.AddBlock(firstRound, aliceX, aliceP, bobX, bobP);
        for (int i = 0; i < Users.Length; i++) Users[i].AddBlock(aliceX, aliceP, bobX.Slice(i * n, n), bobP.Slice(i * n, n));
    }
}

/// <summary>Writes each block to cv_samples.parquet user-major: the block's rows of user 0, then user 1, ...</summary>
public sealed class CvLogSink(CvSampleLogWriter log) : ICvBlockSink
{
    public void OnBlock(long firstRound, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX,
        ReadOnlySpan<double> bobP)
    {
        int n = aliceX.Length;
        if (n == 0) return;
        int users = bobX.Length / n;
        for (int i = 0; i < users; i++) log.AppendBlock(firstRound, i, aliceX, aliceP, bobX.Slice(i * n, n), bobP.Slice(i * n, n));
    }
}

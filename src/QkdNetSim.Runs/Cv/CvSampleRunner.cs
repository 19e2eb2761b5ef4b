using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Runs the sample generator in fixed blocks into per-user moment accumulators (and optionally a sample log), reusing
/// one set of block arrays: memory is O(block), not O(rounds). The optional network accumulator receives every round's
/// vector (a, y_1..y_N) for the cross-user covariance matrix.
/// </summary>
public static class CvSampleRunner
{
    /// <summary>Rounds per block (8 doubles x users per round of buffers).</summary>
    public const int BlockRounds = 1 << 16;

    /// <summary>
    /// Generates <paramref name="rounds"/> rounds; returns one accumulator per user and fills <paramref name="network"/> if
    /// given. Cancellation stops at a block boundary: everything accumulated (and logged) so far is kept and consistent.
    /// </summary>
    public static CvMomentAccumulator[] Run(CvSampleGenerator generator, long rounds, CvSampleLogWriter? log = null,
        CvNetworkMomentAccumulator? network = null, Action<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        int users = generator.UserCount;
        if (network is not null && network.UserCount != users)
            throw new ArgumentException($"network accumulator has {network.UserCount} users, generator {users}", nameof(network));
        var acc = new CvMomentAccumulator[users];
        for (int i = 0; i < users; i++) acc[i] = new CvMomentAccumulator();
        int cap = (int)Math.Min(BlockRounds, Math.Max(1, rounds));
        var ax = new double[cap];
        var ap = new double[cap];
        var bx = new double[cap * users];
        var bp = new double[cap * users];
        long done = 0;
        while (done < rounds && !cancel.IsCancellationRequested)
        {
            int n = (int)Math.Min(cap, rounds - done);
            long first = generator.RoundsGenerated;
            generator.NextBlock(ax.AsSpan(0, n), ap.AsSpan(0, n), bx.AsSpan(0, n * users), bp.AsSpan(0, n * users));
            network?.AddBlock(first, ax.AsSpan(0, n), ap.AsSpan(0, n), bx.AsSpan(0, n * users), bp.AsSpan(0, n * users));
            for (int i = 0; i < users; i++)
            {
                var bxi = bx.AsSpan(i * n, n);
                var bpi = bp.AsSpan(i * n, n);
                acc[i].AddBlock(ax.AsSpan(0, n), ap.AsSpan(0, n), bxi, bpi);
                log?.AppendBlock(first, i, ax.AsSpan(0, n), ap.AsSpan(0, n), bxi, bpi);
            }
            done += n;
            progress?.Invoke(done / (double)rounds);
        }
        return acc;
    }
}

using System.Runtime.CompilerServices;

namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Streaming second moments of one broadcast round's vector v = (a, y_1, ..., y_N): Alice's displacement quadrature a
/// and every Bob's heterodyne quadrature y_i (SNU), x and p pooled (each round adds the x vector and the p vector; the
/// channel is phase-insensitive, seed 000 Methods C, Eq. 24's standard form), so cross-user covariances Cov(y_i, y_j)
/// are measured, not assumed. Means are known to be zero (centred constellation, no carrier): raw sums of v_j v_k.
/// <para>
/// The sums are kept separately for <see cref="BatchCount"/> = 16 interleaved batches (batch = round index mod 16).
/// Why batches: the network key rate K_ABi (seed 000 Eqs. 21-25) is a complicated function of the whole (N+1)-mode
/// matrix (heterodyne conditioning, symplectic spectra of a (2N+1)-mode state), so a delta-method error would need its
/// gradient in (N+1)(N+2)/2 moments and their joint fourth-moment covariance. Rounds are i.i.d., so the batches are
/// independent replicates and the spread of ANY function of the moments across them gives its standard error, correlations
/// between entries included, with no derivative. The estimators use the delete-one-batch (grouped) jackknife over these
/// batches (<see cref="MomentsWithoutBatch"/>): for statistics linear in the moments it equals the batch-means se
/// sd / sqrt(16) exactly (equal batch sizes), and it evaluates the function on 15/16 of the data instead of 1/16. That matters
/// here: two symplectic eigenvalues of gamma_{A B1 B2} of the seed-000 3-node network are 1 + O(T xi) (only the combination
/// sqrt(T1) B1 + sqrt(T2) B2 carries Alice's signal), so single batches of 6e5 rounds gave unphysical matrices (nu = 0.999)
/// at 1e7 rounds, where the point estimate and every 15/16 replicate are physical (measured).
/// Interleaving by round index makes the batches equal in size (to one round) and independent of block and row-group
/// layout, so a run and an analysis of its log fill the same batches.
/// </para>
/// Add and AddBlock are allocation-free and add in round order with the same arithmetic, so accumulating a log row by
/// row reproduces a run's block-wise sums bit for bit. Merge combines shards.
/// </summary>
public sealed class CvNetworkMomentAccumulator
{
    /// <summary>B: number of interleaved batches (round index mod B).</summary>
    public const int BatchCount = 16;

    private readonly long[] _rounds = new long[BatchCount];
    private readonly double[] _sums; // [batch * PairCount + packed (j, k), j <= k]
    private readonly double[] _vx, _vp; // scratch of one round's vector (no allocation per round)

    public CvNetworkMomentAccumulator(int userCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(userCount, 1);
        UserCount = userCount;
        Dimension = userCount + 1;
        PairCount = Dimension * (Dimension + 1) / 2;
        _sums = new double[BatchCount * PairCount];
        _vx = new double[Dimension];
        _vp = new double[Dimension];
    }

    /// <summary>Number of Bobs N.</summary>
    public int UserCount { get; }

    /// <summary>N + 1: length of v = (a, y_1..y_N).</summary>
    public int Dimension { get; }

    /// <summary>(N+1)(N+2)/2: number of distinct products v_j v_k.</summary>
    public int PairCount { get; }

    /// <summary>Rounds added in total.</summary>
    public long Rounds
    {
        get
        {
            long s = 0;
            foreach (long r in _rounds) s += r;
            return s;
        }
    }

    /// <summary>Rounds added to batch <paramref name="batch"/>.</summary>
    public long BatchRounds(int batch) => _rounds[batch];

    /// <summary>Index of the product v_j v_k (j, k in 0..N; 0 is Alice) in a packed moment vector.</summary>
    public int PairIndex(int j, int k)
    {
        if (j > k) (j, k) = (k, j);
        return j * Dimension - j * (j - 1) / 2 + (k - j);
    }

    /// <summary>Batch of a round: round index mod B (non-negative).</summary>
    public static int BatchOf(long round) => (int)(((round % BatchCount) + BatchCount) % BatchCount);

    /// <summary>
    /// Adds one round: Alice's (x, p) and every user's (x, p) (spans of length N, user order). Allocation-free.
    /// </summary>
    public void Add(long round, double aliceX, double aliceP, ReadOnlySpan<double> bobX, ReadOnlySpan<double> bobP)
    {
        if (bobX.Length != UserCount || bobP.Length != UserCount)
            throw new ArgumentException($"bobX and bobP need one value per user ({UserCount})");
        _vx[0] = aliceX;
        _vp[0] = aliceP;
        for (int i = 0; i < UserCount; i++)
        {
            _vx[i + 1] = bobX[i];
            _vp[i + 1] = bobP[i];
        }
        AddVector(BatchOf(round));
    }

    /// <summary>
    /// Adds <c>aliceX.Length</c> rounds starting at round <paramref name="firstRound"/> in the layout of
    /// Protocols.Cv.CvSampleGenerator.NextBlock: Bob arrays user-major, Bob i's round r at index i * n + r.
    /// </summary>
    public void AddBlock(long firstRound, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX,
        ReadOnlySpan<double> bobP)
    {
        int n = aliceX.Length;
        if (aliceP.Length != n || bobX.Length != n * UserCount || bobP.Length != n * UserCount)
            throw new ArgumentException("aliceX, aliceP need equal lengths n; bobX, bobP need UserCount * n");
        for (int r = 0; r < n; r++)
        {
            _vx[0] = aliceX[r];
            _vp[0] = aliceP[r];
            for (int i = 0; i < UserCount; i++)
            {
                _vx[i + 1] = bobX[i * n + r];
                _vp[i + 1] = bobP[i * n + r];
            }
            AddVector(BatchOf(firstRound + r));
        }
    }

    /// <summary>The one place sums are updated (x product, then p product), so Add and AddBlock agree bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddVector(int batch)
    {
        var s = _sums.AsSpan(batch * PairCount, PairCount);
        int idx = 0;
        for (int j = 0; j < Dimension; j++)
        {
            double xj = _vx[j], pj = _vp[j];
            for (int k = j; k < Dimension; k++, idx++)
            {
                double sum = s[idx];
                sum += xj * _vx[k];
                sum += pj * _vp[k];
                s[idx] = sum;
            }
        }
        _rounds[batch]++;
    }

    /// <summary>Adds another accumulator's sums (shards of the same network; batches matched by index).</summary>
    public void Merge(CvNetworkMomentAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.UserCount != UserCount) throw new ArgumentException($"user counts differ ({other.UserCount} vs {UserCount})", nameof(other));
        for (int b = 0; b < BatchCount; b++) _rounds[b] += other._rounds[b];
        for (int i = 0; i < _sums.Length; i++) _sums[i] += other._sums[i];
    }

    /// <summary>
    /// Pooled raw second moments &lt;v_j v_k&gt; over all batches (packed, <see cref="PairIndex"/>; 2 quadrature vectors per
    /// round). Writes into <paramref name="destination"/> (length PairCount). NaN when empty.
    /// </summary>
    public void Moments(Span<double> destination)
    {
        CheckDestination(destination);
        double pairs = 2.0 * Rounds;
        for (int p = 0; p < PairCount; p++)
        {
            double s = 0;
            for (int b = 0; b < BatchCount; b++) s += _sums[b * PairCount + p];
            destination[p] = s / pairs;
        }
    }

    /// <summary>Raw second moments of one batch (packed). NaN when the batch is empty.</summary>
    public void BatchMoments(int batch, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, BatchCount);
        CheckDestination(destination);
        double pairs = 2.0 * _rounds[batch];
        for (int p = 0; p < PairCount; p++) destination[p] = _sums[batch * PairCount + p] / pairs;
    }

    /// <summary>
    /// Raw second moments of all batches except <paramref name="batch"/> (packed): the delete-one-batch jackknife replicate.
    /// NaN when no other batch has rounds.
    /// </summary>
    public void MomentsWithoutBatch(int batch, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, BatchCount);
        CheckDestination(destination);
        double pairs = 2.0 * (Rounds - _rounds[batch]);
        for (int p = 0; p < PairCount; p++)
        {
            double s = 0;
            for (int b = 0; b < BatchCount; b++)
                if (b != batch) s += _sums[b * PairCount + p];
            destination[p] = s / pairs;
        }
    }

    /// <summary>
    /// Delete-one-batch jackknife standard error from the B replicates theta_(b) (one per left-out batch):
    /// sqrt((B - 1)/B sum_b (theta_(b) - mean)^2) (Efron &amp; Tibshirani, An Introduction to the Bootstrap (1993), Eq. 11.5).
    /// </summary>
    public static double JackknifeStandardError(ReadOnlySpan<double> replicates)
    {
        int b = replicates.Length;
        if (b < 2) return double.NaN;
        double mean = 0;
        foreach (double x in replicates) mean += x;
        mean /= b;
        double ss = 0;
        foreach (double x in replicates) ss += (x - mean) * (x - mean);
        return Math.Sqrt((b - 1.0) / b * ss);
    }

    private void CheckDestination(Span<double> destination)
    {
        if (destination.Length != PairCount) throw new ArgumentException($"destination needs length {PairCount}", nameof(destination));
    }
}

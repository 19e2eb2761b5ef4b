using QkdNetSim.Analysis;

namespace QkdNetSim.Runs.Access;

/// <summary>One active user's observed counts in one block: clicked gates per intensity, sifted and error gates per basis and intensity.</summary>
public sealed record UserBlockCounts(long[] Detections, long[][] Sifted, long[][] Errors);

/// <summary>
/// One block of gates [<paramref name="StartGate"/>, <paramref name="EndGate"/>) and the counts of each active user in it
/// (in <see cref="TimeSeriesTally.Users"/> order); <paramref name="Interrupted"/> when a cancelled run stopped inside it.
/// </summary>
public sealed record BlockCounts(int Block, long StartGate, long EndGate, bool Interrupted, UserBlockCounts[] Users);

/// <summary>
/// The per-block counts of a run, fed with every clicked gate as the summary's tally is (<see cref="RunSinks"/>): the
/// current block is an ordinary <see cref="DetectionTally"/> (the summary's counting rules, squashing included, in one
/// home), closed into a <see cref="BlockCounts"/> when a gate crosses the block's end, so memory per block is a few
/// numbers per user and nothing is allocated per click. Block j covers gates [j B, min((j+1) B, session gates)) with
/// B = round(blockS x gateRateHz); the last block of a session may be shorter, and a cancelled run's block ends at the
/// last simulated gate (marked interrupted).
/// </summary>
public sealed class TimeSeriesTally
{
    private readonly long _blockGates, _sessionGates;
    private readonly List<BlockCounts> _blocks = [];
    private DetectionTally _current = new();
    private long _currentStart;

    /// <param name="users">Indices of the active users, in row order.</param>
    /// <param name="levels">Intensity levels of each of <paramref name="users"/>.</param>
    public TimeSeriesTally(IReadOnlyList<int> users, IReadOnlyList<int> levels, long blockGates, long sessionGates)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockGates, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sessionGates);
        if (users.Count != levels.Count) throw new ArgumentException("one level count per user", nameof(levels));
        Users = users.ToArray();
        Levels = levels.ToArray();
        _blockGates = blockGates;
        _sessionGates = sessionGates;
    }

    /// <summary>The active users' indices, in the order of each block's <see cref="BlockCounts.Users"/>.</summary>
    public IReadOnlyList<int> Users { get; }

    public IReadOnlyList<int> Levels { get; }

    public long BlockGates => _blockGates;

    /// <summary>The blocks closed so far (all of them after <see cref="Complete"/>).</summary>
    public IReadOnlyList<BlockCounts> Blocks => _blocks;

    /// <summary>One clicked gate, as the engine's gate observer gets it (gates in increasing order).</summary>
    public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask)
    {
        while (gate >= _currentStart + _blockGates) Close(_currentStart + _blockGates, interrupted: false);
        _current.AddGate(gate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, (detectorMask & 1) + (detectorMask >> 1));
    }

    /// <summary>
    /// <paramref name="count"/> clicked gates of a span ending before <paramref name="endGate"/>, as a count-drawing engine
    /// reports them (<see cref="QkdNetSim.Protocols.AccessNetwork.IGateCountObserver"/>); the span must lie inside one block
    /// (the block-sampling engine cuts its spans at block boundaries), so it is counted in the block of gate endGate - 1.
    /// </summary>
    public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
    {
        while (endGate - 1 >= _currentStart + _blockGates) Close(_currentStart + _blockGates, interrupted: false);
        _current.AddGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
    }

    /// <summary>Closes every block up to <paramref name="simulatedGates"/>, the last one interrupted when it ends before its planned end.</summary>
    public IReadOnlyList<BlockCounts> Complete(long simulatedGates)
    {
        while (_currentStart < simulatedGates)
        {
            long planned = Math.Min(_currentStart + _blockGates, _sessionGates);
            long end = Math.Min(planned, simulatedGates);
            Close(end, interrupted: end < planned);
        }
        return _blocks;
    }

    /// <summary>
    /// Closes every block up to <paramref name="simulatedGates"/> from tallies made elsewhere (the epochs of a parallel
    /// session, <see cref="EpochSinks"/>): block j's counts are <paramref name="block"/>(j), read by the same rules.
    /// </summary>
    public IReadOnlyList<BlockCounts> CompleteFrom(Func<long, DetectionTally> block, long simulatedGates)
    {
        while (_currentStart < simulatedGates)
        {
            _current = block(_blocks.Count);
            long planned = Math.Min(_currentStart + _blockGates, _sessionGates);
            long end = Math.Min(planned, simulatedGates);
            Close(end, interrupted: end < planned);
        }
        return _blocks;
    }

    private void Close(long end, bool interrupted)
    {
        _current.Complete();
        var counts = new TallyCounts(_current); // the summary's view of a tally, so a block's counts are read as the run's
        var users = new UserBlockCounts[Users.Count];
        for (int a = 0; a < users.Length; a++)
        {
            int u = Users[a], levels = Levels[a];
            users[a] = new UserBlockCounts(
                Enumerable.Range(0, levels).Select(k => counts.ClickedGates(u, k)).ToArray(), counts.Sifted(u, levels), counts.Errors(u, levels));
        }
        _blocks.Add(new BlockCounts(_blocks.Count, _currentStart, end, interrupted, users));
        _currentStart = end;
        _current = new DetectionTally();
    }
}

using QkdNetSim.Analysis;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// What one epoch of a tally-only session feeds (<see cref="EpochSessionRunner"/>): the summary's tally and, when the run
/// writes a time series of several blocks, one tally per block. Gates and counts may come in any order; epochs combine by
/// <see cref="Accumulate"/>.
/// </summary>
public sealed class EpochSinks : IGateObserver, IGateCountObserver
{
    private readonly long _blockGates;
    private readonly Dictionary<long, DetectionTally>? _blocks;
    private readonly bool _oneBlock;
    private long _lastBlock = -1; // the block of the last gates, and its tally: counts come in gate order within a run
    private DetectionTally? _lastTally;

    /// <param name="blockGates">Gates per time-series block; 0: no per-block tallies.</param>
    /// <param name="sessionGates">The session's gates: a block that holds them all is the session's own tally, kept once.</param>
    public EpochSinks(long blockGates, long sessionGates = long.MaxValue)
    {
        _blockGates = blockGates;
        _oneBlock = blockGates > 0 && blockGates >= sessionGates;
        _blocks = blockGates > 0 && !_oneBlock ? new() : null;
    }

    public DetectionTally Tally { get; } = new();

    /// <summary>The tally of block <paramref name="block"/> (empty if nothing clicked in it).</summary>
    public DetectionTally Block(long block) =>
        _oneBlock && block == 0 ? Tally : _blocks is not null && _blocks.TryGetValue(block, out var t) ? t : new DetectionTally();

    public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask)
    {
        int rows = (detectorMask & 1) + (detectorMask >> 1);
        Tally.AddGate(gate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, rows);
        if (_blocks is not null) BlockOf(gate).AddGate(gate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, rows);
    }

    public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
    {
        Tally.AddGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
        if (_blocks is not null) BlockOf(endGate - 1).AddGates(endGate, timeBin, user, intensity, aliceBasis, aliceBit, bobBasis, detectorMask, count);
    }

    /// <summary>Adds <paramref name="other"/>'s counts times <paramref name="sign"/> (+1 or -1), block by block.</summary>
    public void Accumulate(EpochSinks other, int sign)
    {
        Tally.Accumulate(other.Tally, sign);
        if (_blocks is null || other._blocks is null) return;
        foreach (var (block, tally) in other._blocks)
        {
            if (!_blocks.TryGetValue(block, out var mine)) _blocks[block] = mine = new DetectionTally();
            mine.Accumulate(tally, sign);
        }
    }

    private DetectionTally BlockOf(long gate)
    {
        long block = gate / _blockGates;
        if (block == _lastBlock) return _lastTally!;
        if (!_blocks!.TryGetValue(block, out var t)) _blocks[block] = t = new DetectionTally();
        (_lastBlock, _lastTally) = (block, t);
        return t;
    }
}

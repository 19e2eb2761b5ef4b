using QkdNetSim.Core.Kernel;

namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// The CV network as a step engine (<see cref="IStepEngine"/>: one step = one round, i.e. one Alice symbol). The
/// generator always draws whole blocks of <see cref="BlockRounds"/> rounds aligned to the session start (the last one
/// shorter), whatever horizons the kernel asks for: a horizon inside a block only moves <see cref="ProcessedUntilStep"/>
/// through the buffered block, and the block is handed to the sinks whole once the kernel has passed its end. So the
/// draws, the sums and the sample log's row order (user-major per block) are the same for every progress granularity.
/// A session that ends inside a block (cancellation) hands over exactly the rounds before
/// <see cref="ProcessedUntilStep"/> at <see cref="Flush"/>, as one shorter block, the layout a session of that many rounds
/// writes; the generator's draws beyond it (at most one block) are discarded. Memory is O(block), not O(rounds).
/// </summary>
public sealed class CvSampleEngine : IStepEngine
{
    /// <summary>Rounds per block (8 doubles x users per round of buffers); fixed so logs stay byte-identical.</summary>
    public const int BlockRounds = 1 << 16;

    private readonly CvSampleGenerator _generator;
    private readonly ICvBlockSink[] _sinks;
    private readonly long _sessionRounds, _firstRound;
    private readonly int _blockRounds, _users;
    private readonly double[] _ax, _ap, _bx, _bp;
    private double[]? _partBx, _partBp; // Bob columns of a partial hand-over, compacted to the user-major layout
    private long _blockStart, _blockEnd; // session steps of the buffered block
    private long _processed, _handedOver;

    /// <param name="generator">Draws the rounds; round indices handed to the sinks continue from its <see cref="CvSampleGenerator.RoundsGenerated"/>.</param>
    /// <param name="sessionRounds">Steps in the session.</param>
    /// <param name="sinks">Receive every processed round once, in order.</param>
    /// <param name="blockRounds">Generation block (tests use small blocks; runs keep <see cref="BlockRounds"/>).</param>
    public CvSampleEngine(CvSampleGenerator generator, long sessionRounds, IReadOnlyList<ICvBlockSink> sinks, int blockRounds = BlockRounds)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentOutOfRangeException.ThrowIfNegative(sessionRounds);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRounds, 1);
        _generator = generator;
        _sinks = sinks.ToArray();
        _sessionRounds = sessionRounds;
        _firstRound = generator.RoundsGenerated;
        _users = generator.UserCount;
        _blockRounds = (int)Math.Min(blockRounds, Math.Max(1, sessionRounds));
        _ax = new double[_blockRounds];
        _ap = new double[_blockRounds];
        _bx = new double[_blockRounds * _users];
        _bp = new double[_blockRounds * _users];
    }

    /// <summary>Rounds in the session.</summary>
    public long SessionRounds => _sessionRounds;

    /// <summary>All rounds before this one are simulated (handed over at the end of their block or at <see cref="Flush"/>).</summary>
    public long ProcessedUntilStep => _processed;

    public void AdvanceTo(long endStep)
    {
        endStep = Math.Min(endStep, _sessionRounds);
        while (_processed < endStep)
        {
            if (_processed == _blockEnd) GenerateBlock();
            _processed = Math.Min(endStep, _blockEnd);
            if (_processed == _blockEnd) HandOver(_blockEnd);
        }
    }

    /// <summary>Hands the processed rounds of a partly processed block to the sinks (the end of a session inside a block).</summary>
    public void Flush() => HandOver(_processed);

    private void GenerateBlock()
    {
        _blockStart = _blockEnd;
        int n = (int)Math.Min(_blockRounds, _sessionRounds - _blockStart);
        _generator.NextBlock(_ax.AsSpan(0, n), _ap.AsSpan(0, n), _bx.AsSpan(0, n * _users), _bp.AsSpan(0, n * _users));
        _blockEnd = _blockStart + n;
        _handedOver = _blockStart;
    }

    /// <summary>Hands rounds [handed over so far, <paramref name="until"/>) of the buffered block to every sink.</summary>
    private void HandOver(long until)
    {
        if (until <= _handedOver) return;
        int n = (int)(_blockEnd - _blockStart), from = (int)(_handedOver - _blockStart), m = (int)(until - _handedOver);
        long firstRound = _firstRound + _handedOver;
        ReadOnlySpan<double> ax = _ax.AsSpan(from, m), ap = _ap.AsSpan(from, m);
        if (m == n)
        {
            foreach (var sink in _sinks) sink.OnBlock(firstRound, ax, ap, _bx.AsSpan(0, n * _users), _bp.AsSpan(0, n * _users));
        }
        else
        {
            _partBx ??= new double[_bx.Length];
            _partBp ??= new double[_bp.Length];
            for (int i = 0; i < _users; i++)
            {
                _bx.AsSpan(i * n + from, m).CopyTo(_partBx.AsSpan(i * m, m));
                _bp.AsSpan(i * n + from, m).CopyTo(_partBp.AsSpan(i * m, m));
            }
            foreach (var sink in _sinks) sink.OnBlock(firstRound, ax, ap, _partBx.AsSpan(0, m * _users), _partBp.AsSpan(0, m * _users));
        }
        _handedOver = until;
    }
}

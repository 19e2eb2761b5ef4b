using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Core;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// Joins the rows of one round (one per user, possibly far apart in cv_samples.parquet: a run writes each block user-major)
/// into the vector (a, y_1..y_N) the network accumulator needs, with a ring buffer over a window of rounds. Rounds are
/// handed on strictly in round order (the order <see cref="CvSampleRunner"/> adds them), so the sums are bit-identical
/// to the run's. Memory O(window x users). A round whose rows lie further apart than the window, a duplicate row, rows of
/// one round with different Alice values, or a round left incomplete at the end is an <see cref="InputError"/> naming the
/// file, the field and the rule.
/// </summary>
public sealed class CvRoundJoiner
{
    private readonly int _users, _window;
    private readonly CvNetworkMomentAccumulator _target;
    private readonly string _file;
    private readonly long[] _slotRound;
    private readonly int[] _seenCount;
    private readonly bool[] _seen;
    private readonly double[] _ax, _ap, _bx, _bp;
    private long _next;
    private bool _started;

    public CvRoundJoiner(CvNetworkMomentAccumulator target, int windowRounds, string file)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowRounds, 1);
        _target = target;
        _users = target.UserCount;
        _window = windowRounds;
        _file = file;
        _slotRound = new long[windowRounds];
        _seenCount = new int[windowRounds];
        _seen = new bool[windowRounds * _users];
        _ax = new double[windowRounds];
        _ap = new double[windowRounds];
        _bx = new double[windowRounds * _users];
        _bp = new double[windowRounds * _users];
    }

    /// <summary>Rounds handed to the accumulator so far.</summary>
    public long RoundsJoined { get; private set; }

    /// <summary>Adds one row.</summary>
    public void Add(long round, int user, double aliceX, double aliceP, double bobX, double bobP)
    {
        if ((uint)user >= (uint)_users) throw new InputError(_file, CvSampleLogSchema.User, $"user {user} not in the manifest's {_users} users");
        if (round < 0) throw new InputError(_file, CvSampleLogSchema.Round, $"value {round} must be >= 0");
        if (!_started)
        {
            _next = round;
            _started = true;
        }
        if (round < _next)
            throw new InputError(_file, CvSampleLogSchema.Round, $"row of user {user} for round {round} arrives after every round before {_next} was complete: duplicate row, or the rows of one round lie more than {_window} rounds apart");
        if (round - _next >= _window)
            throw new InputError(_file, CvSampleLogSchema.Round, $"round {round} is {round - _next} rounds after the oldest incomplete round {_next} ({_seenCount[Slot(_next)]} of {_users} users seen): the rows of one round must lie within a window of {_window} rounds");
        int slot = Slot(round);
        if (_seenCount[slot] == 0)
        {
            _slotRound[slot] = round;
            _ax[slot] = aliceX;
            _ap[slot] = aliceP;
        }
        else if (!(_ax[slot].Equals(aliceX) && _ap[slot].Equals(aliceP)))
            throw new InputError(_file, CvSampleLogSchema.AliceX, $"rows of round {round} carry different Alice values (user {user}): all users of a round share Alice's symbol");
        if (_seen[slot * _users + user])
            throw new InputError(_file, CvSampleLogSchema.Round, $"round {round} has two rows of user {user}: one row per user and round");
        _seen[slot * _users + user] = true;
        _bx[slot * _users + user] = bobX;
        _bp[slot * _users + user] = bobP;
        _seenCount[slot]++;
        while (_seenCount[Slot(_next)] == _users && _slotRound[Slot(_next)] == _next)
        {
            int s = Slot(_next);
            _target.Add(_next, _ax[s], _ap[s], _bx.AsSpan(s * _users, _users), _bp.AsSpan(s * _users, _users));
            _seenCount[s] = 0;
            Array.Clear(_seen, s * _users, _users);
            _next++;
            RoundsJoined++;
        }
    }

    /// <summary>Call after the last row: every round must be complete.</summary>
    public void Complete()
    {
        if (!_started) return;
        int slot = Slot(_next);
        if (_seenCount[slot] > 0 || Array.Exists(_seenCount, c => c > 0))
            throw new InputError(_file, CvSampleLogSchema.Round, $"round {_next} has rows of {_seenCount[slot]} of {_users} users at the end of the file: every round needs one row per user");
    }

    private int Slot(long round) => (int)(round % _window);
}

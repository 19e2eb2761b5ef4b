using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>
/// What the transmitters' controllers may see (issue 12): the clicked gates of every time bin (a user's own bin and its
/// neighbours') and a disclosed sample of sifted bits, whose errors Alice and Bob compare in public. Counters are
/// cumulative; a controller reads differences over its windows. Fed per gate (<see cref="IGateObserver"/>) or per span of
/// gates with constant parameters (<see cref="IGateCountObserver"/>); both give the same law.
/// </summary>
/// <remarks>
/// Disclosure: <see cref="SetDisclosureQuota"/> asks for the next m eligible bits of a user: sifted gates (Alice's and Bob's
/// bases match) of the signal intensity with a single click, so the bit and its error are the tally's own (double clicks,
/// whose bit the tally squashes at random, are never disclosed: a fraction ~1e-5 of the sifted gates). Per gate, the first m
/// eligible gates after the request are disclosed. In the count form a span's eligible gates are exchangeable (constant
/// parameters), so taking the first m in time order is a uniform draw of k = min(m, n) of the span's n: multivariate
/// hypergeometric over (basis, error), drawn bit by bit from stream "user/{i}/control/disclosure". Disclosed bits leave the
/// key: <see cref="DisclosedBits"/> and <see cref="DisclosedErrors"/> count them per basis, for the finite-key analysis.
/// </remarks>
public sealed class ControlObservations : IGateObserver, IGateCountObserver
{
    private readonly long[] _binClicks;
    private readonly long[] _quota;
    private readonly long[][] _bits, _errors;
    private readonly RngStreams _streams;
    private readonly Xoshiro256?[] _rng;
    // Count form: eligible gates of the span being received, per user: [basis * 2 + error].
    private readonly long[][] _pending;
    private readonly long[] _pendingEndGate;

    public ControlObservations(int timeBins, int users, RngStreams streams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeBins, 1);
        _binClicks = new long[timeBins];
        _quota = new long[users];
        _bits = Enumerable.Range(0, users).Select(_ => new long[2]).ToArray();
        _errors = Enumerable.Range(0, users).Select(_ => new long[2]).ToArray();
        _pending = Enumerable.Range(0, users).Select(_ => new long[4]).ToArray();
        _pendingEndGate = new long[users];
        _rng = new Xoshiro256?[users];
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
    }

    /// <summary>Stream of the count form's disclosure draws for user <paramref name="user"/>.</summary>
    public static string DisclosureStream(int user) => $"user/{user}/control/disclosure";

    /// <summary>Clicked gates in time bin <paramref name="bin"/> so far (users' and noise).</summary>
    public long BinClicks(int bin) => _binClicks[bin];

    /// <summary>Disclosed bits of <paramref name="user"/> so far, per basis (signal intensity).</summary>
    public ReadOnlySpan<long> DisclosedBits(int user)
    {
        Resolve(user);
        return _bits[user];
    }

    /// <summary>Errors among <see cref="DisclosedBits"/>, per basis.</summary>
    public ReadOnlySpan<long> DisclosedErrors(int user)
    {
        Resolve(user);
        return _errors[user];
    }

    /// <summary>Total disclosed bits and errors of <paramref name="user"/> so far.</summary>
    public (long Bits, long Errors) DisclosedTotals(int user)
    {
        Resolve(user);
        return (_bits[user][0] + _bits[user][1], _errors[user][0] + _errors[user][1]);
    }

    /// <summary>From now on, disclose the next <paramref name="bits"/> eligible bits of <paramref name="user"/> (replaces an unfilled quota).</summary>
    public void SetDisclosureQuota(int user, long bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        Resolve(user);
        _quota[user] = bits;
    }

    public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask)
    {
        _binClicks[timeBin]++;
        if (user < 0 || _quota[user] == 0 || intensity != 0 || aliceBasis != bobBasis || detectorMask == 3) return;
        _quota[user]--;
        _bits[user][aliceBasis]++;
        if (detectorMask - 1 != aliceBit) _errors[user][aliceBasis]++;
    }

    public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
    {
        _binClicks[timeBin] += count;
        if (user < 0 || intensity != 0 || aliceBasis != bobBasis || detectorMask == 3) return;
        if (_pendingEndGate[user] != endGate) Resolve(user);
        _pendingEndGate[user] = endGate;
        _pending[user][aliceBasis * 2 + (detectorMask - 1 != aliceBit ? 1 : 0)] += count;
    }

    /// <summary>Discloses the quota's share of the pending span of <paramref name="user"/> (count form).</summary>
    private void Resolve(int user)
    {
        var p = _pending[user];
        long n = p[0] + p[1] + p[2] + p[3];
        if (n == 0) return;
        long k = Math.Min(_quota[user], n);
        if (k > 0)
        {
            var rng = _rng[user] ?? _streams.StreamFor(DisclosureStream(user));
            for (long i = 0; i < k; i++, n--) // one uniform draw without replacement per disclosed bit
            {
                long r = (long)(rng.NextDouble() * n);
                int c = 0;
                while (r >= p[c]) r -= p[c++];
                p[c]--;
                _bits[user][c >> 1]++;
                _errors[user][c >> 1] += c & 1;
            }
            _rng[user] = rng;
            _quota[user] -= k;
        }
        Array.Clear(p);
    }
}

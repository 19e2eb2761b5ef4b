using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>
/// What the transmitters' controllers may see (issue 12): the clicked gates of every time bin (a user's own bin and its
/// neighbours') and a disclosed sample of sifted bits, whose errors Alice and Bob compare in public. Bin counters are
/// cumulative (a controller reads differences over its windows). Fed per gate (<see cref="IGateObserver"/>) or per span of
/// gates with constant parameters (<see cref="IGateCountObserver"/>); both give the same law.
/// </summary>
/// <remarks>
/// Disclosure, as a protocol does it: after a probe window Alice and Bob pick m of the window's eligible sifted bits at
/// random and compare them (<see cref="DiscloseWindow"/>). Eligible: the bases match, signal intensity, a single click (so
/// the bit and its error are the tally's own; double clicks, whose bit the tally squashes at random, are never disclosed, a
/// fraction ~1e-5). A uniform choice of k = min(m, n) of the window's n eligible bits is multivariate hypergeometric over
/// (block, basis, error); it is drawn bit by bit from stream "user/{i}/control/disclosure", the same for either observer form.
/// Disclosed bits leave the key: they are counted per block (the time series' blocks of <see cref="BlockGates"/> gates) and
/// basis, with their errors, for the finite-key analysis.
/// </remarks>
public sealed class ControlObservations : IGateObserver, IGateCountObserver
{
    private readonly long[] _binClicks;
    private readonly RngStreams _streams;
    private readonly Xoshiro256?[] _rng;
    // Eligible bits of the open window, per user, as (block, [basis * 2 + error]) segments in block order.
    private readonly List<(long Block, long[] Counts)>[] _window;
    // Disclosed [bits b0, bits b1, errors b0, errors b1] per user, per block.
    private readonly List<long[]>[] _disclosed;

    /// <param name="blockGates">Gates per block for <see cref="Disclosed(int, int)"/> (long.MaxValue: one block).</param>
    public ControlObservations(int timeBins, int users, RngStreams streams, long blockGates = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockGates, 1);
        _binClicks = new long[timeBins];
        _window = Enumerable.Range(0, users).Select(_ => new List<(long, long[])>()).ToArray();
        _disclosed = Enumerable.Range(0, users).Select(_ => new List<long[]>()).ToArray();
        _rng = new Xoshiro256?[users];
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
        BlockGates = blockGates;
    }

    public long BlockGates { get; }

    /// <summary>Stream of the disclosure draws of user <paramref name="user"/>.</summary>
    public static string DisclosureStream(int user) => $"user/{user}/control/disclosure";

    /// <summary>Clicked gates in time bin <paramref name="bin"/> so far (users' and noise).</summary>
    public long BinClicks(int bin) => _binClicks[bin];

    public void OnGate(long gate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask)
    {
        _binClicks[timeBin]++;
        if (user >= 0 && intensity == 0 && aliceBasis == bobBasis && detectorMask != 3)
            AddEligible(user, gate / BlockGates, aliceBasis * 2 + (detectorMask - 1 != aliceBit ? 1 : 0), 1);
    }

    public void OnGates(long endGate, int timeBin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
    {
        _binClicks[timeBin] += count;
        if (count > 0 && user >= 0 && intensity == 0 && aliceBasis == bobBasis && detectorMask != 3)
            AddEligible(user, (endGate - 1) / BlockGates, aliceBasis * 2 + (detectorMask - 1 != aliceBit ? 1 : 0), count);
    }

    private void AddEligible(int user, long block, int category, long count)
    {
        var w = _window[user];
        if (w.Count == 0 || w[^1].Block != block) w.Add((block, new long[4]));
        w[^1].Counts[category] += count;
    }

    /// <summary>Eligible bits of <paramref name="user"/> in the open window.</summary>
    public long WindowBits(int user) => _window[user].Sum(s => s.Counts.Sum());

    /// <summary>
    /// Closes <paramref name="user"/>'s window: discloses a uniform random choice of min(<paramref name="bits"/>, eligible)
    /// of its bits and returns how many and the errors among them; the next window opens at once.
    /// </summary>
    public (long Bits, long Errors) DiscloseWindow(int user, long bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        var w = _window[user];
        long n = WindowBits(user), k = Math.Min(bits, n), errors = 0;
        if (k > 0)
        {
            var rng = _rng[user] ?? _streams.StreamFor(DisclosureStream(user));
            for (long i = 0; i < k; i++, n--) // one uniform draw without replacement per disclosed bit
            {
                long r = (long)(rng.NextDouble() * n);
                int s = 0, c = 0;
                while (r >= w[s].Counts[c]) { r -= w[s].Counts[c]; if (++c == 4) { c = 0; s++; } }
                w[s].Counts[c]--;
                var d = DisclosedRow(user, w[s].Block);
                d[c >> 1]++;
                d[2 + (c >> 1)] += c & 1;
                errors += c & 1;
            }
            _rng[user] = rng;
        }
        w.Clear();
        return (k, errors);
    }

    private long[] DisclosedRow(int user, long block)
    {
        var list = _disclosed[user];
        while (list.Count <= block) list.Add(new long[4]);
        return list[(int)block];
    }

    /// <summary>Bits of <paramref name="user"/> disclosed from block <paramref name="block"/>'s gates: per basis, and the errors among them.</summary>
    public (long[] Bits, long[] Errors) Disclosed(int user, int block)
    {
        var d = block < _disclosed[user].Count ? _disclosed[user][block] : new long[4];
        return ([d[0], d[1]], [d[2], d[3]]);
    }

    /// <summary>All bits of <paramref name="user"/> disclosed so far, per basis, and the errors among them.</summary>
    public (long[] Bits, long[] Errors) Disclosed(int user)
    {
        var t = new long[4];
        foreach (var d in _disclosed[user])
            for (int i = 0; i < 4; i++) t[i] += d[i];
        return ([t[0], t[1]], [t[2], t[3]]);
    }
}

using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Analysis;

/// <summary>
/// Streaming tally of detection records (sorted by Gate, rows of one gate consecutive) into the observable counts a
/// decoy-state BB84 analysis needs. Reads only observable fields, never TruthCause/TruthPhotons. Allocation-free per
/// record except when a new largest user id, intensity index or time bin forces the arrays to grow.
/// </summary>
/// <remarks>
/// Bob's bit is the detector that clicked; a double click (both detectors in one gate) gets a uniformly random bit
/// (squashing: Beaufils et al., PRA 2012 / Lütkenhaus), made deterministic as SplitMix64.Mix(gate) &amp; 1 so that the tally is a
/// pure function of the records. Empty bins (User == -1) are tallied per time bin as noise.
/// Call <see cref="Complete"/> after the last record; getters throw while a gate is still pending.
/// </remarks>
public sealed class DetectionTally
{
    private int _userCap, _intensityCap, _binCap;
    private int _userCount, _intensityCount, _binCount;
    private long[] _sifted, _errors, _clickedGates, _clickRows, _doubleClicks, _binClickRows, _binNoiseClickRows;

    private bool _pending;
    private bool _any;
    private long _gate = long.MinValue;
    private int _mask, _rows;
    private short _user, _bin;
    private byte _bobBasis;
    private sbyte _aliceBasis, _aliceBit, _intensity;

    /// <summary>An empty tally. A record that breaks a rule (field range, gate order) throws <see cref="AnalysisInputException"/>.</summary>
    public DetectionTally()
    {
        _userCap = 4;
        _intensityCap = 3;
        _binCap = 8;
        _sifted = new long[_userCap * 2 * _intensityCap];
        _errors = new long[_userCap * 2 * _intensityCap];
        _clickedGates = new long[_userCap * _intensityCap];
        _clickRows = new long[_userCap * _intensityCap];
        _doubleClicks = new long[_userCap];
        _binClickRows = new long[_binCap];
        _binNoiseClickRows = new long[_binCap];
    }

    /// <summary>Tallies a complete record sequence.</summary>
    public static DetectionTally FromRecords(ReadOnlySpan<DetectionRecord> records)
    {
        var tally = new DetectionTally();
        tally.AddRange(records);
        tally.Complete();
        return tally;
    }

    /// <summary>Bob's bit for a double click in this gate: SplitMix64.Mix(gate) &amp; 1.</summary>
    public static int SquashedBit(long gate) => (int)(SplitMix64.Mix((ulong)gate) & 1UL);

    /// <summary>Users seen: largest user id + 1.</summary>
    public int UserCount => _userCount;
    /// <summary>Intensity levels seen: largest intensity index + 1.</summary>
    public int IntensityCount => _intensityCount;
    /// <summary>Time bins seen: largest time bin + 1.</summary>
    public int BinCount => _binCount;

    public void AddRange(ReadOnlySpan<DetectionRecord> records)
    {
        for (int i = 0; i < records.Length; i++) Add(in records[i]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(in DetectionRecord r)
    {
        // One combined range check on the hot path; the slow path names the offending field.
        bool valid = r.Detector <= 1 & r.TimeBin >= 0 & r.User >= -1
                     & (r.User < 0 | ((uint)r.AliceBasis <= 1 & (uint)r.AliceBit <= 1 & r.Intensity >= 0 & r.BobBasis <= 1));
        if (!valid) FailInvalid(in r);

        if (_pending && r.Gate == _gate)
        {
            if (r.User != _user || r.AliceBasis != _aliceBasis || r.AliceBit != _aliceBit || r.Intensity != _intensity
                || r.BobBasis != _bobBasis || r.TimeBin != _bin)
                Fail("gate", $"rows of gate {r.Gate} disagree on user/basis/bit/intensity/time bin");
            _mask |= 1 << r.Detector;
            _rows++;
            return;
        }

        if (_any && r.Gate <= _gate)
            Fail("gate", $"records must be sorted by gate with each gate's rows consecutive (gate {r.Gate} after {_gate})");
        if (_pending) Flush();

        _any = true;
        _pending = true;
        _gate = r.Gate;
        _mask = 1 << r.Detector;
        _rows = 1;
        _user = r.User;
        _bin = r.TimeBin;
        _bobBasis = r.BobBasis;
        _aliceBasis = r.AliceBasis;
        _aliceBit = r.AliceBit;
        _intensity = r.Intensity;
    }

    /// <summary>Tallies the last pending gate. Further records must have a larger gate index.</summary>
    public void Complete()
    {
        if (_pending) Flush();
    }

    /// <summary>n[b][k]: sifted gates (Alice basis == Bob basis == b, >= 1 click) of a user.</summary>
    public long SiftedCount(int user, int basis, int intensity) => Read(_sifted, SiftIndex(user, basis, intensity), user, intensity);
    /// <summary>m[b][k]: sifted gates whose bit (squashed for double clicks) differs from Alice's.</summary>
    public long ErrorCount(int user, int basis, int intensity) => Read(_errors, SiftIndex(user, basis, intensity), user, intensity);
    /// <summary>Gates with >= 1 click of a user at intensity k, all bases.</summary>
    public long ClickedGates(int user, int intensity) => Read(_clickedGates, user * _intensityCap + intensity, user, intensity);
    /// <summary>Raw click rows of a user at intensity k (a double click counts 2).</summary>
    public long ClickRows(int user, int intensity) => Read(_clickRows, user * _intensityCap + intensity, user, intensity);

    /// <summary>Gates of a user in which both detectors clicked.</summary>
    public long DoubleClicks(int user)
    {
        EnsureComplete();
        if ((uint)user >= (uint)_userCount) return 0;
        return _doubleClicks[user];
    }

    /// <summary>Click rows in a time bin (all users and empty-bin noise).</summary>
    public long BinClickRows(int bin) => ReadBin(_binClickRows, bin);
    /// <summary>Click rows in a time bin while the bin was empty (User == -1): noise.</summary>
    public long BinNoiseClickRows(int bin) => ReadBin(_binNoiseClickRows, bin);

    /// <summary>n[b][k] of a user as a new [2][max(3, IntensityCount)] array.</summary>
    public long[][] SiftedCountsFor(int user) => Matrix(user, _sifted);
    /// <summary>m[b][k] of a user as a new [2][max(3, IntensityCount)] array.</summary>
    public long[][] ErrorCountsFor(int user) => Matrix(user, _errors);

    private long[][] Matrix(int user, long[] source)
    {
        EnsureComplete();
        int kCount = Math.Max(3, _intensityCount);
        var result = new long[2][];
        for (int b = 0; b < 2; b++)
        {
            result[b] = new long[kCount];
            if ((uint)user >= (uint)_userCount) continue;
            for (int k = 0; k < _intensityCount; k++) result[b][k] = source[SiftIndex(user, b, k)];
        }
        return result;
    }

    private void Flush()
    {
        _pending = false;
        AddGate(_gate, _bin, _user, _intensity, _aliceBasis, _aliceBit, _bobBasis, _mask, _rows);
    }

    /// <summary>
    /// Tallies one gate directly (what <see cref="Add"/> does once a gate's rows are complete): a simulator that knows
    /// each gate's outcome feeds it here without building records. Gates must come in increasing order; the caller
    /// guarantees the field ranges that <see cref="Add"/> checks.
    /// </summary>
    /// <param name="detectorMask">Bit d set if detector d clicked (1, 2 or 3).</param>
    /// <param name="rows">Click rows of the gate (the number of set bits of the mask, for a simulator).</param>
    public void AddGate(long gate, int bin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, int rows)
    {
        if (bin >= _binCount) EnsureBin(bin);
        _binClickRows[bin] += rows;
        if (user < 0)
        {
            _binNoiseClickRows[bin] += rows;
            return;
        }

        int u = user, k = intensity;
        if (u >= _userCount || k >= _intensityCount) EnsureUserIntensity(u, k);
        int ck = u * _intensityCap + k;
        _clickRows[ck] += rows;
        _clickedGates[ck]++;
        if (detectorMask == 3) _doubleClicks[u]++;

        if (aliceBasis == bobBasis)
        {
            int bobBit = detectorMask switch { 1 => 0, 2 => 1, _ => SquashedBit(gate) };
            int si = SiftIndex(u, aliceBasis, k);
            _sifted[si]++;
            if (bobBit != aliceBit) _errors[si]++;
        }
    }

    /// <summary>
    /// Tallies <paramref name="count"/> gates with the same settings and click pattern at once (count-drawing engines:
    /// <c>IGateCountObserver</c>), all in a span of gates ending before <paramref name="endGate"/>; the caller guarantees
    /// the field ranges. Double clicks: per gate the summary squashes them with the bit SplitMix64.Mix(gate) &amp; 1, a fair
    /// coin independent of everything else; the gates of an aggregate are unknown, so the number of them with bit 1 is
    /// drawn as Binomial(count, 1/2), the same law, from a generator seeded by a hash of the arguments (so the tally stays a
    /// pure function of its inputs).
    /// </summary>
    public void AddGates(long endGate, int bin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis, int detectorMask, long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0");
        if (count == 0) return;
        if (_pending) Flush();
        int rows = (detectorMask & 1) + ((detectorMask >> 1) & 1);
        if (bin >= _binCount) EnsureBin(bin);
        _binClickRows[bin] += rows * count;
        if (user < 0)
        {
            _binNoiseClickRows[bin] += rows * count;
            return;
        }
        int u = user, k = intensity;
        if (u >= _userCount || k >= _intensityCount) EnsureUserIntensity(u, k);
        int ck = u * _intensityCap + k;
        _clickRows[ck] += rows * count;
        _clickedGates[ck] += count;
        if (detectorMask == 3) _doubleClicks[u] += count;
        if (aliceBasis != bobBasis) return;
        int si = SiftIndex(u, aliceBasis, k);
        _sifted[si] += count;
        long bitOnes;
        if (detectorMask == 1) bitOnes = 0;
        else if (detectorMask == 2) bitOnes = count;
        else
        {
            var rng = SquashRng(endGate, bin, user, intensity, aliceBasis, aliceBit, bobBasis);
            bitOnes = Samplers.BinomialMeanSplit(ref rng, count, 0.5);
        }
        _errors[si] += aliceBit == 0 ? bitOnes : count - bitOnes;
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s counts times <paramref name="sign"/> (+1 or -1) to this tally: tallies of parts of a
    /// session (epochs, <c>EpochSessionRunner</c>) combine into the session's, and a part simulated twice is taken back out.
    /// Both must be complete.
    /// </summary>
    public void Accumulate(DetectionTally other, int sign)
    {
        if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(sign), sign, "sign must be +1 or -1");
        EnsureComplete();
        other.EnsureComplete();
        if (other._binCount > 0) EnsureBin(other._binCount - 1);
        for (int b = 0; b < other._binCount; b++)
        {
            _binClickRows[b] += sign * other._binClickRows[b];
            _binNoiseClickRows[b] += sign * other._binNoiseClickRows[b];
        }
        if (other._userCount == 0 || other._intensityCount == 0) return;
        EnsureUserIntensity(other._userCount - 1, other._intensityCount - 1);
        for (int u = 0; u < other._userCount; u++)
        {
            _doubleClicks[u] += sign * other._doubleClicks[u];
            for (int k = 0; k < other._intensityCount; k++)
            {
                _clickedGates[u * _intensityCap + k] += sign * other._clickedGates[u * other._intensityCap + k];
                _clickRows[u * _intensityCap + k] += sign * other._clickRows[u * other._intensityCap + k];
                for (int b = 0; b < 2; b++)
                {
                    _sifted[(u * 2 + b) * _intensityCap + k] += sign * other._sifted[(u * 2 + b) * other._intensityCap + k];
                    _errors[(u * 2 + b) * _intensityCap + k] += sign * other._errors[(u * 2 + b) * other._intensityCap + k];
                }
            }
        }
    }

    private static Xoshiro256 SquashRng(long endGate, int bin, int user, int intensity, int aliceBasis, int aliceBit, int bobBasis)
    {
        ulong key = (ulong)(uint)bin | (ulong)(uint)(user & 0xFFFF) << 32 | (ulong)(intensity & 0xFF) << 48
                    | (ulong)(aliceBasis * 4 + aliceBit * 2 + bobBasis) << 56;
        return new Xoshiro256(SplitMix64.Mix((ulong)endGate) ^ SplitMix64.Mix(key));
    }

    private int SiftIndex(int user, int basis, int intensity)
    {
        if ((uint)basis > 1) throw new ArgumentOutOfRangeException(nameof(basis), basis, "basis must be 0 or 1");
        return (user * 2 + basis) * _intensityCap + intensity;
    }

    private long Read(long[] array, int index, int user, int intensity)
    {
        EnsureComplete();
        if ((uint)user >= (uint)_userCount || (uint)intensity >= (uint)_intensityCount) return 0;
        return array[index];
    }

    private long ReadBin(long[] array, int bin)
    {
        EnsureComplete();
        return (uint)bin < (uint)_binCount ? array[bin] : 0;
    }

    private void EnsureComplete()
    {
        if (_pending) throw new InvalidOperationException("DetectionTally: call Complete() after the last record before reading counts");
    }

    private void EnsureBin(int bin)
    {
        if (bin >= _binCap)
        {
            int cap = Math.Max(bin + 1, _binCap * 2);
            Array.Resize(ref _binClickRows, cap);
            Array.Resize(ref _binNoiseClickRows, cap);
            _binCap = cap;
        }
        if (bin >= _binCount) _binCount = bin + 1;
    }

    private void EnsureUserIntensity(int user, int intensity)
    {
        if (user >= _userCap || intensity >= _intensityCap)
        {
            int uCap = user >= _userCap ? Math.Max(user + 1, _userCap * 2) : _userCap;
            int kCap = intensity >= _intensityCap ? Math.Max(intensity + 1, _intensityCap * 2) : _intensityCap;
            var sifted = new long[uCap * 2 * kCap];
            var errors = new long[uCap * 2 * kCap];
            var clickedGates = new long[uCap * kCap];
            var clickRows = new long[uCap * kCap];
            for (int u = 0; u < _userCap; u++)
                for (int k = 0; k < _intensityCap; k++)
                {
                    clickedGates[u * kCap + k] = _clickedGates[u * _intensityCap + k];
                    clickRows[u * kCap + k] = _clickRows[u * _intensityCap + k];
                    for (int b = 0; b < 2; b++)
                    {
                        sifted[(u * 2 + b) * kCap + k] = _sifted[(u * 2 + b) * _intensityCap + k];
                        errors[(u * 2 + b) * kCap + k] = _errors[(u * 2 + b) * _intensityCap + k];
                    }
                }
            Array.Resize(ref _doubleClicks, uCap);
            _sifted = sifted;
            _errors = errors;
            _clickedGates = clickedGates;
            _clickRows = clickRows;
            _userCap = uCap;
            _intensityCap = kCap;
        }
        if (user >= _userCount) _userCount = user + 1;
        if (intensity >= _intensityCount) _intensityCount = intensity + 1;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string rule) => throw new AnalysisInputException(field, rule);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void FailInvalid(in DetectionRecord r)
    {
        if (r.Detector > 1) Fail("detector", $"must be 0 or 1 (gate {r.Gate})");
        if (r.TimeBin < 0) Fail("timeBin", $"must be >= 0 (gate {r.Gate})");
        if (r.User < -1) Fail("user", $"must be >= 0, or -1 for an empty bin (gate {r.Gate})");
        if (r.AliceBasis is not (0 or 1)) Fail("aliceBasis", $"must be 0 or 1 for a user's gate (gate {r.Gate})");
        if (r.AliceBit is not (0 or 1)) Fail("aliceBit", $"must be 0 or 1 for a user's gate (gate {r.Gate})");
        if (r.Intensity < 0) Fail("intensity", $"must be >= 0 for a user's gate (gate {r.Gate})");
        Fail("bobBasis", $"must be 0 or 1 (gate {r.Gate})");
    }
}

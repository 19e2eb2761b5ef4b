using System.Globalization;
using System.Runtime.CompilerServices;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Order-sensitive 64-bit hash of every field of every <see cref="CoincidenceRecord"/>, kept by
/// <see cref="CoincidenceLogWriter"/> and stored in the footer under <see cref="MetadataKey"/>, recomputed by
/// <see cref="CoincidenceLogReader"/>. Same reason and construction as <see cref="DetectionContentHash"/>: Parquet.Net
/// writes no page CRCs and Zstd frames carry no checksum, so bytes overwritten inside a data page can otherwise decode
/// to plausible values unnoticed.
/// </summary>
/// <remarks>
/// The fields are packed losslessly into six 64-bit words (three time-like longs, three words of narrow fields) and
/// mixed with multiply-xorshift steps: a few ns per row. The start state differs from the detection hash so a detection
/// row and a coincidence row never share a hash chain by accident.
/// </remarks>
public struct CoincidenceContentHash
{
    /// <summary>Footer key; the detection log's, since the key means "hash of this file's rows" whatever the schema.</summary>
    public const string MetadataKey = DetectionContentHash.MetadataKey;

    private ulong _state;
    private long _rows;

    public static CoincidenceContentHash Create() => new() { _state = 0x13198A2E03707344UL };

    /// <summary>Rows hashed so far.</summary>
    public readonly long Rows => _rows;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in CoincidenceRecord r)
    {
        ulong a = (ulong)r.Slot;
        ulong b = (ulong)r.TimeD0Ps;
        ulong c = (ulong)r.TimeD1Ps;
        ulong d = (ushort)r.Module | (ulong)r.BinD0 << 16 | (ulong)r.BinD1 << 24 | (ulong)r.ExtraClicks << 32
                  | (ulong)(byte)r.IntensityA << 40 | (ulong)(byte)r.IntensityB << 48 | (ulong)(byte)r.BasisA << 56;
        ulong e = (byte)r.BasisB | (ulong)(byte)r.BitA << 8 | (ulong)(byte)r.BitB << 16 | (ulong)r.TruthCauseD0 << 24
                  | (ulong)r.TruthCauseD1 << 32;
        ulong f = (ushort)r.TruthPhotonsD0 | (ulong)(ushort)r.TruthPhotonsD1 << 16;
        ulong h = _state;
        h = (h ^ a) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 31) ^ b) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 29) ^ c) * 0x94D049BB133111EBUL;
        h = (h ^ (h >> 32) ^ d) * 0xFF51AFD7ED558CCDUL;
        h = (h ^ (h >> 33) ^ e) * 0xC4CEB9FE1A85EC53UL;
        h = (h ^ (h >> 29) ^ f) * 0x9E3779B97F4A7C15UL;
        _state = h ^ (h >> 32);
        _rows++;
    }

    /// <summary>Footer value: row count and hash, in the detection hash's format.</summary>
    public readonly string ToMetadataValue() => $"rows={_rows.ToString(CultureInfo.InvariantCulture)};xmix64={_state:x16}";
}

using System.Globalization;
using System.Runtime.CompilerServices;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Order-sensitive 64-bit hash of every field of every row, kept by the writer and stored in the footer under
/// <see cref="MetadataKey"/>, recomputed by the reader. Parquet.Net 6.1 writes no page CRCs and Zstd frames carry no
/// content checksum, so without it bytes overwritten inside a data page can decode to plausible values unnoticed.
/// Multiply-xorshift mixing (SplitMix/Murmur finalizer constants): a few ns per row.
/// </summary>
public struct DetectionContentHash
{
    public const string MetadataKey = "qkdnetsim.content_hash";

    private ulong _state;
    private long _rows;

    public static DetectionContentHash Create() => new() { _state = 0x243F6A8885A308D3UL };

    public readonly long Rows => _rows;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in DetectionRecord r)
    {
        ulong a = (ulong)r.Gate;
        ulong b = (ulong)r.TimePs;
        ulong c = r.Detector | (ulong)(ushort)r.TimeBin << 8 | (ulong)(ushort)r.User << 24 | (ulong)r.BobBasis << 40
                  | (ulong)(byte)r.AliceBasis << 48 | (ulong)(byte)r.AliceBit << 56;
        ulong d = (byte)r.Intensity | (ulong)r.TruthCause << 8 | (ulong)(ushort)r.TruthPhotons << 16;
        ulong h = _state;
        h = (h ^ a) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 31) ^ b) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 29) ^ c) * 0x94D049BB133111EBUL;
        h = (h ^ (h >> 32) ^ d) * 0xFF51AFD7ED558CCDUL;
        _state = h ^ (h >> 33);
        _rows++;
    }

    /// <summary>Footer value: row count and hash.</summary>
    public readonly string ToMetadataValue() => $"rows={_rows.ToString(CultureInfo.InvariantCulture)};xmix64={_state:x16}";
}

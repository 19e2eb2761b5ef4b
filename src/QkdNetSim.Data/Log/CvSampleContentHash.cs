using System.Globalization;
using System.Runtime.CompilerServices;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Order-sensitive 64-bit hash of every field of every row of <c>cv_samples.parquet</c> (doubles by their exact bits),
/// stored in the footer under <see cref="MetadataKey"/> and recomputed by <see cref="CvSampleLogReader"/>: Parquet.Net
/// writes no page CRCs, so bytes overwritten inside a page could otherwise decode to plausible samples. Same
/// construction as <see cref="DetectionContentHash"/> (multiply-xorshift chain), different start state.
/// </summary>
public struct CvSampleContentHash
{
    public const string MetadataKey = DetectionContentHash.MetadataKey;

    private ulong _state;
    private long _rows;

    public static CvSampleContentHash Create() => new() { _state = 0x13198A2E03707344UL };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long round, int user, double aliceX, double aliceP, double bobX, double bobP)
    {
        ulong s = _state;
        s = Mix(s ^ (ulong)round);
        s = Mix(s ^ (uint)user);
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(aliceX));
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(aliceP));
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(bobX));
        s = Mix(s ^ (ulong)BitConverter.DoubleToInt64Bits(bobP));
        _state = s;
        _rows++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        x *= 0x9E3779B97F4A7C15UL;
        return x ^ (x >> 29);
    }

    public readonly string ToMetadataValue() => $"rows={_rows.ToString(CultureInfo.InvariantCulture)};xmix64={_state:x16}";
}

using System.Runtime.CompilerServices;

namespace QkdNetSim.Core.Random;

/// <summary>SplitMix64 (Steele, Lea, Flood, OOPSLA 2014): seeds xoshiro and derives independent stream seeds.</summary>
public static class SplitMix64
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Stateless mix of one value: a good 64-bit hash of an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong value)
    {
        ulong s = value;
        return Next(ref s);
    }
}

using System.Runtime.CompilerServices;

namespace QkdNetSim.Core.Random;

/// <summary>
/// xoshiro256** pseudo-random generator (Blackman &amp; Vigna, ACM TOMS 47 (2021) 36), seeded by SplitMix64.
/// A mutable struct so that a component can own its stream inline without heap indirection; pass by ref.
/// </summary>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // keyed generators are made per secondary click in the hot loops
    public Xoshiro256(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1; // the all-zero state is a fixed point
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform double in (0, 1]: safe argument for a logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / 9007199254740992.0);

    /// <summary>Fair coin: one random bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextBit() => (int)(NextUInt64() >> 63);

    /// <summary>Bernoulli trial with success probability p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>
    /// Uniform integer in [0, n) by Lemire's multiply-shift on all 64 bits: the high word of the 128-bit
    /// product r * n (bias below 2^-64 * n, negligible). Using only 32 random bits would bias large n by up to n/2^32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n) => (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
}

internal static class BitOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

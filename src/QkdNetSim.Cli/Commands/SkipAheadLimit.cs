using System.Diagnostics;
using System.Runtime.CompilerServices;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Cli.Commands;

/// <summary>
/// The raw skip-ahead limit of issue 14: the least work an exact skip-ahead photon-counting simulation does per detection
/// event, with nothing else. Per event: one geometric gap to the next clicked gate (floor(ln U / ln(1 - p)), p per gate),
/// one 64-bit classification draw whose bits give intensity, bases, bit and detector, an afterpulse check against part of
/// that number, and an append to columnar buffers (chunks of <see cref="ChunkEntries"/> entries: gate, detector, meta),
/// each full chunk handed on (a sparse checksum, so the stores are not dead). No kernel, no analysis, no I/O.
/// <see cref="LimitBench"/> runs it in a fresh process for the event count of a real run and compares the wall times.
/// </summary>
public static class SkipAheadLimit
{
    /// <summary>Click probability per gate: the seed-004 default network's owned bins (0.5 x 0.0904 x 10^-1.36 ~ 2e-3).</summary>
    public const double ClickProbabilityPerGate = 2e-3;

    /// <summary>Afterpulse probability per avalanche: the seed-004 default detector's (Methods).</summary>
    public const double AfterpulseProbability = 0.045;

    /// <summary>Entries per columnar chunk (64 Ki).</summary>
    public const int ChunkEntries = 1 << 16;

    /// <summary>What the loop did: events appended, gates covered, afterpulse candidates, chunks handed on, their checksum, and the loop's wall time.</summary>
    public sealed record Result(long Events, long Appended, long Gates, long Afterpulses, long Chunks, long Checksum, double LoopS);

    /// <summary>Runs the loop for <paramref name="events"/> detection events from generator seed <paramref name="seed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // optimized at once, like the engine's hot loop
    public static Result Run(long events, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        double invLogOneMinusP = Samplers.InvLogOneMinus(ClickProbabilityPerGate);
        ulong afterpulseBelow = (ulong)(AfterpulseProbability * uint.MaxValue); // compared with the draw's upper 32 bits
        var rng = new Xoshiro256(seed);
        var gate = new long[ChunkEntries];
        var detector = new byte[ChunkEntries];
        var meta = new byte[ChunkEntries];
        long g = -1, afterpulses = 0, chunks = 0, appended = 0, checksum = 0;
        int k = 0;
        var clock = Stopwatch.StartNew();
        for (long e = 0; e < events; e++)
        {
            g += 1 + Samplers.GeometricFailures(ref rng, invLogOneMinusP); // the next clicked gate
            ulong r = rng.NextUInt64();                                    // one draw classifies the click
            byte m = (byte)(r & 0x3F);                                     // intensity (2 bits), basis, bit, Bob's basis, detector
            if ((r >> 32) < afterpulseBelow) afterpulses++;                // afterpulse candidate
            gate[k] = g;
            detector[k] = (byte)(m & 1);
            meta[k] = m;
            if (++k == ChunkEntries)
            {
                checksum += HandOn(gate, detector, meta, k);
                appended += k;
                chunks++;
                k = 0;
            }
        }
        if (k > 0)
        {
            checksum += HandOn(gate, detector, meta, k);
            appended += k;
            chunks++;
        }
        clock.Stop();
        return new Result(events, appended, g + 1, afterpulses, chunks, checksum, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A consumer's touch of a full chunk: every 4096th entry.</summary>
    private static long HandOn(long[] gate, byte[] detector, byte[] meta, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i += 4096) sum += gate[i] + detector[i] + meta[i];
        return sum;
    }
}

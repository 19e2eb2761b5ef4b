using System.Runtime.CompilerServices;

namespace QkdNetSim.Core.Random;

/// <summary>
/// Exp(1) variates by the ziggurat method (Marsaglia &amp; Tsang, J. Stat. Softw. 5(8), 2000, "The Ziggurat Method
/// for Generating Random Variables", 256 layers), exact in distribution: most draws cost one 64-bit random number,
/// a table look-up and a multiply, instead of a logarithm. Layer index from the low 8 bits, the 53-bit abscissa from
/// the high bits (disjoint, unlike the original 32-bit version).
/// </summary>
public static class ZigguratExponential
{
    private const int Layers = 256;
    private const double TailStart = 7.69711747013104972;   // r of the 256-layer exponential ziggurat
    private const double LayerArea = 3.949659822581572e-3;  // v
    private const double Scale = 9007199254740992.0;        // 2^53
    private static readonly ulong[] Ke = new ulong[Layers];
    private static readonly double[] We = new double[Layers];
    private static readonly double[] Fe = new double[Layers];

    static ZigguratExponential()
    {
        double de = TailStart, te = de;
        double q = LayerArea / Math.Exp(-de);
        Ke[0] = (ulong)(de / q * Scale);
        Ke[1] = 0;
        We[0] = q / Scale;
        We[Layers - 1] = de / Scale;
        Fe[0] = 1.0;
        Fe[Layers - 1] = Math.Exp(-de);
        for (int i = Layers - 2; i >= 1; i--)
        {
            de = -Math.Log(LayerArea / de + Math.Exp(-de));
            Ke[i + 1] = (ulong)(de / te * Scale);
            te = de;
            Fe[i] = Math.Exp(-de);
            We[i] = de / Scale;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(ref Xoshiro256 rng)
    {
        ulong r = rng.NextUInt64();
        int i = (int)(r & 0xFF);
        ulong j = r >> 11;
        if (j < Ke[i]) return (long)j * We[i]; // j < 2^53: the signed conversion is exact and one instruction
        var copy = rng; // the slow path gets a copy, so a caller's generator held in registers stays there
        double x = Slow(ref copy, i, j);
        rng = copy;
        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Slow(ref Xoshiro256 rng, int i, ulong j)
    {
        while (true)
        {
            if (i == 0) return TailStart - Math.Log(rng.NextDoubleNonZero()); // memoryless tail beyond r
            double x = j * We[i];
            if (Fe[i] + rng.NextDouble() * (Fe[i - 1] - Fe[i]) < Math.Exp(-x)) return x;
            ulong r = rng.NextUInt64();
            i = (int)(r & 0xFF);
            j = r >> 11;
            if (j < Ke[i]) return j * We[i];
        }
    }
}

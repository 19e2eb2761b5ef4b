using System.Runtime.CompilerServices;

namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>
/// Streaming sums of one Alice-Bob pair's quadrature samples (a = Alice's displacement quadrature, b = Bob's heterodyne
/// quadrature, SNU), x and p pooled: each round contributes two (a, b) pairs. Both quadratures are estimated together
/// because the channel is phase-insensitive (symmetric gamma_AB, standard form; Lodewyck et al., PRA 76, 042305 (2007)).
/// Add is allocation-free; Merge combines shards (e.g. row groups or threads). Plain sums of doubles: at 2e7 pairs the
/// relative round-off (~1e-16 sqrt(n)) is far below the statistical error (~1/sqrt(n)).
/// </summary>
public sealed class CvMomentAccumulator
{
    /// <summary>Number of (a, b) quadrature pairs (2 per round).</summary>
    public long Count { get; private set; }
    public double SumA { get; private set; }
    public double SumB { get; private set; }
    public double SumAA { get; private set; }
    public double SumAAAA { get; private set; }
    public double SumBB { get; private set; }
    public double SumAB { get; private set; }

    /// <summary>Adds one quadrature pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddQuadrature(double a, double b)
    {
        double aa = a * a;
        Count++;
        SumA += a;
        SumB += b;
        SumAA += aa;
        SumAAAA += aa * aa;
        SumBB += b * b;
        SumAB += a * b;
    }

    /// <summary>Adds one round: (x_A, x_B) and (p_A, p_B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double aliceX, double aliceP, double bobX, double bobP)
    {
        AddQuadrature(aliceX, bobX);
        AddQuadrature(aliceP, bobP);
    }

    /// <summary>Adds a block of rounds (spans of equal length).</summary>
    public void AddBlock(ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX, ReadOnlySpan<double> bobP)
    {
        int n = aliceX.Length;
        if (aliceP.Length != n || bobX.Length != n || bobP.Length != n) throw new ArgumentException("spans must have equal lengths");
        // Locals start from the running sums and add in row order: bit-identical to calling Add row by row (so a log
        // re-read row by row reproduces a run's estimates exactly), with the sums kept in registers.
        double sa = SumA, sb = SumB, saa = SumAA, s4 = SumAAAA, sbb = SumBB, sab = SumAB;
        for (int r = 0; r < n; r++)
        {
            double a = aliceX[r], b = bobX[r], aa = a * a;
            sa += a; sb += b; saa += aa; s4 += aa * aa; sbb += b * b; sab += a * b;
            a = aliceP[r]; b = bobP[r]; aa = a * a;
            sa += a; sb += b; saa += aa; s4 += aa * aa; sbb += b * b; sab += a * b;
        }
        Count += 2L * n;
        SumA = sa; SumB = sb; SumAA = saa; SumAAAA = s4; SumBB = sbb; SumAB = sab;
    }

    /// <summary>Adds another accumulator's sums (shards of the same pair).</summary>
    public void Merge(CvMomentAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Count += other.Count;
        SumA += other.SumA;
        SumB += other.SumB;
        SumAA += other.SumAA;
        SumAAAA += other.SumAAAA;
        SumBB += other.SumBB;
        SumAB += other.SumAB;
    }
}

using Complex = System.Numerics.Complex;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Single-mode Fock-space operators truncated to n = 0..dimension-1: a|n&gt; = sqrt(n)|n-1&gt;, n|n&gt; = n|n&gt;, and the
/// displacement D(beta) = exp(beta a^dagger - conj(beta) a) by its closed form (Cahill &amp; Glauber, Phys. Rev. 177, 1857
/// (1969), App. B): for m &gt;= n, &lt;m|D(beta)|n&gt; = sqrt(n!/m!) beta^(m-n) e^(-|beta|^2/2) L_n^(m-n)(|beta|^2), and for
/// m &lt; n, from D(beta)^dagger = D(-beta), &lt;m|D(beta)|n&gt; = sqrt(m!/n!) (-conj beta)^(n-m) e^(-|beta|^2/2) L_m^(n-m)(|beta|^2).
/// The prefactor is taken in logs (log-gamma) and the associated Laguerre polynomial by its three-term recurrence in the
/// degree, so elements are exact (not those of a truncated exponential) for any truncation. Composition law
/// D(a) D(b) = exp(i Im(a conj b)) D(a + b) (Cahill &amp; Glauber 1969).
/// </summary>
public static class FockSpace
{
    /// <summary>Annihilation operator a on the truncated space (a|n&gt; = sqrt(n)|n-1&gt;).</summary>
    public static Matrix<Complex> Annihilation(int dimension)
    {
        RequirePositive(dimension);
        var a = Matrix<Complex>.Build.Dense(dimension, dimension);
        for (int n = 1; n < dimension; n++) a[n - 1, n] = Math.Sqrt(n);
        return a;
    }

    /// <summary>Number operator diag(0, 1, ..., dimension-1).</summary>
    public static Matrix<Complex> Number(int dimension)
    {
        RequirePositive(dimension);
        return Matrix<Complex>.Build.DenseDiagonal(dimension, dimension, n => n);
    }

    /// <summary>Coherent-state column &lt;n|alpha&gt;, n &lt; dimension (<see cref="CoherentStateEnsemble.FockAmplitudes"/>).</summary>
    public static Vector<Complex> Coherent(Complex alpha, int dimension)
        => Vector<Complex>.Build.DenseOfArray(CoherentStateEnsemble.FockAmplitudes(alpha, dimension));

    /// <summary>Generalised Laguerre polynomial L_n^(k)(x) by the recurrence (j+1) L_{j+1} = (2j+1+k-x) L_j - (j+k) L_{j-1}.</summary>
    public static double Laguerre(int n, int k, double x)
    {
        if (n < 0 || k < 0) throw new ArgumentException("Laguerre degree and order must be >= 0");
        double previous = 1.0, current = 1.0 + k - x;
        if (n == 0) return previous;
        for (int j = 1; j < n; j++)
        {
            double next = ((2 * j + 1 + k - x) * current - (j + k) * previous) / (j + 1);
            previous = current;
            current = next;
        }
        return current;
    }

    /// <summary>&lt;m|D(beta)|n&gt; by the closed Laguerre form (class comment).</summary>
    public static Complex DisplacementElement(int m, int n, Complex beta)
    {
        if (m < 0 || n < 0) throw new ArgumentException("Fock indices must be >= 0");
        double r = beta.Magnitude;
        if (r == 0.0) return m == n ? Complex.One : Complex.Zero;
        int lo = Math.Min(m, n), k = Math.Abs(m - n);
        double logMagnitude = 0.5 * (SpecialFunctions.GammaLn(lo + 1) - SpecialFunctions.GammaLn(lo + k + 1)) + k * Math.Log(r) - 0.5 * r * r;
        // m >= n: beta^k; m < n: (-conj beta)^k, i.e. phase exp(i k (pi - arg beta)).
        double phase = m >= n ? k * beta.Phase : k * (Math.PI - beta.Phase);
        return Complex.FromPolarCoordinates(Math.Exp(logMagnitude) * Laguerre(lo, k, r * r), phase);
    }

    /// <summary>The rows x columns block of D(beta): entries &lt;m|D(beta)|n&gt;, m &lt; rows, n &lt; columns.</summary>
    public static Matrix<Complex> Displacement(Complex beta, int rows, int columns)
    {
        RequirePositive(rows);
        RequirePositive(columns);
        return Matrix<Complex>.Build.Dense(rows, columns, (m, n) => DisplacementElement(m, n, beta));
    }

    /// <summary>
    /// Smallest Fock dimension M (from cutoff + 21, in steps of 10) whose last ten rows carry less than
    /// <paramref name="tailTolerance"/> of the norm squared of every displaced number state D(beta)|n&gt;, n &lt;= cutoff. Beyond
    /// m &gt; n + |beta|^2 the elements fall faster than geometrically (ratio ~ |beta|/sqrt(m)), so the tail past M is smaller
    /// still; the norm 1 - sum |.|^2 itself is not used because its round-off (~1e-14) hides the tail.
    /// </summary>
    public static int DimensionHoldingDisplacedStates(Complex beta, int cutoff, double tailTolerance = 1e-18)
    {
        if (cutoff < 0) throw new ArgumentException("cutoff must be >= 0");
        for (int m = cutoff + 21; m <= cutoff + 2000; m += 10)
        {
            var d = Displacement(beta, m, cutoff + 1);
            bool ok = true;
            for (int n = 0; n <= cutoff && ok; n++)
            {
                double tail = 0;
                for (int row = m - 10; row < m; row++) tail += d[row, n].MagnitudeSquared();
                ok = tail <= tailTolerance;
            }
            if (ok) return m;
        }
        throw new ArgumentException($"|beta| = {beta.Magnitude:G4} is too large for a Fock-space representation");
    }

    private static void RequirePositive(int dimension)
    {
        if (dimension < 1) throw new ArgumentException($"dimension must be >= 1 (got {dimension})");
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Tests.Analysis.Cv;

/// <summary>
/// Test-side Gaussian algebra written out by hand (independent of the library code under test): elementary symplectic
/// matrices and the two-mode closed form of the symplectic spectrum.
/// </summary>
internal static class CvTestAlgebra
{
    public static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    public static Matrix<double> Identity(int dim) => Matrix<double>.Build.DenseIdentity(dim);

    /// <summary>Single-mode squeezer diag(e^-r, e^r) acting on mode k of n.</summary>
    public static Matrix<double> Squeezer(int n, int k, double r)
    {
        var s = Identity(2 * n);
        s[2 * k, 2 * k] = Math.Exp(-r);
        s[2 * k + 1, 2 * k + 1] = Math.Exp(r);
        return s;
    }

    /// <summary>Phase rotation [[cos, sin], [-sin, cos]] on mode k of n.</summary>
    public static Matrix<double> Rotation(int n, int k, double theta)
    {
        var s = Identity(2 * n);
        s[2 * k, 2 * k] = Math.Cos(theta); s[2 * k, 2 * k + 1] = Math.Sin(theta);
        s[2 * k + 1, 2 * k] = -Math.Sin(theta); s[2 * k + 1, 2 * k + 1] = Math.Cos(theta);
        return s;
    }

    /// <summary>Beam splitter of transmittance t between modes i and j of n (written independently of the library's).</summary>
    public static Matrix<double> Mix(int n, int i, int j, double t)
    {
        var s = Identity(2 * n);
        double a = Math.Sqrt(t), b = Math.Sqrt(1 - t);
        foreach (int q in new[] { 0, 1 })
        {
            s[2 * i + q, 2 * i + q] = a; s[2 * i + q, 2 * j + q] = b;
            s[2 * j + q, 2 * i + q] = -b; s[2 * j + q, 2 * j + q] = a;
        }
        return s;
    }

    /// <summary>A fixed-seed "random" n-mode symplectic matrix: layers of squeezers, rotations and beam splitters.</summary>
    public static Matrix<double> RandomSymplectic(int n, int seed)
    {
        var rng = new System.Random(seed);
        var s = Identity(2 * n);
        for (int layer = 0; layer < 3; layer++)
        {
            for (int k = 0; k < n; k++)
                s = Squeezer(n, k, rng.NextDouble() * 1.2 - 0.6) * Rotation(n, k, rng.NextDouble() * 2 * Math.PI) * s;
            for (int k = 0; k + 1 < n; k++)
                s = Mix(n, k, k + 1, 0.1 + 0.8 * rng.NextDouble()) * s;
        }
        return s;
    }

    /// <summary>Diagonal Williamson form diag(nu_1, nu_1, nu_2, nu_2, ...).</summary>
    public static Matrix<double> Williamson(params double[] nu)
    {
        var d = Matrix<double>.Build.Dense(2 * nu.Length, 2 * nu.Length);
        for (int k = 0; k < nu.Length; k++) { d[2 * k, 2 * k] = nu[k]; d[2 * k + 1, 2 * k + 1] = nu[k]; }
        return d;
    }

    /// <summary>g(nu) in bits, written out again for the test-side references.</summary>
    public static double G(double nu)
    {
        if (nu <= 1.0 + 1e-13) return 0.0;
        double p = (nu + 1) / 2, m = (nu - 1) / 2;
        return p * Math.Log2(p) - m * Math.Log2(m);
    }

    /// <summary>Two-mode symplectic eigenvalues via Delta and det V (Serafini et al. 2004), test-side copy.</summary>
    public static (double, double) TwoModeNu(Matrix<double> v)
    {
        double det2(int r, int c) => v[r, c] * v[r + 1, c + 1] - v[r, c + 1] * v[r + 1, c];
        double delta = det2(0, 0) + det2(2, 2) + 2 * det2(0, 2);
        double root = Math.Sqrt(Math.Max(0, delta * delta - 4 * v.Determinant()));
        return (Math.Sqrt(Math.Max(0, (delta - root) / 2)), Math.Sqrt((delta + root) / 2));
    }
}

using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Sdp;

/// <summary>
/// A block-diagonal Hermitian matrix: complex Hermitian blocks plus an optional nonnegative-orthant (LP) block stored as
/// its diagonal. In problem data (objective, constraint matrices) a null Hermitian block or a null LP vector means zero.
/// The trace inner product is &lt;U,V&gt; = sum_k Re Tr(U_k V_k) + u_lp . v_lp (real for Hermitian blocks).
/// </summary>
public sealed class SdpBlockMatrix
{
    private readonly Matrix<Complex>?[] _hermitian;
    private readonly double[]? _lp;

    public SdpBlockMatrix(IReadOnlyList<Matrix<Complex>?> hermitian, IReadOnlyList<double>? lp = null)
    {
        ArgumentNullException.ThrowIfNull(hermitian);
        _hermitian = hermitian.ToArray();
        _lp = lp?.ToArray();
    }

    /// <summary>A single Hermitian block and no LP block.</summary>
    public static SdpBlockMatrix Single(Matrix<Complex> block) => new(new[] { block });

    public IReadOnlyList<Matrix<Complex>?> Hermitian => _hermitian;

    public IReadOnlyList<double>? Lp => _lp;

    internal Matrix<Complex>? Block(int k) => k < _hermitian.Length ? _hermitian[k] : null;

    internal double[]? LpArray => _lp;

    /// <summary>&lt;U,V&gt; = sum_k Re Tr(U_k V_k) + u.v (null blocks count as zero).</summary>
    public double Dot(SdpBlockMatrix other)
    {
        double sum = 0;
        int blocks = Math.Max(_hermitian.Length, other._hermitian.Length);
        for (int k = 0; k < blocks; k++)
        {
            var a = Block(k);
            var b = other.Block(k);
            if (a is not null && b is not null) sum += HermitianDot(a, b);
        }
        if (_lp is not null && other._lp is not null)
            for (int j = 0; j < _lp.Length; j++) sum += _lp[j] * other._lp[j];
        return sum;
    }

    /// <summary>Frobenius norm over all blocks.</summary>
    public double FrobeniusNorm()
    {
        double sum = 0;
        foreach (var a in _hermitian)
            if (a is not null) sum += HermitianDot(a, a);
        if (_lp is not null) foreach (double v in _lp) sum += v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>Re Tr(A B) for Hermitian A, B: Re sum_kl A_kl conj(B_kl) on the column-major storage.</summary>
    internal static double HermitianDot(Matrix<Complex> a, Matrix<Complex> b)
    {
        var x = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
        var y = b.AsColumnMajorArray() ?? b.ToColumnMajorArray();
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i].Real * y[i].Real + x[i].Imaginary * y[i].Imaginary;
        return sum;
    }
}

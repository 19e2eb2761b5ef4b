using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.NumericalKeyRate;

/// <summary>
/// The objective f(rho) = D(G(rho) || Z(G(rho))) of a <see cref="KeyRateProblem"/> in bits, and its gradient.
/// Because Z is a pinching, log Z(X) is block diagonal and Tr(X log Z(X)) = Tr(Z(X) log Z(X)), so
/// f(rho) = S(Z(G(rho))) - S(G(rho)) with S the von Neumann entropy (finite even for singular G(rho); 0 log 0 = 0).
/// Gradient (Winick, Lütkenhaus, Coles, Quantum 2, 77 (2018), Sec. 3.2, gradient of f): grad f(rho) = G^dag(log G(rho)) - G^dag(log Z(G(rho))),
/// natural logs, divided by ln 2 for bits. It needs G(rho) &gt; 0, so it is taken on the perturbed map of Winick Sec. 3.3,
/// G_eps(rho) = (1 - eps) G(rho) + eps Tr(rho) 1/d' (the Tr(rho) factor keeps G_eps linear, hence f_eps convex and
/// 1-homogeneous; it equals Winick's map on unit-trace states), G_eps^dag(Y) = (1 - eps) G^dag(Y) + eps Tr(Y) 1/d'.
/// Fast path, exact, when G has one Kraus operator K with K^dag K = 1 (an isometry) and every key projector is diagonal
/// with 0/1 entries (a set of output coordinates, as in the QKD problems here): with c = eps Tr(rho)/d',
/// G_eps(rho) = K ((1 - eps) rho + c 1) K^dag on the range of K and c on its complement, so its spectrum is that of
/// (1 - eps) rho + c 1 plus d' - d copies of c, and K^dag log G_eps(rho) K = log((1 - eps) rho + c 1); Z(G_eps(rho)) is the
/// direct sum of the blocks (1 - eps) K_j rho K_j^dag + c 1, K_j the rows of K in projector j's coordinates, and
/// K^dag log Z(G_eps) K = sum_j K_j^dag log(block_j) K_j. Eigendecompositions then have the size of the state and of the
/// blocks, not of the output space.
/// </summary>
public sealed class KeyRateObjective
{
    private readonly KeyRateProblem _problem;
    private readonly Matrix<Complex>[] _kraus, _krausDagger;

    public KeyRateObjective(KeyRateProblem problem, double perturbation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.PostProcessingKraus.Count == 0) throw new ArgumentException("G needs at least one Kraus operator");
        if (problem.KeyProjectors.Count == 0) throw new ArgumentException("Z needs at least one key projector");
        if (perturbation < 0 || perturbation >= 1) throw new ArgumentException("perturbation must lie in [0, 1)");
        int dOut = problem.OutputDimension;
        if (problem.PostProcessingKraus.Any(k => k.RowCount != dOut || k.ColumnCount != problem.Dimension))
            throw new ArgumentException("every Kraus operator maps the state space (Dimension) to the output space");
        if (problem.KeyProjectors.Any(z => z.RowCount != dOut || z.ColumnCount != dOut))
            throw new ArgumentException("key projectors act on G's output space");
        _problem = problem;
        _kraus = problem.PostProcessingKraus.ToArray();
        _krausDagger = _kraus.Select(k => k.ConjugateTranspose()).ToArray();
        Perturbation = perturbation;
        _blocks = IsometryBlocks(problem);
    }

    // Rows of K per key projector when the fast path applies (see the class comment), else null.
    private readonly Matrix<Complex>[]? _blocks;

    private static Matrix<Complex>[]? IsometryBlocks(KeyRateProblem p)
    {
        if (p.PostProcessingKraus.Count != 1) return null;
        var k = p.PostProcessingKraus[0];
        if ((k.ConjugateTranspose() * k - Matrix<Complex>.Build.DenseIdentity(p.Dimension)).FrobeniusNorm() > 1e-10) return null;
        var blocks = new Matrix<Complex>[p.KeyProjectors.Count];
        for (int j = 0; j < blocks.Length; j++)
        {
            var z = p.KeyProjectors[j];
            var rows = new List<int>();
            for (int r = 0; r < z.RowCount; r++)
                for (int c = 0; c < z.ColumnCount; c++)
                {
                    var v = z[r, c];
                    bool diagonalOne = r == c && (v - Complex.One).Magnitude < 1e-12;
                    if (!diagonalOne && v.Magnitude > 1e-12) return null;
                    if (diagonalOne) rows.Add(r);
                }
            blocks[j] = Matrix<Complex>.Build.DenseOfRowVectors(rows.Select(r => k.Row(r)));
        }
        return blocks;
    }

    public double Perturbation { get; }

    /// <summary>
    /// zeta_eps = 2 eps (d' - 1) log2(d' / (eps (d' - 1))), the bound |f_eps - f| &lt;= zeta_eps on states
    /// (Winick et al., Quantum 2, 77 (2018), Sec. 3.3, perturbation theorem; valid for eps &lt;= 1/(e (d' - 1))).
    /// Assumption where the paper is silent: it is applied as stated to unit-trace states and trace-preserving G.
    /// </summary>
    public double PerturbationCorrectionBits()
    {
        int d = _problem.OutputDimension;
        double eps = Perturbation;
        if (eps == 0 || d == 1) return 0;
        if (eps > 1 / (Math.E * (d - 1))) throw new ArgumentException("perturbation too large for the zeta_eps bound");
        return 2 * eps * (d - 1) * Math.Log2(d / (eps * (d - 1)));
    }

    /// <summary>G(rho) = sum_j K_j rho K_j^dag, perturbed to G_eps when asked.</summary>
    public Matrix<Complex> Channel(Matrix<Complex> rho, bool perturbed)
    {
        var g = Matrix<Complex>.Build.Dense(_problem.OutputDimension, _problem.OutputDimension);
        for (int j = 0; j < _kraus.Length; j++) g.Add(_kraus[j] * rho * _krausDagger[j], g);
        if (!perturbed || Perturbation == 0) return g;
        int d = _problem.OutputDimension;
        return g * (1 - Perturbation) + Matrix<Complex>.Build.DenseIdentity(d) * (Perturbation * rho.Trace().Real / d);
    }

    private Matrix<Complex> ChannelAdjoint(Matrix<Complex> y)
    {
        var g = Matrix<Complex>.Build.Dense(_problem.Dimension, _problem.Dimension);
        for (int j = 0; j < _kraus.Length; j++) g.Add(_krausDagger[j] * y * _kraus[j], g);
        if (Perturbation == 0) return g;
        int d = _problem.OutputDimension;
        return g * (1 - Perturbation) + Matrix<Complex>.Build.DenseIdentity(_problem.Dimension) * (Perturbation * y.Trace().Real / d);
    }

    /// <summary>Z(sigma) = sum_j Z_j sigma Z_j.</summary>
    public Matrix<Complex> Pinch(Matrix<Complex> sigma)
    {
        var z = Matrix<Complex>.Build.Dense(sigma.RowCount, sigma.ColumnCount);
        foreach (var p in _problem.KeyProjectors) z.Add(p * sigma * p, z);
        return z;
    }

    /// <summary>f(rho) in bits, on G or on the perturbed G_eps.</summary>
    public double ValueBits(Matrix<Complex> rho, bool perturbed)
    {
        if (_blocks is not null)
        {
            double eps = perturbed ? Perturbation : 0.0, c = eps * rho.Trace().Real / _problem.OutputDimension;
            double value = -EntropyBits(Shifted(rho * (1 - eps), c)) + (_problem.OutputDimension - _problem.Dimension) * Xlog2X(c);
            foreach (var b in _blocks) value += EntropyBits(Shifted(b * rho * b.ConjugateTranspose() * (1 - eps), c));
            return value;
        }
        var g = Channel(rho, perturbed);
        return EntropyBits(Pinch(g)) - EntropyBits(g);
    }

    /// <summary>grad f_eps(rho) in bits (Winick Sec. 3.2 gradient, on G_eps), Hermitian, Dimension x Dimension.</summary>
    public Matrix<Complex> GradientBits(Matrix<Complex> rho)
    {
        if (_blocks is not null) return FastGradientBits(rho);
        var g = Channel(rho, perturbed: true);
        var logDiff = HermitianFunction(g, Math.Log) - HermitianFunction(Pinch(g), Math.Log);
        var grad = ChannelAdjoint(logDiff) / Math.Log(2);
        return (grad + grad.ConjugateTranspose()) * 0.5;
    }

    // grad = (1 - eps) [log((1-eps) rho + c) - sum_j K_j^dag log(block_j) K_j] + (eps/d') [Tr log G_eps - Tr log Z(G_eps)] 1, over ln 2.
    private Matrix<Complex> FastGradientBits(Matrix<Complex> rho)
    {
        double eps = Perturbation, c = eps * rho.Trace().Real / _problem.OutputDimension;
        var (logG, traceLogG) = LogAndTrace(Shifted(rho * (1 - eps), c));
        traceLogG += (_problem.OutputDimension - _problem.Dimension) * Math.Log(Math.Max(c, double.Epsilon));
        var diff = logG;
        double traceLogZ = 0;
        foreach (var b in _blocks!)
        {
            var (logBlock, trace) = LogAndTrace(Shifted(b * rho * b.ConjugateTranspose() * (1 - eps), c));
            diff -= b.ConjugateTranspose() * logBlock * b;
            traceLogZ += trace;
        }
        var grad = diff * (1 - eps) + Matrix<Complex>.Build.DenseIdentity(_problem.Dimension) * (eps / _problem.OutputDimension * (traceLogG - traceLogZ));
        grad /= Math.Log(2);
        return (grad + grad.ConjugateTranspose()) * 0.5;
    }

    private static Matrix<Complex> Shifted(Matrix<Complex> a, double c) => c == 0 ? a : a + Matrix<Complex>.Build.DenseIdentity(a.RowCount) * c;

    private static double Xlog2X(double x) => x > 0 ? x * Math.Log2(x) : 0.0;

    private static (Matrix<Complex> Log, double Trace) LogAndTrace(Matrix<Complex> a)
    {
        var evd = a.Evd(Symmetricity.Hermitian);
        var logs = Enumerable.Range(0, a.RowCount).Select(i => Math.Log(Math.Max(evd.EigenValues[i].Real, double.Epsilon))).ToArray();
        var v = evd.EigenVectors;
        var fl = Matrix<Complex>.Build.DenseDiagonal(a.RowCount, a.RowCount, i => new Complex(logs[i], 0));
        return (v * fl * v.ConjugateTranspose(), logs.Sum());
    }

    /// <summary>S(X) = -sum lambda log2 lambda over the eigenvalues of Hermitian X, rounding negatives clamped to 0.</summary>
    public static double EntropyBits(Matrix<Complex> x)
    {
        double s = 0;
        foreach (var e in x.Evd(Symmetricity.Hermitian).EigenValues)
            if (e.Real > 0) s -= e.Real * Math.Log2(e.Real);
        return s;
    }

    /// <summary>
    /// f(A) = V f(Lambda) V^dag by Hermitian EVD. Eigenvalues are clamped below at double.Epsilon before f: rounding can
    /// push a positive-definite G_eps(rho)'s smallest eigenvalue (&gt;= eps/d') only by ~1e-16 ||A||, so the clamp only
    /// guards against a log of a non-positive number.
    /// </summary>
    public static Matrix<Complex> HermitianFunction(Matrix<Complex> a, Func<double, double> f)
    {
        var evd = a.Evd(Symmetricity.Hermitian);
        var v = evd.EigenVectors;
        var fl = Matrix<Complex>.Build.DenseDiagonal(a.RowCount, a.RowCount,
            i => new Complex(f(Math.Max(evd.EigenValues[i].Real, double.Epsilon)), 0));
        return v * fl * v.ConjugateTranspose();
    }
}

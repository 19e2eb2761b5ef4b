using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace QkdNetSim.Analysis.Sdp;

/// <summary>
/// Dense primal-dual interior-point method for complex Hermitian block SDPs with an optional LP block:
/// primal min &lt;C,X&gt; s.t. &lt;A_i,X&gt; = b_i (i = 1..m), X &gt;= 0; dual max b.y s.t. S = C - sum_i y_i A_i &gt;= 0.
/// Infeasible start (X, S = multiples of the identity, y = 0; scaled as in SDPT3's starting point, Toh, Todd, Tütüncü,
/// Optim. Methods Softw. 11, 545 (1999)). Each iteration linearises X S = sigma mu I with the HKM direction
/// (Helmberg, Rendl, Vanderbei, Wolkowicz, SIAM J. Optim. 6, 342 (1996); Kojima-Shindoh-Hara; Monteiro):
/// with Rp = b - A(X), Rd = C - S - A^T(y) and a target G (Hermitian),
///   dX = G - H(X dS S^-1),  dS = Rd - A^T(dy),  H(Y) = (Y + Y^H)/2,
/// and A(dX) = Rp gives the Schur system M dy = Rp - A(G - H(X Rd S^-1)) with
///   M_ij = Re Tr(A_i X A_j S^-1),
/// formed from each constraint's support (the rows and columns where it is nonzero; see Iteration) and factored by
/// Cholesky (dense, m x m).
/// Mehrotra predictor-corrector (Mehrotra, SIAM J. Optim. 2, 575 (1992); for SDP Todd, Toh, Tütüncü, SIAM J. Optim. 8,
/// 769 (1998)): predictor G = -X (sigma = 0); sigma = (mu_aff / mu)^3; corrector
/// G = sigma mu S^-1 - X - H(dX_a dS_a S^-1). Step lengths: 0.98 of the largest step keeping X, S &gt;= 0, capped at 1
/// (largest step from the eigenvalues of L^-1 dX L^-H). The LP block is the diagonal special case (x dS / s etc.).
/// Complex Hermitian blocks are handled natively (real data keeps every iterate real).
/// Infeasibility (SDPT3's test): b.y &gt; 0 with ||A^T y + S|| / (b.y) small certifies primal infeasibility;
/// &lt;C,X&gt; &lt; 0 with ||A(X)|| / |&lt;C,X&gt;| small certifies dual infeasibility.
/// </summary>
public static class SdpSolver
{
    private const double StepFraction = 0.98;

    public static SdpResult Solve(SdpProblem problem, SdpOptions? options = null)
    {
        options ??= new SdpOptions();
        var d = new Data(problem);
        int m = d.M;

        var (x, s) = d.StartingPoint();
        var y = new double[m];
        double normB = Math.Sqrt(d.B.Sum(v => v * v)), normC = d.C.Norm();
        int totalDim = d.Sizes.Sum() + d.P;

        SdpStatus status = SdpStatus.MaxIterations;
        double pobj = 0, dobj = 0, gap = 0, pinf = 0, dinf = 0, bestMerit = double.PositiveInfinity;
        int iter = 0, lastImprovement = 0;

        for (; ; iter++)
        {
            var ax = d.ApplyA(x);
            var rp = new double[m];
            for (int i = 0; i < m; i++) rp[i] = d.B[i] - ax[i];
            var rd = d.C.Minus(s).Minus(d.ApplyAT(y));
            pobj = d.C.Dot(x);
            dobj = Dot(d.B, y);
            double scale = 1 + Math.Abs(pobj) + Math.Abs(dobj);
            gap = Math.Abs(pobj - dobj) / scale;
            double compl = x.Dot(s) / scale;
            pinf = Norm(rp) / (1 + normB);
            dinf = rd.Norm() / (1 + normC);

            if (!double.IsFinite(pobj + dobj + gap + compl + pinf + dinf)) { status = SdpStatus.NumericalFailure; break; }
            if (Math.Max(gap, compl) <= options.GapTolerance && pinf <= options.FeasibilityTolerance
                && dinf <= options.FeasibilityTolerance) { status = SdpStatus.Optimal; break; }
            if (dobj > 0 && d.C.Minus(rd).Norm() / dobj < options.InfeasibilityTolerance) { status = SdpStatus.PrimalInfeasible; break; }
            if (pobj < 0 && Norm(ax) / -pobj < options.InfeasibilityTolerance) { status = SdpStatus.DualInfeasible; break; }
            double merit = Math.Max(Math.Max(gap, compl), Math.Max(pinf, dinf));
            if (merit < 0.9 * bestMerit) { bestMerit = merit; lastImprovement = iter; }
            if (iter - lastImprovement > 15) { status = SdpStatus.NumericalFailure; break; }
            if (iter >= options.MaxIterations) { status = SdpStatus.MaxIterations; break; }

            Iteration? it;
            try { it = new Iteration(d, x, s, rp, rd); }
            catch (ArgumentException) { status = SdpStatus.NumericalFailure; break; }
            if (it.SchurFactor is null) { status = SdpStatus.NumericalFailure; break; }

            double mu = x.Dot(s) / totalDim;
            var (dxA, _, dsA) = it.Direction(x.Scale(-1));
            double apA = Math.Min(1, it.MaxStep(it.LxInv, dxA, x)), adA = Math.Min(1, it.MaxStep(it.LsInv, dsA, s));
            double muAff = x.Plus(dxA, apA).Dot(s.Plus(dsA, adA)) / totalDim;
            double sigma = Math.Clamp(Math.Pow(muAff / mu, 3), 0, 1);

            var target = it.SInv.Scale(sigma * mu).Minus(x).Minus(it.SymmetricProduct(dxA, dsA));
            var (dx, dy, ds) = it.Direction(target);
            double ap = Math.Min(1, StepFraction * it.MaxStep(it.LxInv, dx, x));
            double ad = Math.Min(1, StepFraction * it.MaxStep(it.LsInv, ds, s));
            if (!double.IsFinite(ap) || !double.IsFinite(ad)) { status = SdpStatus.NumericalFailure; break; }
            x = x.Plus(dx, ap).Hermitised();
            s = s.Plus(ds, ad).Hermitised();
            for (int i = 0; i < m; i++) y[i] += ad * dy[i];
        }

        return new SdpResult(status, x.ToPublic(), y, s.ToPublic(), pobj, dobj, gap, pinf, dinf, iter);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    /// <summary>Dense block-diagonal working matrix (every block present).</summary>
    private sealed class Blocks
    {
        public readonly Matrix<Complex>[] H;
        public readonly double[] L;

        public Blocks(Matrix<Complex>[] h, double[] l) { H = h; L = l; }

        public static Blocks Zero(int[] sizes, int p) =>
            new(sizes.Select(n => Matrix<Complex>.Build.Dense(n, n)).ToArray(), new double[p]);

        public static Blocks Identity(int[] sizes, int p, double[] hScale, double lpScale) =>
            new(sizes.Select((n, k) => Matrix<Complex>.Build.DenseIdentity(n) * hScale[k]).ToArray(),
                Enumerable.Repeat(lpScale, p).ToArray());

        public double Dot(Blocks o)
        {
            double sum = 0;
            for (int k = 0; k < H.Length; k++) sum += SdpBlockMatrix.HermitianDot(H[k], o.H[k]);
            for (int j = 0; j < L.Length; j++) sum += L[j] * o.L[j];
            return sum;
        }

        public double Norm() => Math.Sqrt(Dot(this));

        public Blocks Plus(Blocks o, double a = 1) =>
            new(H.Select((h, k) => h + o.H[k] * a).ToArray(), L.Select((v, j) => v + a * o.L[j]).ToArray());

        public Blocks Minus(Blocks o) => Plus(o, -1);

        public Blocks Scale(double a) => new(H.Select(h => h * a).ToArray(), L.Select(v => v * a).ToArray());

        public Blocks Hermitised() => new(H.Select(Herm).ToArray(), L);

        public SdpBlockMatrix ToPublic() => new(H, L);
    }

    private static Matrix<Complex> Herm(Matrix<Complex> a) => (a + a.ConjugateTranspose()) * 0.5;

    /// <summary>Validated dense copy of the problem data.</summary>
    private sealed class Data
    {
        public readonly int[] Sizes;
        public readonly int P, M;
        public readonly Blocks C;
        public readonly Matrix<Complex>?[][] A; // A[i][k], null = zero block
        public readonly double[]?[] ALp;
        public readonly double[] B;
        public readonly int[]?[][] Support;            // Support[i][k]: indices of the nonzero rows of A_i's block k
        public readonly Matrix<Complex>?[][] Compressed; // A_i's block k restricted to its support

        public Data(SdpProblem problem)
        {
            ArgumentNullException.ThrowIfNull(problem);
            Sizes = problem.HermitianBlockSizes.ToArray();
            P = problem.LpSize;
            M = problem.ConstraintCount;
            if (Sizes.Any(n => n <= 0) || P < 0) throw new ArgumentException("block sizes must be positive");
            if (Sizes.Length == 0 && P == 0) throw new ArgumentException("the cone has no blocks");
            if (problem.Rhs.Count != M) throw new ArgumentException("one right-hand side per constraint");
            if (M == 0) throw new ArgumentException("at least one constraint");
            B = problem.Rhs.ToArray();
            var c = Checked(problem.Objective, "objective");
            C = new Blocks(Sizes.Select((n, k) => c.h[k] ?? Matrix<Complex>.Build.Dense(n, n)).ToArray(), c.lp ?? new double[P]);
            A = new Matrix<Complex>?[M][];
            ALp = new double[]?[M];
            for (int i = 0; i < M; i++) (A[i], ALp[i]) = Checked(problem.ConstraintMatrices[i], $"constraint {i}");
            Support = new int[]?[M][];
            Compressed = new Matrix<Complex>?[M][];
            for (int i = 0; i < M; i++)
            {
                Support[i] = new int[]?[Sizes.Length];
                Compressed[i] = new Matrix<Complex>?[Sizes.Length];
                for (int k = 0; k < Sizes.Length; k++)
                {
                    if (A[i][k] is not { } a) continue;
                    var rows = Enumerable.Range(0, a.RowCount).Where(r => Enumerable.Range(0, a.ColumnCount).Any(c => a[r, c] != Complex.Zero)).ToArray();
                    if (rows.Length == 0) continue;
                    Support[i][k] = rows;
                    Compressed[i][k] = Matrix<Complex>.Build.Dense(rows.Length, rows.Length, (r, c) => a[rows[r], rows[c]]);
                }
            }
        }

        private (Matrix<Complex>?[] h, double[]? lp) Checked(SdpBlockMatrix a, string name)
        {
            if (a.Hermitian.Count > Sizes.Length) throw new ArgumentException($"{name}: too many blocks");
            var h = new Matrix<Complex>?[Sizes.Length];
            for (int k = 0; k < Sizes.Length; k++)
            {
                var blk = a.Block(k);
                if (blk is null) continue;
                if (blk.RowCount != Sizes[k] || blk.ColumnCount != Sizes[k]) throw new ArgumentException($"{name}: block {k} size");
                double asym = (blk - blk.ConjugateTranspose()).FrobeniusNorm();
                if (asym > 1e-10 * (1 + blk.FrobeniusNorm())) throw new ArgumentException($"{name}: block {k} is not Hermitian");
                h[k] = Herm(Matrix<Complex>.Build.DenseOfMatrix(blk));
            }
            var lp = a.LpArray;
            if (lp is not null && lp.Length != P) throw new ArgumentException($"{name}: LP block length");
            return (h, lp?.ToArray());
        }

        public double[] ApplyA(Blocks x)
        {
            var r = new double[M];
            for (int i = 0; i < M; i++) r[i] = DotA(i, x);
            return r;
        }

        /// <summary>&lt;A_i, V&gt; for Hermitian V.</summary>
        public double DotA(int i, Blocks v)
        {
            double sum = 0;
            for (int k = 0; k < Sizes.Length; k++)
                if (A[i][k] is { } a) sum += SdpBlockMatrix.HermitianDot(a, v.H[k]);
            if (ALp[i] is { } al) for (int j = 0; j < P; j++) sum += al[j] * v.L[j];
            return sum;
        }

        /// <summary>A^T(y) = sum_i y_i A_i.</summary>
        public Blocks ApplyAT(double[] y)
        {
            var r = Blocks.Zero(Sizes, P);
            for (int i = 0; i < M; i++)
            {
                if (y[i] == 0) continue;
                for (int k = 0; k < Sizes.Length; k++)
                    if (A[i][k] is { } a) r.H[k].Add(a * y[i], r.H[k]);
                if (ALp[i] is { } al) for (int j = 0; j < P; j++) r.L[j] += y[i] * al[j];
            }
            return r;
        }

        /// <summary>
        /// X0 = xi I, S0 = eta I per block with xi = max(10, sqrt n, sqrt n max_i (1+|b_i|)/(1+||A_i||)),
        /// eta = max(10, sqrt n, ||C||, max_i ||A_i||) (the SDPT3 heuristic: start well inside the cone, on the data's scale).
        /// </summary>
        public (Blocks x, Blocks s) StartingPoint()
        {
            int nb = Sizes.Length;
            var xi = new double[nb + 1];
            var eta = new double[nb + 1];
            for (int k = 0; k <= nb; k++)
            {
                int n = k < nb ? Sizes[k] : P;
                if (n == 0) continue;
                double sq = Math.Sqrt(n), ratio = 0, maxA = 0;
                for (int i = 0; i < M; i++)
                {
                    double na = k < nb ? A[i][k]?.FrobeniusNorm() ?? 0 : Math.Sqrt(ALp[i]?.Sum(v => v * v) ?? 0);
                    ratio = Math.Max(ratio, (1 + Math.Abs(B[i])) / (1 + na));
                    maxA = Math.Max(maxA, na);
                }
                double nc = k < nb ? C.H[k].FrobeniusNorm() : Math.Sqrt(C.L.Sum(v => v * v));
                xi[k] = Math.Max(10, Math.Max(sq, sq * ratio));
                eta[k] = Math.Max(10, Math.Max(sq, Math.Max(nc, maxA)));
            }
            return (Blocks.Identity(Sizes, P, xi, xi[nb]), Blocks.Identity(Sizes, P, eta, eta[nb]));
        }
    }

    /// <summary>Factorizations of one iterate and the HKM directions built from them.</summary>
    private sealed class Iteration
    {
        private readonly Data _d;
        private readonly Blocks _x, _s;
        private readonly double[] _rp;
        private readonly Blocks _rd;
        public readonly Matrix<Complex>[] LxInv, LsInv;
        public readonly Blocks SInv;
        public readonly Cholesky<double>? SchurFactor;

        public Iteration(Data d, Blocks x, Blocks s, double[] rp, Blocks rd)
        {
            _d = d; _x = x; _s = s; _rp = rp; _rd = rd;
            int nb = d.Sizes.Length;
            var lx = new Matrix<Complex>[nb];
            LxInv = new Matrix<Complex>[nb];
            LsInv = new Matrix<Complex>[nb];
            var sInvH = new Matrix<Complex>[nb];
            var schur = Matrix<double>.Build.Dense(d.M, d.M);
            for (int k = 0; k < nb; k++)
            {
                lx[k] = x.H[k].Cholesky().Factor; // throws ArgumentException if X left the cone numerically
                LxInv[k] = lx[k].Inverse();
                LsInv[k] = s.H[k].Cholesky().Factor.Inverse();
                sInvH[k] = LsInv[k].ConjugateTranspose() * LsInv[k];
            }
            if (x.L.Any(v => v <= 0) || s.L.Any(v => v <= 0)) throw new ArgumentException("LP iterate left the orthant");
            SInv = new Blocks(sInvH, s.L.Select(v => 1 / v).ToArray());

            // M_ij = Re Tr(A_i X A_j S^-1) per block. A constraint touching only the index set J (rows/columns with a nonzero)
            // needs W_j = X[:, J] A_j[J, J] S^-1[J, :] (cost n^2 |J|) and M_ij = Re sum_{p,q in J_i} A_i[p,q] W_j[q,p] (|J_i|^2):
            // block-local constraints cost far less than the dense n^3 products.
            schur.Clear();
            for (int k = 0; k < nb; k++)
            {
                var xk = x.H[k];
                var sInv = sInvH[k];
                for (int j = 0; j < d.M; j++)
                {
                    if (d.Support[j][k] is not { } jj) continue;
                    var xCols = Matrix<Complex>.Build.Dense(xk.RowCount, jj.Length, (r, c) => xk[r, jj[c]]);
                    var sRows = Matrix<Complex>.Build.Dense(jj.Length, sInv.ColumnCount, (r, c) => sInv[jj[r], c]);
                    var wj = xCols * d.Compressed[j][k]! * sRows;
                    for (int i = 0; i < d.M; i++)
                    {
                        if (d.Support[i][k] is not { } ii) continue;
                        var ai = d.Compressed[i][k]!;
                        double sum = 0;
                        for (int q = 0; q < ii.Length; q++)
                            for (int pIdx = 0; pIdx < ii.Length; pIdx++)
                            {
                                var a = ai[pIdx, q];
                                if (a != Complex.Zero) sum += (a * wj[ii[q], ii[pIdx]]).Real;
                            }
                        schur[i, j] += sum;
                    }
                }
            }
            schur = (schur + schur.Transpose()) * 0.5;
            if (d.P > 0)
            {
                var wl = Matrix<double>.Build.Dense(d.M, d.P);
                for (int i = 0; i < d.M; i++)
                    if (d.ALp[i] is { } al)
                        for (int j = 0; j < d.P; j++) wl[i, j] = al[j] * Math.Sqrt(x.L[j] / s.L[j]);
                schur.Add(wl.TransposeAndMultiply(wl), schur);
            }
            SchurFactor = TryCholesky(schur);
        }

        private static Cholesky<double>? TryCholesky(Matrix<double> m)
        {
            try { return m.Cholesky(); }
            catch (ArgumentException)
            {
                // Assumption: a tiny diagonal shift (1e-13 of the largest pivot) only absorbs rounding in a
                // nearly singular Schur complement; a genuinely dependent constraint set still fails here.
                double shift = 1e-13 * m.Diagonal().Maximum();
                try { return (m + Matrix<double>.Build.DenseIdentity(m.RowCount) * shift).Cholesky(); }
                catch (ArgumentException) { return null; }
            }
        }

        /// <summary>H(U V S^-1) per block (U V / s on the LP block).</summary>
        public Blocks SymmetricProduct(Blocks u, Blocks v) =>
            new(u.H.Select((h, k) => Herm(h * v.H[k] * SInv.H[k])).ToArray(),
                u.L.Select((a, j) => a * v.L[j] * SInv.L[j]).ToArray());

        /// <summary>HKM direction for target G: M dy = Rp - A(G - H(X Rd S^-1)), dS = Rd - A^T dy, dX = G - H(X dS S^-1).</summary>
        public (Blocks dx, double[] dy, Blocks ds) Direction(Blocks g)
        {
            var w = g.Minus(SymmetricProduct(_x, _rd));
            var rhs = Vector<double>.Build.Dense(_d.M, i => _rp[i] - _d.DotA(i, w));
            var dy = SchurFactor!.Solve(rhs).ToArray();
            var ds = _rd.Minus(_d.ApplyAT(dy));
            var dx = g.Minus(SymmetricProduct(_x, ds));
            return (dx, dy, ds);
        }

        /// <summary>Largest t with V + t dV &gt;= 0: t = -1/lambda_min(L^-1 dV L^-H) if that is negative, else infinity.</summary>
        public double MaxStep(Matrix<Complex>[] lInv, Blocks dv, Blocks v)
        {
            double t = double.PositiveInfinity;
            for (int k = 0; k < lInv.Length; k++)
            {
                var scaled = Herm(lInv[k] * dv.H[k] * lInv[k].ConjugateTranspose());
                double lmin = scaled.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real);
                if (lmin < 0) t = Math.Min(t, -1 / lmin);
            }
            for (int j = 0; j < v.L.Length; j++)
                if (dv.L[j] < 0) t = Math.Min(t, -v.L[j] / dv.L[j]);
            return t;
        }
    }
}

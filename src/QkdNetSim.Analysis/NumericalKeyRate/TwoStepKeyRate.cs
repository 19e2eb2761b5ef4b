using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Sdp;

namespace QkdNetSim.Analysis.NumericalKeyRate;

/// <summary>
/// MaxIterations and GapTolerance (bits) stop step 1; Perturbation is Winick's eps (Sec. 3.3); ConstraintRelaxation is
/// the floor of Winick's eps' (Sec. 3.4), raised to the step-1 state's largest constraint violation. InitialState, when
/// given, replaces the analytic-centre start (e.g. the honest state a problem builder knows is feasible).
/// </summary>
public sealed record TwoStepOptions(
    int MaxIterations = 300,
    double GapTolerance = 1e-7,
    double Perturbation = 1e-12,
    double ConstraintRelaxation = 1e-12,
    int LineSearchIterations = 60,
    SdpOptions? Sdp = null,
    Matrix<Complex>? InitialState = null);

public enum TwoStepStatus
{
    /// <summary>Step 1 reached the Frank-Wolfe gap tolerance.</summary>
    Converged,
    MaxIterations,
    /// <summary>Step 1 stopped because a linearised SDP failed or the line search made no progress; step 2 still certifies.</summary>
    Stalled,
}

/// <param name="Step1Bits">f at the step-1 state (unperturbed G): an upper bound on the minimum up to that state's
/// constraint violation (see ConstraintRelaxation).</param>
/// <param name="LowerBoundBits">Step-2 certificate: a lower bound on the minimum of f over the constraint set.</param>
public sealed record TwoStepResult(double Step1Bits, double LowerBoundBits, int Iterations, Matrix<Complex> State)
{
    public TwoStepStatus Status { get; init; }

    /// <summary>Frank-Wolfe gap Tr(grad f_eps(rho) (rho - sigma)) at the returned state: f_eps(rho) - min f_eps &lt;= it.</summary>
    public double FrankWolfeGapBits { get; init; }

    /// <summary>f_eps(sigma) - Tr(sigma grad f_eps(sigma)); zero in exact arithmetic (f_eps is 1-homogeneous).</summary>
    public double LinearisationOffsetBits { get; init; }

    /// <summary>Dual objective of the step-2 SDP with the eps'-relaxed constraints (before the eigenvalue correction).</summary>
    public double DualValueBits { get; init; }

    /// <summary>min(lambda_min(grad f - sum_i y_i Gamma_i), 0) times a certified bound on Tr(rho): &lt;= 0.</summary>
    public double DualInfeasibilityCorrectionBits { get; init; }

    /// <summary>zeta_eps of the eps-perturbation (subtracted).</summary>
    public double PerturbationCorrectionBits { get; init; }

    /// <summary>eps' used in step 2.</summary>
    public double ConstraintRelaxation { get; init; }

    /// <summary>Step-2 dual variables y_i, one per constraint (the multiplier of Gamma_i; y_i = y+_i - y-_i).</summary>
    public IReadOnlyList<double> DualVariables { get; init; } = Array.Empty<double>();
}

/// <summary>
/// Two-step method for a reliable numerical key rate (Winick, Lütkenhaus, Coles, Quantum 2, 77 (2018); first step as in
/// Coles, Metodiev, Lütkenhaus, Nat. Commun. 7, 11712 (2016)).
/// Step 1 (Winick Sec. 3, Algorithm 1), Frank-Wolfe on f_eps (see <see cref="KeyRateObjective"/>): start from a feasible
/// state (the SDP with zero objective, whose interior-point limit is the analytic centre of the feasible set); then
/// sigma_k = argmin Tr(grad f_eps(rho_k) sigma) over the feasible set (an SDP), Delta = sigma_k - rho_k, stop when the
/// gap -Tr(grad f_eps(rho_k) Delta) &lt; GapTolerance, else rho_{k+1} = rho_k + t Delta with t = argmin_[0,1] f_eps(rho_k + t Delta)
/// (golden section; f_eps is convex along the segment).
/// Step 2 (Winick Sec. 3.2 Theorems and Sec. 3.4): convexity gives f_eps(rho) &gt;= f_eps(sigma) + Tr((rho - sigma) grad f_eps(sigma))
/// for every state rho and any sigma &gt; 0 (optimal or not), and weak duality bounds min Tr(rho grad f_eps(sigma)) over the
/// eps'-relaxed feasible set from below by any y with Z = grad f_eps(sigma) - sum_i y_i Gamma_i &gt;= 0:
///   sum_intervals [(L_i - eps') y+_i - (U_i + eps') y-_i] + sum_equalities [gamma_i y_i - eps' |y_i|].
/// The relaxation eps' = max(ConstraintRelaxation, largest constraint violation of sigma) is Winick's treatment of the
/// numerical constraint violation. A numerically returned y may leave Z with a slightly negative eigenvalue lambda; then
/// Tr(rho Z) &gt;= lambda Tr(rho) and we add lambda T, T a certified bound on Tr(rho) (from the dual of max Tr(rho), the same
/// argument). Finally min f &gt;= min f_eps - zeta_eps. Assumption where Winick is silent: the eigenvalue check carries an
/// allowance of 1e-14 d (||grad f||_F + sum |y_i| ||Gamma_i||_F) for the rounding of forming Z and of its EVD; the
/// gradient itself is taken as exact (its rounding, ~1e-16 relative, is far below the other corrections).
/// </summary>
public static class TwoStepKeyRate
{
    public static TwoStepResult Solve(KeyRateProblem problem, TwoStepOptions? options = null)
    {
        options ??= new TwoStepOptions();
        if (options.MaxIterations < 0 || options.GapTolerance <= 0) throw new ArgumentException("bad Frank-Wolfe options");
        var objective = new KeyRateObjective(problem, options.Perturbation);
        var set = new FeasibleSet(problem);
        var sdpOptions = options.Sdp ?? new SdpOptions();

        // Step 1: Frank-Wolfe (Winick Algorithm 1).
        var rho = options.InitialState ?? FeasibleStart(set, problem.Dimension, sdpOptions);
        var status = TwoStepStatus.MaxIterations;
        double gap = double.PositiveInfinity;
        var recent = new Queue<Matrix<Complex>>();
        int k = 0;
        for (; ; k++)
        {
            var grad = objective.GradientBits(rho);
            var lmo = SdpSolver.Solve(set.Sdp(grad, 0), sdpOptions);
            if (!Usable(lmo)) { status = TwoStepStatus.Stalled; break; }
            var delta = lmo.X.Hermitian[0]! - rho;
            gap = -SdpBlockMatrix.HermitianDot(grad, delta);
            if (gap < options.GapTolerance) { status = TwoStepStatus.Converged; break; }
            if (k >= options.MaxIterations) break;
            double t = GoldenSection(s => objective.ValueBits(rho + delta * s, perturbed: true), options.LineSearchIterations);
            if (t == 0) { status = TwoStepStatus.Stalled; break; }
            if (recent.Count == RecentIterates) recent.Dequeue();
            recent.Enqueue(rho);
            rho = rho + delta * t;
            rho = (rho + rho.ConjugateTranspose()) * 0.5;
        }

        // Step 2: dual certificate at sigma = rho. Any sigma gives a valid bound, so when the dual SDP at the last iterate does
        // not reach its optimum (a badly conditioned gradient), the certificates of the previous iterates are tried too and the
        // largest bound is kept.
        var certificate = Certify(objective, set, rho, sdpOptions, options.ConstraintRelaxation);
        foreach (var earlier in recent.Reverse())
        {
            if (certificate.Optimal) break;
            var other = Certify(objective, set, earlier, sdpOptions, options.ConstraintRelaxation);
            if (other.Bound > certificate.Bound) certificate = other;
        }
        double zeta = objective.PerturbationCorrectionBits();
        return new TwoStepResult(objective.ValueBits(rho, perturbed: false), certificate.Bound - zeta, k, rho)
        {
            Status = status,
            FrankWolfeGapBits = gap,
            LinearisationOffsetBits = certificate.Offset,
            DualValueBits = certificate.DualValue,
            DualInfeasibilityCorrectionBits = certificate.Correction,
            PerturbationCorrectionBits = zeta,
            ConstraintRelaxation = certificate.Relax,
            DualVariables = certificate.Y,
        };
    }

    // Iterates kept for a fallback certificate.
    private const int RecentIterates = 5;

    private sealed record StepTwo(double Bound, double Offset, double DualValue, double Correction, double Relax, double[] Y, bool Optimal);

    // Winick Sec. 3.2/3.4 at sigma: f_eps(sigma) - Tr(sigma grad) + dual value + eigenvalue correction (before zeta_eps).
    private static StepTwo Certify(KeyRateObjective objective, FeasibleSet set, Matrix<Complex> sigma, SdpOptions sdpOptions, double relaxFloor)
    {
        double relax = Math.Max(relaxFloor, set.MaxViolation(sigma));
        var gradient = objective.GradientBits(sigma);
        double offset = objective.ValueBits(sigma, perturbed: true) - SdpBlockMatrix.HermitianDot(sigma, gradient);
        var dual = SdpSolver.Solve(set.Sdp(gradient, relax), sdpOptions);
        var (dualValue, y, lambdaMin) = set.Certificate(gradient, dual.Y, relax);
        double correction = 0;
        if (lambdaMin < 0)
        {
            double traceBound = set.TraceBound(relax, sdpOptions);
            correction = double.IsFinite(traceBound) ? lambdaMin * traceBound : double.NegativeInfinity;
        }
        return new StepTwo(offset + dualValue + correction, offset, dualValue, correction, relax, y, dual.Status == SdpStatus.Optimal);
    }

    private static Matrix<Complex> FeasibleStart(FeasibleSet set, int dimension, SdpOptions sdpOptions)
    {
        var start = SdpSolver.Solve(set.Sdp(Matrix<Complex>.Build.Dense(dimension, dimension), 0), sdpOptions);
        if (!Usable(start)) throw new ArgumentException($"no feasible state found ({start.Status}): the constraints look infeasible");
        return start.X.Hermitian[0]!;
    }

    /// <summary>An interior-point answer whose X is usable as a (nearly) feasible state.</summary>
    private static bool Usable(SdpResult r) =>
        r.Status == SdpStatus.Optimal || (r.Status is SdpStatus.MaxIterations or SdpStatus.NumericalFailure && r.PrimalInfeasibility < 1e-6);

    /// <summary>Minimiser of a convex function on [0, 1] by golden-section search (returns 0 if nothing beats phi(0)).</summary>
    private static double GoldenSection(Func<double, double> phi, int iterations)
    {
        double ratio = (Math.Sqrt(5) - 1) / 2, a = 0, b = 1;
        double c = b - ratio * (b - a), d = a + ratio * (b - a), fc = phi(c), fd = phi(d);
        for (int i = 0; i < iterations; i++)
        {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = phi(c); }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = phi(d); }
        }
        double t = (a + b) / 2;
        return phi(t) < phi(0) ? t : 0;
    }

    /// <summary>
    /// The constraint set as SDP rows over (rho, slacks): equality Tr(Gamma rho) = gamma; finite lower bound
    /// Tr(Gamma rho) - s = L - relax; finite upper bound Tr(Gamma rho) + t = U + relax (s, t in the LP block).
    /// The dual multiplier of a lower row is y+ &gt;= 0, of an upper row -y- &lt;= 0.
    /// </summary>
    private sealed class FeasibleSet
    {
        private enum Kind { Equality, Lower, Upper }

        private readonly KeyRateProblem _p;
        private readonly List<(int constraint, Kind kind)> _rows = new();
        private readonly int _slacks;

        public FeasibleSet(KeyRateProblem p)
        {
            _p = p;
            for (int i = 0; i < p.Constraints.Count; i++)
            {
                var c = p.Constraints[i];
                if (c.Operator.RowCount != p.Dimension || c.Operator.ColumnCount != p.Dimension)
                    throw new ArgumentException($"constraint {c.Name}: operator size");
                if (double.IsNaN(c.Lower) || double.IsNaN(c.Upper) || c.Lower > c.Upper)
                    throw new ArgumentException($"constraint {c.Name}: bounds");
                if (c.IsEquality) { _rows.Add((i, Kind.Equality)); continue; }
                if (double.IsFinite(c.Lower)) _rows.Add((i, Kind.Lower));
                if (double.IsFinite(c.Upper)) _rows.Add((i, Kind.Upper));
            }
            if (_rows.Count == 0) throw new ArgumentException("no finite constraint: the feasible set is unbounded");
            _slacks = _rows.Count(r => r.kind != Kind.Equality);
        }

        private double Rhs(int row, double relax)
        {
            var (i, kind) = _rows[row];
            var c = _p.Constraints[i];
            return kind switch { Kind.Lower => c.Lower - relax, Kind.Upper => c.Upper + relax, _ => c.Lower };
        }

        public SdpProblem Sdp(Matrix<Complex> objective, double relax)
        {
            var a = new List<SdpBlockMatrix>();
            int slack = 0;
            foreach (var (i, kind) in _rows)
            {
                double[]? lp = _slacks > 0 ? new double[_slacks] : null;
                if (kind != Kind.Equality) lp![slack++] = kind == Kind.Lower ? -1 : 1;
                a.Add(new SdpBlockMatrix(new[] { _p.Constraints[i].Operator }, lp));
            }
            var rhs = Enumerable.Range(0, _rows.Count).Select(r => Rhs(r, relax)).ToArray();
            return new SdpProblem(new[] { _p.Dimension }, _slacks, new SdpBlockMatrix(new[] { objective }, _slacks > 0 ? new double[_slacks] : null), a, rhs);
        }

        public double MaxViolation(Matrix<Complex> rho) => _p.Constraints.Max(c =>
        {
            double v = SdpBlockMatrix.HermitianDot(c.Operator, rho);
            return Math.Max(0, Math.Max(c.Lower - v, v - c.Upper));
        });

        /// <summary>
        /// For every rho &gt;= 0 in the relax-widened set: Tr(W rho) &gt;= value + min(lambdaMin, 0) Tr(rho), with y the per-constraint
        /// multipliers (row duals with their signs enforced) and lambdaMin a rounding-safe lower bound on lambda_min(W - sum_i y_i Gamma_i).
        /// </summary>
        public (double value, double[] y, double lambdaMin) Certificate(Matrix<Complex> w, IReadOnlyList<double> rowDuals, double relax)
        {
            var y = new double[_p.Constraints.Count];
            double value = 0;
            for (int r = 0; r < _rows.Count; r++)
            {
                var (i, kind) = _rows[r];
                double yr = kind switch { Kind.Lower => Math.Max(rowDuals[r], 0), Kind.Upper => Math.Min(rowDuals[r], 0), _ => rowDuals[r] };
                if (!double.IsFinite(yr)) yr = 0;
                y[i] += yr;
                value += Rhs(r, relax) * yr - (kind == Kind.Equality ? relax * Math.Abs(yr) : 0);
            }
            var z = w.Clone();
            double scale = w.FrobeniusNorm();
            for (int i = 0; i < y.Length; i++)
            {
                if (y[i] == 0) continue;
                z.Subtract(_p.Constraints[i].Operator * y[i], z);
                scale += Math.Abs(y[i]) * _p.Constraints[i].Operator.FrobeniusNorm();
            }
            z = (z + z.ConjugateTranspose()) * 0.5;
            double lmin = z.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real) - 1e-14 * _p.Dimension * scale;
            return (value, y, lmin);
        }

        /// <summary>
        /// Certified T &gt;= Tr(rho) on the relaxed set: with the certificate for W = -1, -Tr(rho) &gt;= v + min(lambda, 0) Tr(rho),
        /// so Tr(rho) &lt;= -v / (1 + min(lambda, 0)) when that denominator is positive; otherwise +infinity.
        /// </summary>
        public double TraceBound(double relax, SdpOptions options)
        {
            var minusIdentity = -Matrix<Complex>.Build.DenseIdentity(_p.Dimension);
            var r = SdpSolver.Solve(Sdp(minusIdentity, relax), options);
            var (v, _, lambda) = Certificate(minusIdentity, r.Y, relax);
            double denominator = 1 + Math.Min(lambda, 0);
            return denominator > 0 ? Math.Max(-v / denominator, 0) : double.PositiveInfinity;
        }
    }
}

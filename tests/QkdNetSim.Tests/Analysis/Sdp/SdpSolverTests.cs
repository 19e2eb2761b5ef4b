using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Sdp;

namespace QkdNetSim.Tests.Analysis.Sdp;

public class SdpSolverTests
{
    // The solver stops at relative gap and scaled residuals <= 1e-9 (scale 1 + |pobj| + |dobj| <= ~30 here), so the
    // objective is within ~3e-8 of the optimum; 1e-7 leaves a factor ~3 for the feasibility residual's contribution.
    private const double ObjectiveTolerance = 1e-7;

    [Fact]
    public void Lovasz_theta_of_the_five_cycle_is_sqrt5() =>
        Assert.Equal(Math.Sqrt(5), Theta(5, Cycle(5)), ObjectiveTolerance);

    [Fact]
    public void Lovasz_theta_of_the_Petersen_graph_is_4()
    {
        var edges = Cycle(5).Concat(Enumerable.Range(0, 5).Select(i => (i, i + 5)))
            .Concat(Enumerable.Range(0, 5).Select(i => (5 + i, 5 + (i + 2) % 5))).ToList();
        Assert.Equal(4.0, Theta(10, edges), ObjectiveTolerance);
    }

    [Fact]
    public void Lovasz_theta_of_a_complete_graph_is_1()
    {
        var edges = (from i in Enumerable.Range(0, 6) from j in Enumerable.Range(i + 1, 5 - i) select (i, j)).ToList();
        Assert.Equal(1.0, Theta(6, edges), ObjectiveTolerance);
    }

    [Fact]
    public void Lovasz_theta_of_an_empty_graph_is_its_vertex_count() =>
        Assert.Equal(7.0, Theta(7, new List<(int, int)>()), ObjectiveTolerance);

    [Theory]
    [InlineData(false, 11)]
    [InlineData(true, 12)]
    public void A_random_SDP_with_a_planted_optimum_is_solved_to_it(bool complex, int seed)
    {
        var (problem, optimum) = PlantedInstance(complex, seed);
        var r = SdpSolver.Solve(problem);
        Assert.Equal(SdpStatus.Optimal, r.Status);
        Assert.Equal(optimum, r.PrimalObjective, ObjectiveTolerance);
        Assert.Equal(optimum, r.DualObjective, ObjectiveTolerance);
        Assert.True(r.RelativeGap <= 1e-9 && r.PrimalInfeasibility <= 1e-9 && r.DualInfeasibility <= 1e-9);
        // Independent residual check from the returned X, y, S (not the solver's own bookkeeping).
        for (int i = 0; i < problem.ConstraintCount; i++)
            Assert.Equal(problem.Rhs[i], problem.ConstraintMatrices[i].Dot(r.X), 1e-7);
        Assert.True(MinEigenvalue(r.X) >= -1e-12 && MinEigenvalue(r.S) >= -1e-12);
    }

    [Fact]
    public void Minimum_of_trace_HX_over_unit_trace_states_is_the_smallest_eigenvalue()
    {
        var h = RandomHermitian(8, new Random(5), complex: true);
        var problem = new SdpProblem(new[] { 8 }, 0, SdpBlockMatrix.Single(h),
            new[] { SdpBlockMatrix.Single(Matrix<Complex>.Build.DenseIdentity(8)) }, new[] { 1.0 });
        var r = SdpSolver.Solve(problem);
        double lmin = h.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real);
        Assert.Equal(SdpStatus.Optimal, r.Status);
        Assert.Equal(lmin, r.PrimalObjective, ObjectiveTolerance);
    }

    [Fact]
    public void A_negative_trace_constraint_is_reported_primal_infeasible()
    {
        var problem = new SdpProblem(new[] { 3 }, 0, SdpBlockMatrix.Single(RandomHermitian(3, new Random(1), true)),
            new[] { SdpBlockMatrix.Single(Matrix<Complex>.Build.DenseIdentity(3)) }, new[] { -1.0 });
        Assert.Equal(SdpStatus.PrimalInfeasible, SdpSolver.Solve(problem).Status);
    }

    [Fact]
    public void An_unbounded_objective_is_reported_dual_infeasible()
    {
        // min -Tr X s.t. Re X_01 = 0: X = t I is feasible for every t, so the objective is unbounded below.
        var problem = new SdpProblem(new[] { 3 }, 0, SdpBlockMatrix.Single(-Matrix<Complex>.Build.DenseIdentity(3)),
            new[] { SdpBlockMatrix.Single(EdgeOperator(3, 0, 1)) }, new[] { 0.0 });
        Assert.Equal(SdpStatus.DualInfeasible, SdpSolver.Solve(problem).Status);
    }

    private static List<(int, int)> Cycle(int n) => Enumerable.Range(0, n).Select(i => (i, (i + 1) % n)).ToList();

    private static Matrix<Complex> EdgeOperator(int n, int i, int j)
    {
        var e = Matrix<Complex>.Build.Dense(n, n);
        e[i, j] = 0.5;
        e[j, i] = 0.5;
        return e;
    }

    /// <summary>theta(G) = max &lt;J,X&gt; s.t. Tr X = 1, X_ij = 0 on edges, X &gt;= 0 (Lovász 1979, Thm. 4).</summary>
    private static double Theta(int n, List<(int, int)> edges)
    {
        var a = new List<SdpBlockMatrix> { SdpBlockMatrix.Single(Matrix<Complex>.Build.DenseIdentity(n)) };
        var b = new List<double> { 1.0 };
        foreach (var (i, j) in edges) { a.Add(SdpBlockMatrix.Single(EdgeOperator(n, i, j))); b.Add(0); }
        var c = SdpBlockMatrix.Single(Matrix<Complex>.Build.Dense(n, n, -Complex.One));
        var r = SdpSolver.Solve(new SdpProblem(new[] { n }, 0, c, a, b));
        Assert.Equal(SdpStatus.Optimal, r.Status);
        return -r.PrimalObjective;
    }

    internal static Matrix<Complex> RandomHermitian(int n, Random rng, bool complex)
    {
        var g = Matrix<Complex>.Build.Dense(n, n, (_, _) => new Complex(Gauss(rng), complex ? Gauss(rng) : 0));
        return (g + g.ConjugateTranspose()) * 0.5;
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double MinEigenvalue(SdpBlockMatrix x) =>
        x.Hermitian.Select(h => h!.Evd(Symmetricity.Hermitian).EigenValues.Min(e => e.Real))
            .Concat(x.Lp ?? Array.Empty<double>()).Min();

    /// <summary>
    /// Planted optimum: X*, S* &gt;= 0 with X* S* = 0 (shared eigenbasis, complementary spectra; LP x*_j s*_j = 0),
    /// random A_i, b = A(X*), C = sum_i y*_i A_i + S*. Then X* and (y*, S*) are feasible with zero gap, so the optimum
    /// is &lt;C,X*&gt; = b.y*. Blocks: two Hermitian (sizes 5 and 3) and an LP block of 4.
    /// </summary>
    private static (SdpProblem problem, double optimum) PlantedInstance(bool complex, int seed)
    {
        var rng = new Random(seed);
        int[] sizes = { 5, 3 };
        int[] ranks = { 2, 1 };
        const int lp = 4, m = 12;
        var xs = new Matrix<Complex>?[sizes.Length];
        var ss = new Matrix<Complex>?[sizes.Length];
        for (int k = 0; k < sizes.Length; k++)
        {
            var u = RandomHermitian(sizes[k], rng, complex).Evd(Symmetricity.Hermitian).EigenVectors;
            var dx = Matrix<Complex>.Build.Dense(sizes[k], sizes[k]);
            var ds = Matrix<Complex>.Build.Dense(sizes[k], sizes[k]);
            for (int j = 0; j < sizes[k]; j++)
                if (j < ranks[k]) dx[j, j] = 0.5 + rng.NextDouble(); else ds[j, j] = 0.5 + rng.NextDouble();
            xs[k] = u * dx * u.ConjugateTranspose();
            ss[k] = u * ds * u.ConjugateTranspose();
        }
        var xLp = new[] { 1.0, 0.5, 0, 0 };
        var sLp = new[] { 0, 0, 0.7, 1.2 };
        var xStar = new SdpBlockMatrix(xs, xLp);
        var a = Enumerable.Range(0, m).Select(_ => new SdpBlockMatrix(
            sizes.Select(n => (Matrix<Complex>?)RandomHermitian(n, rng, complex)).ToArray(),
            Enumerable.Range(0, lp).Select(_ => Gauss(rng)).ToArray())).ToList();
        var yStar = Enumerable.Range(0, m).Select(_ => Gauss(rng)).ToArray();
        var c = new SdpBlockMatrix(
            sizes.Select((n, k) => (Matrix<Complex>?)(ss[k]! + a.Select((ai, i) => ai.Hermitian[k]! * yStar[i]).Aggregate((p, q) => p + q))).ToArray(),
            Enumerable.Range(0, lp).Select(j => sLp[j] + a.Select((ai, i) => ai.Lp![j] * yStar[i]).Sum()).ToArray());
        var b = a.Select(ai => ai.Dot(xStar)).ToArray();
        return (new SdpProblem(sizes, lp, c, a, b), c.Dot(xStar));
    }
}

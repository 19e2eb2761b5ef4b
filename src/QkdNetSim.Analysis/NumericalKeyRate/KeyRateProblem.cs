using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.NumericalKeyRate;

/// <summary>
/// Linear constraint on the state of a numerical key-rate problem: Lower &lt;= Tr(Operator rho) &lt;= Upper, Operator Hermitian.
/// Lower == Upper is an equality (Winick, Lütkenhaus, Coles, Quantum 2, 77 (2018), Eq. (9): Tr(Gamma_i rho) = gamma_i);
/// a finite interval is how a relaxed observation enters, e.g. the dimension-reduced constraints of
/// Upadhyaya, van Himbeeck, Lin, Lütkenhaus, PRX Quantum 2, 020325 (2021).
/// </summary>
public sealed record StateConstraint(string Name, Matrix<Complex> Operator, double Lower, double Upper)
{
    public static StateConstraint Equal(string name, Matrix<Complex> op, double value) => new(name, op, value, value);

    public bool IsEquality => Lower == Upper;
}

/// <summary>
/// The privacy-amplification term of a numerical key rate as a convex program (Coles, Metodiev, Lütkenhaus,
/// Nat. Commun. 7, 11712 (2016); Winick et al., Quantum 2, 77 (2018), Eq. (10)):
/// minimise f(rho) = D(G(rho) || Z(G(rho))) (bits) over rho &gt;= 0 of size Dimension satisfying every constraint.
/// G(rho) = sum_j K_j rho K_j^dagger (PostProcessingKraus; each K_j maps the state space into G's output space) and
/// Z(sigma) = sum_j Z_j sigma Z_j (KeyProjectors, orthogonal projectors on G's output summing to the identity).
/// No trace condition is implied: the builder states Tr(rho) = 1 (or a relaxed interval) as a constraint.
/// </summary>
public sealed record KeyRateProblem(
    int Dimension,
    IReadOnlyList<Matrix<Complex>> PostProcessingKraus,
    IReadOnlyList<Matrix<Complex>> KeyProjectors,
    IReadOnlyList<StateConstraint> Constraints)
{
    /// <summary>Dimension of G's output space.</summary>
    public int OutputDimension => PostProcessingKraus.Count == 0 ? 0 : PostProcessingKraus[0].RowCount;
}

namespace QkdNetSim.Analysis.Sdp;

/// <summary>
/// Standard-form SDP over a block-diagonal cone (see <see cref="SdpSolver"/>):
/// primal min &lt;C,X&gt; s.t. &lt;A_i,X&gt; = b_i, X &gt;= 0; dual max b.y s.t. S = C - sum_i y_i A_i &gt;= 0.
/// HermitianBlockSizes gives the size of each complex Hermitian PSD block, LpSize the length of the nonnegative-orthant
/// block (0 for none). Every data matrix is Hermitian (checked by the solver).
/// </summary>
public sealed record SdpProblem(
    IReadOnlyList<int> HermitianBlockSizes,
    int LpSize,
    SdpBlockMatrix Objective,
    IReadOnlyList<SdpBlockMatrix> ConstraintMatrices,
    IReadOnlyList<double> Rhs)
{
    public int ConstraintCount => ConstraintMatrices.Count;
}

public enum SdpStatus
{
    Optimal,
    MaxIterations,
    /// <summary>b.y grew without bound at a nearly dual-feasible point: a certificate A^T y &lt;= 0, b.y &gt; 0.</summary>
    PrimalInfeasible,
    /// <summary>&lt;C,X&gt; fell without bound at a nearly primal-feasible direction: A(X) = 0, X &gt;= 0, &lt;C,X&gt; &lt; 0.</summary>
    DualInfeasible,
    NumericalFailure,
}

/// <summary>
/// Stopping rules: relative gap |pobj - dobj| / (1 + |pobj| + |dobj|) and the complementarity &lt;X,S&gt; on the same scale
/// below GapTolerance, and ||b - A(X)|| / (1 + ||b||), ||C - S - A^T y||_F / (1 + ||C||_F) below FeasibilityTolerance.
/// Infeasibility is declared when a normalised certificate's residual is below InfeasibilityTolerance.
/// </summary>
public sealed record SdpOptions(
    int MaxIterations = 100,
    double GapTolerance = 1e-9,
    double FeasibilityTolerance = 1e-9,
    double InfeasibilityTolerance = 1e-8);

public sealed record SdpResult(
    SdpStatus Status,
    SdpBlockMatrix X,
    IReadOnlyList<double> Y,
    SdpBlockMatrix S,
    double PrimalObjective,
    double DualObjective,
    double RelativeGap,
    double PrimalInfeasibility,
    double DualInfeasibility,
    int Iterations);

using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Core;

namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Covariance matrix of an n-mode Gaussian state in shot-noise units (vacuum = identity), quadrature ordering
/// (x1, p1, x2, p2, ...), V_ij = 1/2 &lt;{dr_i, dr_j}&gt; scaled so that the vacuum has V = I
/// (Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018), Weedbrook et al., RMP 84, 621 (2012) with hbar = 2).
/// Instances built from user data are validated: square, even dimension, finite, symmetric, positive definite and
/// V + i Omega &gt;= 0 (all symplectic eigenvalues &gt;= 1; Weedbrook et al. 2012, Williamson theorem). The matrix is immutable (copied in and out).
/// </summary>
public sealed class CovarianceMatrix
{
    /// <summary>Default relative tolerance of the validation.</summary>
    public const double DefaultTolerance = 1e-9;

    private readonly Matrix<double> _values;

    private CovarianceMatrix(Matrix<double> values) => _values = values;

    /// <summary>A copy of the 2n x 2n matrix.</summary>
    public Matrix<double> Values => _values.Clone();

    /// <summary>Number of modes n.</summary>
    public int ModeCount => _values.RowCount / 2;

    /// <summary>Entry V[row, column].</summary>
    public double this[int row, int column] => _values[row, column];

    /// <summary>
    /// The first rule a candidate covariance matrix breaks, or null when it is physical: square, dimension 2n, finite,
    /// symmetric, positive definite, every symplectic eigenvalue &gt;= 1 (V + i Omega &gt;= 0; Weedbrook et al., RMP 84, 621
    /// (2012), Eq. 19). Validators at the edge report it with the file and field the user typed.
    /// </summary>
    public static string? Violation(Matrix<double> values, double tolerance = DefaultTolerance)
    {
        if (values.RowCount != values.ColumnCount)
            return $"must be square (got {values.RowCount} x {values.ColumnCount})";
        if (values.RowCount == 0 || values.RowCount % 2 != 0)
            return $"dimension must be 2n for n >= 1 modes (got {values.RowCount})";
        if (values.Enumerate().Any(e => !double.IsFinite(e)))
            return "entries must be finite";
        double scale = Math.Max(1.0, values.Enumerate().Max(Math.Abs));
        for (int i = 0; i < values.RowCount; i++)
            for (int j = i + 1; j < values.ColumnCount; j++)
                if (Math.Abs(values[i, j] - values[j, i]) > tolerance * scale)
                    return $"must be symmetric: V[{i},{j}] = {values[i, j]:G6} but V[{j},{i}] = {values[j, i]:G6}";
        var symmetric = Symmetrised(values);
        double minEigen = symmetric.Evd(Symmetricity.Symmetric)
            .EigenValues.Min(c => c.Real);
        if (!(minEigen > tolerance * scale))
            return $"must be positive definite (smallest eigenvalue {minEigen:G4} <= 0)";
        double minNu = SymplecticSpectrum.OfPositiveDefinite(symmetric).Min();
        if (minNu < 1.0 - tolerance * scale)
            return $"symplectic eigenvalue {minNu:0.###} < 1: violates the uncertainty principle V + i Omega >= 0";
        return null;
    }

    /// <summary>
    /// Wraps a symmetrised copy of a physical matrix; one that breaks a rule of <see cref="Violation"/> throws
    /// <see cref="ArgumentException"/> with the rule (validate user input first).
    /// </summary>
    public static CovarianceMatrix Create(Matrix<double> values, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Violation(values, tolerance) is { } rule) throw new ArgumentException(rule, nameof(values));
        return new CovarianceMatrix(Symmetrised(values));
    }

    /// <summary>Validating factory from a row-major array.</summary>
    public static CovarianceMatrix Create(double[,] values) => Create(Matrix<double>.Build.DenseOfArray(values));

    private static Matrix<double> Symmetrised(Matrix<double> values) => 0.5 * (values + values.Transpose());

    /// <summary>
    /// Wraps a matrix produced by exact Gaussian operations on valid states (conditioning, symplectic maps); only
    /// symmetrised, not re-validated, because round-off on large variances (V ~ 1e6) can push nu a hair below 1.
    /// </summary>
    internal static CovarianceMatrix Derived(Matrix<double> values) => new(0.5 * (values + values.Transpose()));

    /// <summary>n-mode vacuum: V = I.</summary>
    public static CovarianceMatrix Vacuum(int modeCount) => new(Matrix<double>.Build.DenseIdentity(2 * modeCount));

    /// <summary>Single-mode thermal state V I, V = 2 n̄ + 1 &gt;= 1 (Weedbrook et al., RMP 84, 621 (2012)).</summary>
    public static CovarianceMatrix Thermal(double variance)
    {
        if (!(variance >= 1.0)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "a thermal state's variance must be >= 1 SNU");
        return new(variance * Matrix<double>.Build.DenseIdentity(2));
    }

    /// <summary>
    /// General two-mode form [[a I, c Z], [c Z, b I]] with Z = sigma_z = diag(1, -1)
    /// (Laudenbach et al. 2018; Weedbrook et al. 2012 "standard form"). Validated.
    /// </summary>
    public static CovarianceMatrix TwoModeStandardForm(double a, double b, double c) => Create(TwoModeValues(a, b, c));

    /// <summary>The entries of <see cref="TwoModeStandardForm"/>, not validated (for <see cref="Violation"/>).</summary>
    public static Matrix<double> TwoModeValues(double a, double b, double c) => Matrix<double>.Build.DenseOfArray(new[,]
    {
        { a, 0, c, 0 },
        { 0, a, 0, -c },
        { c, 0, b, 0 },
        { 0, -c, 0, b },
    });

    /// <summary>
    /// Two-mode squeezed vacuum (EPR state) of local variance V &gt;= 1: [[V I, sqrt(V^2-1) Z], [sqrt(V^2-1) Z, V I]]
    /// (Weedbrook et al., RMP 84, 621 (2012); Laudenbach et al. 2018). Pure: nu = 1, 1.
    /// </summary>
    public static CovarianceMatrix Epr(double variance)
    {
        if (!(variance >= 1.0) || !double.IsFinite(variance))
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "an EPR state's variance must be finite and >= 1 SNU");
        double c = Math.Sqrt(variance * variance - 1.0);
        var m = Matrix<double>.Build.DenseOfArray(new[,]
        {
            { variance, 0, c, 0 },
            { 0, variance, 0, -c },
            { c, 0, variance, 0 },
            { 0, -c, 0, variance },
        });
        return new(m); // exact pure state; validation would only re-test round-off of nu = 1 at huge V
    }

    /// <summary>Reduced state of the listed modes (0-based), in the order given.</summary>
    public CovarianceMatrix Submatrix(params int[] modes)
    {
        if (modes.Length == 0) throw new ArgumentException("at least one mode", nameof(modes));
        if (modes.Distinct().Count() != modes.Length) throw new ArgumentException("modes must be distinct", nameof(modes));
        foreach (int k in modes)
            if (k < 0 || k >= ModeCount) throw new ArgumentOutOfRangeException(nameof(modes), k, $"mode index outside 0..{ModeCount - 1}");
        var rows = QuadratureIndices(modes);
        var m = Matrix<double>.Build.Dense(rows.Length, rows.Length, (i, j) => _values[rows[i], rows[j]]);
        return new(m);
    }

    /// <summary>The cross block between the quadratures of <paramref name="rowModes"/> and <paramref name="columnModes"/>.</summary>
    internal Matrix<double> Block(int[] rowModes, int[] columnModes)
    {
        var r = QuadratureIndices(rowModes);
        var c = QuadratureIndices(columnModes);
        return Matrix<double>.Build.Dense(r.Length, c.Length, (i, j) => _values[r[i], c[j]]);
    }

    /// <summary>Tensor product of independent states: V ⊕ W (this state's modes first).</summary>
    public CovarianceMatrix DirectSum(CovarianceMatrix other)
    {
        int n = _values.RowCount, m = other._values.RowCount;
        var sum = Matrix<double>.Build.Dense(n + m, n + m);
        sum.SetSubMatrix(0, 0, _values);
        sum.SetSubMatrix(n, n, other._values);
        return new(sum);
    }

    /// <summary>
    /// Action of a Gaussian unitary with symplectic matrix S: V -&gt; S V S^T (Weedbrook et al., RMP 84, 621 (2012)).
    /// S must be symplectic (checked).
    /// </summary>
    public CovarianceMatrix Transformed(Matrix<double> symplectic)
    {
        if (symplectic.RowCount != _values.RowCount || !SymplecticForm.IsSymplectic(symplectic, 1e-8))
            throw new ArgumentException("transformation must be a symplectic matrix of the same dimension", nameof(symplectic));
        return Derived(symplectic * _values * symplectic.Transpose());
    }

    internal static int[] QuadratureIndices(IEnumerable<int> modes) => modes.SelectMany(k => new[] { 2 * k, 2 * k + 1 }).ToArray();

    public override string ToString() => _values.ToMatrixString();
}

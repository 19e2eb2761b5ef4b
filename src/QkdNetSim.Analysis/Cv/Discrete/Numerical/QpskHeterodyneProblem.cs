using Complex = System.Numerics.Complex;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.NumericalKeyRate;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Dimension-reduced key-rate problem of QPSK CV-QKD with heterodyne detection and reverse reconciliation
/// (protocol, key map, G: Lin, Upadhyaya, Lütkenhaus, PRX 9, 041064 (2019); reduction: Upadhyaya, van Himbeeck, Lin,
/// Lütkenhaus, PRX Quantum 2, 020325 (2021); displaced cutoff and observables: seed 001 Eqs. (14)-(21)).
/// Source replacement |psi&gt; = sum_x 1/2 |x&gt;_A |alpha_x&gt;, alpha_x = alpha i^x. Cutoff space Pi = sum_x |x&gt;&lt;x| (x) Pi_x,
/// Pi_x = projector on span{D(beta_x)|n&gt;, n &lt;= N_c}, beta_x = sqrt(T) alpha_x; the state variable rho~ (the projection
/// Pi rho Pi, subnormalised) is written in the orthonormal basis |x&gt;|D(beta_x) n&gt;, index x (N_c+1) + n, Dimension 4(N_c+1).
/// Honest channel: phase-insensitive thermal loss = pure loss T followed by a Gaussian random displacement of mean photon
/// number nbar = T xi / 2 (adds T xi to each quadrature variance in SNU; xi referred to the channel input), so Bob holds
/// D(beta_x) tau_nbar D(beta_x)^dagger, tau thermal: &lt;n_beta&gt; = nbar and &lt;n_beta^2&gt; = Var + mean^2 = 2 nbar^2 + nbar.
/// Paper equation numbers other than seed 001's were not available to us (only abstracts of the two PRX papers could be
/// read), so the relaxed constraints below are our derivation of what Upadhyaya's Theorem 1 requires.
/// Constraints (every one holds for Pi rho Pi of every rho compatible with the observations, which is what Theorem 1 of
/// Upadhyaya 2021 needs; the bounds are derived in the comments at each constraint; W from <see cref="DimensionReduction"/>):
/// Tr rho~ in [1-W, 1]; Alice's marginal (rho_A fixed, Lin 2019 source-replacement constraints) relaxed to the projection; and per x the two
/// moments of n_beta_x (seed 001 Eqs. (15)-(16)) relaxed by what the cutoff can remove.
/// G has the single Kraus operator K = sum_z |z&gt;_R (x) sqrt(Pi (1_A (x) R_z) Pi) (Lin 2019, reverse reconciliation;
/// seed 001 Eq. (13)): 1_A (x) R_z is block diagonal in x, so its compression is the blocks D(beta_x)^dagger R_z D(beta_x) cut to
/// n &lt;= N_c, computed in a plain Fock space large enough to hold the displaced states (<see cref="FockSpace.DimensionHoldingDisplacedStates"/>).
/// The square root is taken after the compression: on states supported in Pi the key measurement is the POVM
/// {Pi R_z Pi}, and D(G(rho)||Z(G(rho))) = H(Z|E) holds for any Kraus operators K_z with K_z^dagger K_z equal to the POVM
/// element (Coles, PRA 85, 042103 (2012); Lin 2019 App. A); Pi sqrt(R_z) Pi would implement the different, incomplete
/// POVM {Pi sqrt(R_z) Pi sqrt(R_z) Pi}.
/// </summary>
public sealed class QpskHeterodyneProblem
{
    public const int SymbolCount = 4;
    private const double SymbolProbability = 1.0 / SymbolCount;

    private QpskHeterodyneProblem() { }

    public required KeyRateProblem Problem { get; init; }
    public required double Alpha { get; init; }
    public required double Transmittance { get; init; }
    public required double ExcessNoiseSnu { get; init; }
    public required int Cutoff { get; init; }
    public required double PostselectionAmplitude { get; init; }

    /// <summary>Observed &lt;n_beta_x&gt; (the same for every x): nbar = T xi / 2.</summary>
    public required double MeanPhotonNumber { get; init; }

    /// <summary>Observed &lt;n_beta_x^2&gt; = 2 nbar^2 + nbar.</summary>
    public required double MeanSquaredPhotonNumber { get; init; }

    /// <summary>W: bound on the weight outside the cutoff space.</summary>
    public required double Weight { get; init; }

    /// <summary>Delta(W) in bits (<see cref="DimensionReduction.CorrectionBits"/>).</summary>
    public required double CorrectionBits { get; init; }

    /// <summary>Plain Fock dimension used to compress the region operators.</summary>
    public required int FockDimension { get; init; }

    /// <summary>Honest p(z | x) of the heterodyne key map (row x, column z; a row sums to the pass probability of x).</summary>
    public required double[,] ConditionalProbabilities { get; init; }

    /// <summary>Displaced amplitudes beta_x = sqrt(T) alpha i^x.</summary>
    public Complex[] Beta => Enumerable.Range(0, SymbolCount).Select(x => Symbol(Alpha, x) * Math.Sqrt(Transmittance)).ToArray();

    /// <summary>p_pass = sum_x p_x sum_z p(z|x).</summary>
    public double PassProbability
    {
        get
        {
            double s = 0;
            foreach (double p in ConditionalProbabilities) s += SymbolProbability * p;
            return s;
        }
    }

    /// <summary>
    /// delta_EC = p_pass (H(Z) - beta I(X:Z)) in bits per sent signal (Lin 2019, error-correction term), X, Z the honest symbol and
    /// quadrant conditioned on passing the postselection.
    /// </summary>
    public double LeakBits(double reconciliationEfficiency)
    {
        if (!(reconciliationEfficiency > 0.0 && reconciliationEfficiency <= 1.0))
            throw new ArgumentException($"reconciliation efficiency must lie in (0, 1] (got {reconciliationEfficiency:G6})");
        double pass = PassProbability;
        var joint = new double[SymbolCount, SymbolCount];
        var pz = new double[SymbolCount];
        for (int x = 0; x < SymbolCount; x++)
            for (int z = 0; z < SymbolCount; z++)
            {
                joint[x, z] = SymbolProbability * ConditionalProbabilities[x, z] / pass;
                pz[z] += joint[x, z];
            }
        double hz = CoherentStateEnsemble.ShannonOfEigenvalues(pz);
        return pass * (hz - reconciliationEfficiency * QuadrantStatistics.MutualInformationBits(joint));
    }

    /// <summary>
    /// R = min f - Delta(W) - delta_EC (bits per sent signal). G keeps only the passing outcomes (Lin 2019, postselection),
    /// so f already carries p_pass; with Delta_a = 0 this is p_pass (min f - Delta(W)) - leak with p_pass = 1. Delta(W) is
    /// subtracted unscaled (our conservative choice for Delta_a &gt; 0, where the papers are silent).
    /// </summary>
    public double KeyRateBits(double minimumObjectiveBits, double reconciliationEfficiency)
        => minimumObjectiveBits - CorrectionBits - LeakBits(reconciliationEfficiency);

    /// <summary>
    /// Pi rho_honest Pi in the reduced basis: block (x, x') = 1/4 &lt;e_x'|e_x&gt; B(x, x'), e_x = sqrt(1-T) alpha_x Eve's
    /// pure-loss share, B(x, x') = [D(beta_x)^dagger N(|beta_x&gt;&lt;beta_x'|) D(beta_x')] cut to n &lt;= N_c, N the random
    /// displacement with density exp(-|g|^2/nbar)/(pi nbar). Using D(beta)^dagger D(g) D(beta)|0&gt; = e^(2i Im(g conj beta))|g&gt;,
    /// B_mn = int exp(-|g|^2/nbar)/(pi nbar) e^(u g + v conj g) &lt;m|g&gt;&lt;g|n&gt; d^2g with u = conj c, v = -c, c = beta_x - beta_x',
    /// and the Gaussian moment integral int e^(-s|g|^2 + u g + v conj g) g^m conj(g)^n d^2g/pi = d_u^m d_v^n (e^(uv/s)/s) gives
    /// B_mn = e^(r u v) / ((1 + nbar) sqrt(m! n!)) sum_j C(m,j) n!/(n-j)! u^(n-j) v^(m-j) r^(m+n-j), r = nbar/(1 + nbar)
    /// (x = x': the thermal diagonal nbar^n/(1+nbar)^(n+1)).
    /// </summary>
    public Matrix<Complex> HonestProjectedState()
    {
        int b = Cutoff + 1;
        var beta = Beta;
        double nbar = MeanPhotonNumber, r = nbar / (1.0 + nbar), eve = Math.Sqrt(1.0 - Transmittance);
        var rho = Matrix<Complex>.Build.Dense(SymbolCount * b, SymbolCount * b);
        for (int x = 0; x < SymbolCount; x++)
            for (int y = 0; y < SymbolCount; y++)
            {
                Complex c = beta[x] - beta[y], u = Complex.Conjugate(c), v = -c;
                Complex pre = SymbolProbability * CoherentStateEnsemble.Overlap(Symbol(Alpha, y) * eve, Symbol(Alpha, x) * eve)
                              * Complex.Exp(r * u * v) / (1.0 + nbar);
                for (int m = 0; m < b; m++)
                    for (int n = 0; n < b; n++)
                    {
                        Complex s = Complex.Zero;
                        for (int j = 0; j <= Math.Min(m, n); j++)
                            s += SpecialFunctions.Binomial(m, j) * SpecialFunctions.Factorial(n) / SpecialFunctions.Factorial(n - j)
                                 * IntPow(u, n - j) * IntPow(v, m - j) * Math.Pow(r, m + n - j);
                        rho[x * b + m, y * b + n] = pre * s / Math.Sqrt(SpecialFunctions.Factorial(m) * SpecialFunctions.Factorial(n));
                    }
            }
        return rho;
    }

    /// <summary>Build the problem for amplitude alpha, transmittance T, excess noise xi (SNU) and cutoff N_c (&gt;= 1).</summary>
    public static QpskHeterodyneProblem Build(double alpha, double transmittance, double excessNoiseSnu, int cutoff, double postselectionAmplitude = 0.0)
    {
        if (!(alpha > 0.0) || !double.IsFinite(alpha)) throw new ArgumentException($"alpha must be finite and > 0 (got {alpha:G6})");
        if (!(transmittance > 0.0 && transmittance <= 1.0)) throw new ArgumentException($"transmittance must lie in (0, 1] (got {transmittance:G6})");
        if (!(excessNoiseSnu >= 0.0) || !double.IsFinite(excessNoiseSnu)) throw new ArgumentException($"excess noise must be finite and >= 0 (got {excessNoiseSnu:G6})");
        if (cutoff < 1) throw new ArgumentException($"cutoff N_c must be >= 1 (got {cutoff})");

        double nbar = transmittance * excessNoiseSnu / 2.0;
        double meanN = nbar, meanN2 = 2 * nbar * nbar + nbar;
        double weight = DimensionReduction.TailWeightBound(meanN, meanN2, cutoff);
        int b = cutoff + 1, dim = SymbolCount * b;
        var alphas = Enumerable.Range(0, SymbolCount).Select(x => Symbol(alpha, x)).ToArray();
        var beta = alphas.Select(a => a * Math.Sqrt(transmittance)).ToArray();

        // Region operators compressed to each displaced block (all |beta_x| equal, so one Fock dimension serves all x).
        int fock = FockSpace.DimensionHoldingDisplacedStates(beta[0], cutoff);
        var regions = HeterodyneRegionOperators.Build(fock, postselectionAmplitude);
        var kraus = Matrix<Complex>.Build.Dense(SymbolCount * dim, dim);
        for (int x = 0; x < SymbolCount; x++)
        {
            var d = FockSpace.Displacement(beta[x], fock, b);
            for (int z = 0; z < HeterodyneRegionOperators.RegionCount; z++)
                kraus.SetSubMatrix(z * dim + x * b, x * b, HermitianSquareRoot(d.ConjugateTranspose() * regions.Regions[z] * d));
        }
        var keyProjectors = Enumerable.Range(0, HeterodyneRegionOperators.RegionCount)
            .Select(z => Matrix<Complex>.Build.DenseDiagonal(SymbolCount * dim, SymbolCount * dim, i => i / dim == z ? Complex.One : Complex.Zero))
            .ToList();

        var constraints = new List<StateConstraint>
        {
            // Tr(Pi rho Pi) = 1 - Tr(Pi_perp rho), Tr(Pi_perp rho) in [0, W] (Upadhyaya 2021, Theorem 1 set S~).
            new("trace", Matrix<Complex>.Build.DenseIdentity(dim), 1.0 - weight, 1.0),
        };
        for (int x = 0; x < SymbolCount; x++)
        {
            // <x|Tr_B(Pi rho Pi)|x> = p_x - Tr(Pi_x_perp rho_xx), the second in [0, p_x W].
            constraints.Add(new($"rhoA[{x},{x}]", BlockOperator(dim, b, x, x, Matrix<Complex>.Build.DenseIdentity(b)),
                SymbolProbability * (1.0 - weight), SymbolProbability));
        }
        for (int x = 0; x < SymbolCount; x++)
            for (int y = x + 1; y < SymbolCount; y++)
            {
                // <x|Tr_B(Pi rho Pi)|y> = sum_{m,n} rho~[(x,m),(y,n)] <n|D(beta_y)^dagger D(beta_x)|m>, and
                // D(beta_y)^dagger D(beta_x) = exp(i Im(-beta_y conj beta_x)) D(beta_x - beta_y) (Cahill & Glauber 1969).
                // With rho = sum_i |v_i><v_i|, v_i = sum_x |x>|v_ix>: <x|Tr_B rho|y> - <x|Tr_B(Pi rho Pi)|y>
                //   = sum_i (<Pi_y_perp v_iy|v_ix> + <Pi_y v_iy|Pi_x_perp v_ix>), modulus <= sqrt(p_x eps_y) + sqrt(p_y eps_x)
                // by Cauchy-Schwarz, eps_x = Tr(Pi_x_perp rho_xx) <= p_x W: |deviation| <= 2 sqrt(p_x p_y W).
                Complex phase = Complex.FromPolarCoordinates(1.0, (-beta[y] * Complex.Conjugate(beta[x])).Imaginary);
                var overlap = FockSpace.Displacement(beta[x] - beta[y], b, b) * phase; // rows n (block y), columns m (block x)
                var gamma = BlockOperator(dim, b, y, x, overlap);                    // Tr(rho~ gamma) = <x|Tr_B rho~|y>
                Complex target = SymbolProbability * CoherentStateEnsemble.Overlap(alphas[y], alphas[x]);
                double slack = 2.0 * SymbolProbability * Math.Sqrt(weight);
                var re = 0.5 * (gamma + gamma.ConjugateTranspose());
                var im = (gamma - gamma.ConjugateTranspose()) / new Complex(0, 2);
                constraints.Add(new($"Re rhoA[{x},{y}]", re, target.Real - slack, target.Real + slack));
                constraints.Add(new($"Im rhoA[{x},{y}]", im, target.Imaginary - slack, target.Imaginary + slack));
            }
        double tail = DimensionReduction.FirstMomentTailBound(meanN, meanN2, cutoff);
        for (int x = 0; x < SymbolCount; x++)
        {
            // |x><x| (x) n_beta_x commutes with Pi: Tr(rho~ O) = p_x (a - E_x[n 1(n > N_c)]), the tail in [0, min(a, (b-a)/N_c)].
            var n1 = BlockOperator(dim, b, x, x, Matrix<Complex>.Build.DenseDiagonal(b, b, n => n));
            constraints.Add(new($"n_beta[{x}]", n1, SymbolProbability * (meanN - tail), SymbolProbability * meanN));
            // |x><x| (x) n_beta_x^2: Tr(rho~ O) = p_x (b - E_x[n^2 1(n > N_c)]) in [0, p_x b] (the tail can hold all of b).
            var n2 = BlockOperator(dim, b, x, x, Matrix<Complex>.Build.DenseDiagonal(b, b, n => (double)n * n));
            constraints.Add(new($"n_beta^2[{x}]", n2, 0.0, SymbolProbability * meanN2));
        }

        return new QpskHeterodyneProblem
        {
            Problem = new KeyRateProblem(dim, new[] { kraus }, keyProjectors, constraints),
            Alpha = alpha,
            Transmittance = transmittance,
            ExcessNoiseSnu = excessNoiseSnu,
            Cutoff = cutoff,
            PostselectionAmplitude = postselectionAmplitude,
            MeanPhotonNumber = meanN,
            MeanSquaredPhotonNumber = meanN2,
            Weight = weight,
            CorrectionBits = DimensionReduction.CorrectionBits(weight),
            FockDimension = fock,
            ConditionalProbabilities = HonestConditionalProbabilities(beta, nbar, postselectionAmplitude),
        };
    }

    /// <summary>
    /// Honest p(z|x) = Tr(R_z D(beta_x) tau_nbar D(beta_x)^dagger) = sum_n q_n &lt;n|D(beta_x)^dagger R_z D(beta_x)|n&gt;,
    /// q_n = nbar^n/(1+nbar)^(n+1), summed until the thermal tail r^(n+1) (r = nbar/(1+nbar)) is below 1e-15.
    /// </summary>
    private static double[,] HonestConditionalProbabilities(Complex[] beta, double nbar, double postselectionAmplitude)
    {
        double r = nbar / (1.0 + nbar);
        int top = r == 0.0 ? 0 : (int)Math.Ceiling(Math.Log(1e-15) / Math.Log(r));
        int fock = FockSpace.DimensionHoldingDisplacedStates(beta[0], top);
        var regions = HeterodyneRegionOperators.Build(fock, postselectionAmplitude);
        var p = new double[SymbolCount, SymbolCount];
        for (int x = 0; x < SymbolCount; x++)
        {
            var d = FockSpace.Displacement(beta[x], fock, top + 1);
            for (int z = 0; z < SymbolCount; z++)
            {
                var block = d.ConjugateTranspose() * regions.Regions[z] * d;
                for (int n = 0; n <= top; n++) p[x, z] += (1.0 - r) * Math.Pow(r, n) * block[n, n].Real;
            }
        }
        return p;
    }

    /// <summary>alpha_x = alpha i^x.</summary>
    public static Complex Symbol(double alpha, int x) => Complex.FromPolarCoordinates(alpha, x * Math.PI / 2);

    /// <summary>dim x dim operator with <paramref name="block"/> at block row <paramref name="row"/>, block column <paramref name="column"/>.</summary>
    private static Matrix<Complex> BlockOperator(int dim, int b, int row, int column, Matrix<Complex> block)
    {
        var op = Matrix<Complex>.Build.Dense(dim, dim);
        op.SetSubMatrix(row * b, column * b, block);
        return op;
    }

    /// <summary>sqrt of a positive semidefinite matrix by Hermitian EVD (the Hermitian part; round-off negative eigenvalues set to 0).</summary>
    internal static Matrix<Complex> HermitianSquareRoot(Matrix<Complex> m)
    {
        var h = 0.5 * (m + m.ConjugateTranspose());
        var evd = h.Evd(Symmetricity.Hermitian);
        var s = Matrix<Complex>.Build.DenseDiagonal(h.RowCount, h.RowCount, i => Math.Sqrt(Math.Max(0.0, evd.EigenValues[i].Real)));
        return evd.EigenVectors * s * evd.EigenVectors.ConjugateTranspose();
    }

    private static Complex IntPow(Complex z, int k)
    {
        Complex p = Complex.One;
        for (int i = 0; i < k; i++) p *= z;
        return p;
    }
}

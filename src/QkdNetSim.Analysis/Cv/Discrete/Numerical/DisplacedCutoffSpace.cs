using Complex = System.Numerics.Complex;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.NumericalKeyRate;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// The dimension-reduced space shared by the QPSK heterodyne builders with k = 1 (<see cref="QpskHeterodyneProblem"/>) and
/// k = 2 (<see cref="TwoBobQpskHeterodyneProblem"/>) trusted Bobs, each at transmittance T:
/// Pi = sum_x |x&gt;&lt;x| (x) Pi_x^(1) (x) ... (x) Pi_x^(k), Pi_x^(j) the projector on span{D(beta_x)|n_j&gt;, n_j &lt;= N_c} of Bob j,
/// beta_x = sqrt(T) alpha i^x (Upadhyaya et al., PRX Quantum 2, 020325 (2021); multi-Bob product: seed 001 Eq. (14)).
/// Orthonormal basis |x&gt;|D(beta_x) n_1, ..., D(beta_x) n_k&gt;, index x B + sum_j n_j b^(k-1-j), b = N_c + 1, B = b^k; Bob 1
/// (mode 0) generates the key. Built here: Alice's-marginal constraints relaxed by a weight W, per-Bob displaced moment
/// observables, the key Kraus operator, the key projectors, the honest projected state, and the leak of Bob 1's key.
/// </summary>
internal sealed class DisplacedCutoffSpace
{
    public const int SymbolCount = 4;
    public const double SymbolProbability = 1.0 / SymbolCount;

    public DisplacedCutoffSpace(double alpha, double transmittance, int modes, int cutoff)
    {
        Modes = modes;
        Cutoff = cutoff;
        ModeDimension = cutoff + 1;
        BlockDimension = (int)Math.Pow(ModeDimension, modes);
        Alphas = Enumerable.Range(0, SymbolCount).Select(x => QpskHeterodyneProblem.Symbol(alpha, x)).ToArray();
        Betas = Alphas.Select(a => a * Math.Sqrt(transmittance)).ToArray();
    }

    public int Modes { get; }
    public int Cutoff { get; }
    /// <summary>b = N_c + 1 per Bob.</summary>
    public int ModeDimension { get; }
    /// <summary>B = b^k per symbol x.</summary>
    public int BlockDimension { get; }
    public int Dimension => SymbolCount * BlockDimension;
    public Complex[] Alphas { get; }
    public Complex[] Betas { get; }

    /// <summary>Dimension x Dimension operator with <paramref name="block"/> (B x B) at block (row, column).</summary>
    public Matrix<Complex> BlockOperator(int row, int column, Matrix<Complex> block)
    {
        var op = Matrix<Complex>.Build.Dense(Dimension, Dimension);
        op.SetSubMatrix(row * BlockDimension, column * BlockDimension, block);
        return op;
    }

    /// <summary>A b x b operator of Bob <paramref name="mode"/> tensored with identities on the other Bobs (B x B).</summary>
    public Matrix<Complex> OnMode(Matrix<Complex> single, int mode)
    {
        var op = Matrix<Complex>.Build.DenseIdentity(1);
        for (int j = 0; j < Modes; j++)
            op = op.KroneckerProduct(j == mode ? single : Matrix<Complex>.Build.DenseIdentity(ModeDimension));
        return op;
    }

    /// <summary>
    /// Tr rho~ in [1 - W, 1] and Alice's marginal (Lin 2019 source-replacement constraints) relaxed to the projection, for any
    /// W &gt;= Tr(Pi_perp rho) with Tr(Pi_x_perp rho_xx) &lt;= p_x W for every x (derivations at each constraint).
    /// </summary>
    public IEnumerable<StateConstraint> AliceMarginalConstraints(double weight)
    {
        var one = Matrix<Complex>.Build.DenseIdentity(BlockDimension);
        // Tr(Pi rho Pi) = 1 - Tr(Pi_perp rho), Tr(Pi_perp rho) in [0, W] (Upadhyaya 2021, Theorem 1 set S~).
        yield return new("trace", Matrix<Complex>.Build.DenseIdentity(Dimension), 1.0 - weight, 1.0);
        // <x|Tr_B(Pi rho Pi)|x> = p_x - Tr(Pi_x_perp rho_xx), the second in [0, p_x W].
        for (int x = 0; x < SymbolCount; x++)
            yield return new($"rhoA[{x},{x}]", BlockOperator(x, x, one), SymbolProbability * (1.0 - weight), SymbolProbability);
        for (int x = 0; x < SymbolCount; x++)
            for (int y = x + 1; y < SymbolCount; y++)
            {
                // <x|Tr_B(Pi rho Pi)|y> = sum rho~[(x,m),(y,n)] <n|D(beta_y)^dagger D(beta_x)|m> per Bob, multiplied over the Bobs, and
                // D(beta_y)^dagger D(beta_x) = exp(i Im(-beta_y conj beta_x)) D(beta_x - beta_y) (Cahill & Glauber 1969).
                // With rho = sum_i |v_i><v_i|, v_i = sum_x |x>|v_ix>: <x|Tr_B rho|y> - <x|Tr_B(Pi rho Pi)|y>
                //   = sum_i (<Pi_y_perp v_iy|v_ix> + <Pi_y v_iy|Pi_x_perp v_ix>), modulus <= sqrt(p_x eps_y) + sqrt(p_y eps_x)
                // by Cauchy-Schwarz (Pi_x any projector), eps_x = Tr(Pi_x_perp rho_xx) <= p_x W: |deviation| <= 2 sqrt(p_x p_y W).
                Complex phase = Complex.FromPolarCoordinates(1.0, (-Betas[y] * Complex.Conjugate(Betas[x])).Imaginary);
                var single = FockSpace.Displacement(Betas[x] - Betas[y], ModeDimension, ModeDimension) * phase;
                var overlap = Matrix<Complex>.Build.DenseIdentity(1);
                for (int j = 0; j < Modes; j++) overlap = overlap.KroneckerProduct(single); // rows n (block y), columns m (block x)
                var gamma = BlockOperator(y, x, overlap);                                    // Tr(rho~ gamma) = <x|Tr_B rho~|y>
                Complex target = SymbolProbability * CoherentStateEnsemble.Overlap(Alphas[y], Alphas[x]);
                double slack = 2.0 * SymbolProbability * Math.Sqrt(weight);
                var re = 0.5 * (gamma + gamma.ConjugateTranspose());
                var im = (gamma - gamma.ConjugateTranspose()) / new Complex(0, 2);
                yield return new($"Re rhoA[{x},{y}]", re, target.Real - slack, target.Real + slack);
                yield return new($"Im rhoA[{x},{y}]", im, target.Imaginary - slack, target.Imaginary + slack);
            }
    }

    /// <summary>
    /// |x&gt;&lt;x| (x) n_beta_x and |x&gt;&lt;x| (x) n_beta_x^2 on Bob <paramref name="mode"/> (seed 001 Eqs. (15)-(16)). Both commute
    /// with Pi and the projection only removes weight: Tr(rho~ O) = p_x (a - removed) with removed in [0, removableMeanN] for
    /// the first (the caller's bound) and in [0, b] for the second (mass epsilon at n ~ sqrt(b/epsilon) carries all of b with
    /// a vanishing share of a, so nothing better follows from a, b).
    /// </summary>
    public IEnumerable<StateConstraint> MomentConstraints(string label, int mode, double meanN, double meanN2, double removableMeanN)
    {
        var n1 = OnMode(Matrix<Complex>.Build.DenseDiagonal(ModeDimension, ModeDimension, n => n), mode);
        var n2 = OnMode(Matrix<Complex>.Build.DenseDiagonal(ModeDimension, ModeDimension, n => (double)n * n), mode);
        for (int x = 0; x < SymbolCount; x++)
        {
            yield return new($"{label}[{x}]", BlockOperator(x, x, n1),
                SymbolProbability * (meanN - removableMeanN), SymbolProbability * meanN);
            yield return new($"{label}^2[{x}]", BlockOperator(x, x, n2), 0.0, SymbolProbability * meanN2);
        }
    }

    /// <summary>
    /// K = sum_z |z&gt;_R (x) sqrt(Pi (1_A (x) R_z^(1) (x) 1_rest) Pi) (Lin 2019, reverse reconciliation; seed 001 Eq. (13)): the
    /// compression is block diagonal in x with blocks C_xz (x) 1, C_xz = [D(beta_x)^dagger R_z D(beta_x)] cut to n &lt;= N_c
    /// (Pi_x^(j) 1 Pi_x^(j) = 1 on the other Bobs' cutoff spaces), and sqrt(C (x) 1) = sqrt(C) (x) 1. R_z in a plain Fock space
    /// holding the displaced states (<see cref="FockSpace.DimensionHoldingDisplacedStates"/>). Rows z Dimension + i.
    /// </summary>
    public (Matrix<Complex> Kraus, int FockDimension) KeyKraus(double postselectionAmplitude)
    {
        int fock = FockSpace.DimensionHoldingDisplacedStates(Betas[0], Cutoff); // all |beta_x| equal
        var regions = HeterodyneRegionOperators.Build(fock, postselectionAmplitude);
        var rest = Matrix<Complex>.Build.DenseIdentity(BlockDimension / ModeDimension);
        var kraus = Matrix<Complex>.Build.Dense(HeterodyneRegionOperators.RegionCount * Dimension, Dimension);
        for (int x = 0; x < SymbolCount; x++)
        {
            var d = FockSpace.Displacement(Betas[x], fock, ModeDimension);
            for (int z = 0; z < HeterodyneRegionOperators.RegionCount; z++)
            {
                var root = QpskHeterodyneProblem.HermitianSquareRoot(d.ConjugateTranspose() * regions.Regions[z] * d);
                kraus.SetSubMatrix(z * Dimension + x * BlockDimension, x * BlockDimension, root.KroneckerProduct(rest));
            }
        }
        return (kraus, fock);
    }

    /// <summary>Z_z = |z&gt;&lt;z|_R (x) 1 on the output of <see cref="KeyKraus"/>.</summary>
    public List<Matrix<Complex>> KeyProjectors()
    {
        int output = HeterodyneRegionOperators.RegionCount * Dimension;
        return Enumerable.Range(0, HeterodyneRegionOperators.RegionCount)
            .Select(z => Matrix<Complex>.Build.DenseDiagonal(output, output, i => i / Dimension == z ? Complex.One : Complex.Zero))
            .ToList();
    }

    /// <summary>
    /// Pi rho_honest Pi when every Bob receives D(g)|beta_x&gt; with one common random displacement g of density
    /// exp(-|g|^2/nbar)/(pi nbar) (noise entering before the Bobs' modes separate) and Eve's share is the pure state
    /// |sqrt(eta_E) alpha_x&gt;: block (x, x') = 1/4 &lt;e_x'|e_x&gt; B(x, x'), B = int p(g) (x)_j D(beta_x)^dagger D(g)|beta_x&gt;&lt;beta_x'|D(g)^dagger D(beta_x')
    /// cut to n_j &lt;= N_c. Per Bob D(beta)^dagger D(g) D(beta)|0&gt; = e^(2i Im(g conj beta))|g&gt;, so with c = beta_x - beta_x',
    /// u = conj c, v = -c, M = sum m_j, N = sum n_j:
    /// B = int p(g) e^(k(u g + v conj g)) e^(-k|g|^2) g^M conj(g)^N d^2g / sqrt(prod m_j! n_j!), and the Gaussian moment
    /// integral int e^(-s|g|^2 + U g + V conj g) g^M conj(g)^N d^2g/pi = d_U^M d_V^N (e^(UV/s)/s) with s = 1/nbar + k,
    /// U = k u, V = k v gives B = e^(r U V) / ((1 + k nbar) sqrt(prod m_j! n_j!)) sum_j C(M,j) N!/(N-j)! U^(N-j) V^(M-j) r^(M+N-j),
    /// r = nbar/(1 + k nbar). k = 1 is the single-Bob displaced thermal state; for k = 2 each Bob's marginal is the same
    /// displaced thermal state, and the Bobs are classically correlated through g.
    /// </summary>
    public Matrix<Complex> HonestProjectedState(double eveTransmittance, double nbar)
    {
        int k = Modes, bb = BlockDimension, top = k * Cutoff;
        double r = nbar / (1.0 + k * nbar), eve = Math.Sqrt(eveTransmittance);
        var total = new int[bb];
        var weight = new double[bb]; // 1/sqrt(prod n_j!)
        for (int i = 0; i < bb; i++)
        {
            weight[i] = 1.0;
            for (int j = 0, rest = i; j < k; j++, rest /= ModeDimension)
            {
                int n = rest % ModeDimension;
                total[i] += n;
                weight[i] /= Math.Sqrt(SpecialFunctions.Factorial(n));
            }
        }
        var rho = Matrix<Complex>.Build.Dense(Dimension, Dimension);
        var s = new Complex[top + 1, top + 1];
        for (int x = 0; x < SymbolCount; x++)
            for (int y = 0; y < SymbolCount; y++)
            {
                Complex c = Betas[x] - Betas[y], u = k * Complex.Conjugate(c), v = -k * c;
                Complex pre = SymbolProbability * CoherentStateEnsemble.Overlap(Alphas[y] * eve, Alphas[x] * eve)
                              * Complex.Exp(r * u * v) / (1.0 + k * nbar);
                for (int m = 0; m <= top; m++)
                    for (int n = 0; n <= top; n++)
                    {
                        Complex sum = Complex.Zero;
                        for (int j = 0; j <= Math.Min(m, n); j++)
                            sum += SpecialFunctions.Binomial(m, j) * SpecialFunctions.Factorial(n) / SpecialFunctions.Factorial(n - j)
                                   * IntPow(u, n - j) * IntPow(v, m - j) * Math.Pow(r, m + n - j);
                        s[m, n] = pre * sum;
                    }
                for (int i = 0; i < bb; i++)
                    for (int j = 0; j < bb; j++)
                        rho[x * bb + i, y * bb + j] = s[total[i], total[j]] * weight[i] * weight[j];
            }
        return rho;
    }

    /// <summary>
    /// Honest p(z|x) = Tr(R_z D(beta_x) tau_nbar D(beta_x)^dagger) = sum_n q_n &lt;n|D(beta_x)^dagger R_z D(beta_x)|n&gt; of one Bob,
    /// q_n = nbar^n/(1+nbar)^(n+1), summed until the thermal tail r^(n+1) (r = nbar/(1+nbar)) is below 1e-15.
    /// </summary>
    public static double[,] HonestConditionalProbabilities(Complex[] beta, double nbar, double postselectionAmplitude)
    {
        double r = nbar / (1.0 + nbar);
        int top = r == 0.0 ? 0 : (int)Math.Ceiling(Math.Log(1e-15) / Math.Log(r));
        int fock = FockSpace.DimensionHoldingDisplacedStates(beta[0], top);
        var regions = HeterodyneRegionOperators.Build(fock, postselectionAmplitude);
        var p = new double[SymbolCount, HeterodyneRegionOperators.RegionCount];
        for (int x = 0; x < SymbolCount; x++)
        {
            var d = FockSpace.Displacement(beta[x], fock, top + 1);
            for (int z = 0; z < HeterodyneRegionOperators.RegionCount; z++)
            {
                var block = d.ConjugateTranspose() * regions.Regions[z] * d;
                for (int n = 0; n <= top; n++) p[x, z] += (1.0 - r) * Math.Pow(r, n) * block[n, n].Real;
            }
        }
        return p;
    }

    /// <summary>p_pass = sum_x p_x sum_z p(z|x).</summary>
    public static double PassProbability(double[,] conditional)
    {
        double s = 0;
        foreach (double p in conditional) s += SymbolProbability * p;
        return s;
    }

    /// <summary>
    /// delta_EC = p_pass (H(Z) - beta I(X:Z)) in bits per sent signal (Lin 2019, error-correction term), X, Z the honest symbol and
    /// quadrant conditioned on passing the postselection.
    /// </summary>
    public static double LeakBits(double[,] conditional, double reconciliationEfficiency)
    {
        if (!(reconciliationEfficiency > 0.0 && reconciliationEfficiency <= 1.0))
            throw new ArgumentException($"reconciliation efficiency must lie in (0, 1] (got {reconciliationEfficiency:G6})");
        double pass = PassProbability(conditional);
        int nz = conditional.GetLength(1);
        var joint = new double[SymbolCount, nz];
        var pz = new double[nz];
        for (int x = 0; x < SymbolCount; x++)
            for (int z = 0; z < nz; z++)
            {
                joint[x, z] = SymbolProbability * conditional[x, z] / pass;
                pz[z] += joint[x, z];
            }
        double hz = CoherentStateEnsemble.ShannonOfEigenvalues(pz);
        return pass * (hz - reconciliationEfficiency * QuadrantStatistics.MutualInformationBits(joint));
    }

    private static Complex IntPow(Complex z, int k)
    {
        Complex p = Complex.One;
        for (int i = 0; i < k; i++) p *= z;
        return p;
    }
}

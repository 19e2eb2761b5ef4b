using Complex = System.Numerics.Complex;
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
    public const int SymbolCount = DisplacedCutoffSpace.SymbolCount;

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
    public double PassProbability => DisplacedCutoffSpace.PassProbability(ConditionalProbabilities);

    /// <summary>
    /// delta_EC = p_pass (H(Z) - beta I(X:Z)) in bits per sent signal (Lin 2019, error-correction term), X, Z the honest symbol and
    /// quadrant conditioned on passing the postselection.
    /// </summary>
    public double LeakBits(double reconciliationEfficiency) => DisplacedCutoffSpace.LeakBits(ConditionalProbabilities, reconciliationEfficiency);

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
    /// displacement of mean photon number nbar; closed form in <see cref="DisplacedCutoffSpace.HonestProjectedState"/> (k = 1;
    /// x = x': the thermal diagonal nbar^n/(1+nbar)^(n+1)).
    /// </summary>
    public Matrix<Complex> HonestProjectedState()
        => new DisplacedCutoffSpace(Alpha, Transmittance, 1, Cutoff).HonestProjectedState(1.0 - Transmittance, MeanPhotonNumber);

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
        var space = new DisplacedCutoffSpace(alpha, transmittance, 1, cutoff);
        var (kraus, fock) = space.KeyKraus(postselectionAmplitude);
        var constraints = space.AliceMarginalConstraints(weight)
            // |x><x| (x) n_beta_x: the cutoff removes E_x[n 1(n > N_c)] in [0, min(a, (b-a)/N_c)].
            .Concat(space.MomentConstraints("n_beta", 0, meanN, meanN2, DimensionReduction.FirstMomentTailBound(meanN, meanN2, cutoff)))
            .ToList();

        return new QpskHeterodyneProblem
        {
            Problem = new KeyRateProblem(space.Dimension, new[] { kraus }, space.KeyProjectors(), constraints),
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
            ConditionalProbabilities = DisplacedCutoffSpace.HonestConditionalProbabilities(space.Betas, nbar, postselectionAmplitude),
        };
    }

    /// <summary>alpha_x = alpha i^x.</summary>
    public static Complex Symbol(double alpha, int x) => Complex.FromPolarCoordinates(alpha, x * Math.PI / 2);

    /// <summary>sqrt of a positive semidefinite matrix by Hermitian EVD (the Hermitian part; round-off negative eigenvalues set to 0).</summary>
    internal static Matrix<Complex> HermitianSquareRoot(Matrix<Complex> m)
    {
        var h = 0.5 * (m + m.ConjugateTranspose());
        var evd = h.Evd(Symmetricity.Hermitian);
        var s = Matrix<Complex>.Build.DenseDiagonal(h.RowCount, h.RowCount, i => Math.Sqrt(Math.Max(0.0, evd.EigenValues[i].Real)));
        return evd.EigenVectors * s * evd.EigenVectors.ConjugateTranspose();
    }
}

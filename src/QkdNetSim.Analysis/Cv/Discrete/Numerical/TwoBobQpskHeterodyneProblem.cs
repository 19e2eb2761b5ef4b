using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.NumericalKeyRate;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Dimension-reduced key-rate problem of multi-user QPSK CV-QKD with N_T = 2 trusted heterodyning Bobs behind a 1-to-N
/// splitter (Kanitschar &amp; Pacher, seed 001, Sec. V.2, Eqs. (7)-(21); the single-Bob pieces as in
/// <see cref="QpskHeterodyneProblem"/>). Untrusted Bobs' shares and all losses are Eve's (seed 001 Sec. V.2), so only the
/// trusted Bobs B1 (key) and B2 appear; each receives transmittance T_B = T_fibre/N.
/// State space A (x) B1 (x) B2 reduced by Pi = sum_x |x&gt;&lt;x| (x) Pi_x^(1) (x) Pi_x^(2), Pi_x^(j) on span{D(beta_x)|n_j&gt;, n_j &lt;= N_c},
/// beta_x = sqrt(T_B) alpha i^x (seed 001 Eq. (14)); basis |x&gt;|D(beta_x) n1, D(beta_x) n2&gt;, index x (N_c+1)^2 + n1 (N_c+1) + n2,
/// Dimension 4 (N_c+1)^2 (<see cref="DisplacedCutoffSpace"/>, k = 2).
/// Objective: G keeps A and B2 and measures B1: K = sum_z |z&gt;_R (x) sqrt(Pi (1_A (x) R_z (x) 1_B2) Pi), key projectors on R
/// (seed 001 Eq. (13)); with E purifying A B1 B2 (Bob 2 trusted, so his mode is not Eve's), D(G(rho)||Z(G(rho))) = H(Z|E)
/// (seed 001 Sec. V.2 derivation; Coles, PRA 85, 042103 (2012)).
/// Constraints (each holds for Pi rho Pi of every rho compatible with the observations, as Upadhyaya et al., PRX Quantum 2,
/// 020325 (2021), Theorem 1 needs):
/// - weight: 1 - Pi_x = 1 - P1 P2 = (1 - P1) + P1 (1 - P2) &lt;= (1 - P1) (x) 1 + 1 (x) (1 - P2) (commuting projectors), so
///   Tr(Pi_x_perp rho_xx) &lt;= p_x (W1 + W2), W_j = <see cref="DimensionReduction.TailWeightBound"/> of Bob j's moments (union
///   bound; cf. seed 001 Eqs. (17)-(18), whose per-Bob weight is the single-Bob one). Per-Bob moments alone cannot give less:
///   when W1 + W2 &lt;= 1 the two extremal marginals can be coupled with disjoint tail events;
/// - trace and Alice's marginal relaxed with this W exactly as for one Bob (the relaxations use only that Pi_x is a projector
///   and Tr(Pi_x_perp rho_xx) &lt;= p_x W);
/// - per Bob j and x, |x&gt;&lt;x| (x) n_beta_x^(j) and its square (seed 001 Eqs. (15)-(16), (20)), which commute with Pi.
///   For Bob 1 (Bob 2 alike) Tr(rho~ O) = p_x E_x[n1 1(n1 &lt;= N_c) 1(n2 &lt;= N_c)] = p_x (a - E[n1 1(n1 &gt; N_c)]
///   - E[n1 1(n1 &lt;= N_c) 1(n2 &gt; N_c)]): the first tail is at most min(a, (b - a)/N_c)
///   (<see cref="DimensionReduction.FirstMomentTailBound"/>), the second at most min(N_c W2, sqrt(b W2)) (n1 &lt;= N_c on its
///   support; Cauchy-Schwarz), and the whole removal at most a; the square keeps [0, p_x b].
/// Correction Delta(W) with the total W; leak from Bob 1's honest p(z|x) (the single-Bob statistics at T_B).
/// Honest model (seed 001 Sec. VI: excess noise as preparation noise from Alice's source): Alice emits D(delta)|alpha_x&gt;,
/// delta Gaussian with &lt;|delta|^2&gt; = xi/2 (xi SNU per quadrature at the channel input); the splitter and fibres map it to
/// D(sqrt(T_B) delta)|beta_x&gt; for both Bobs, so each Bob sees a displaced thermal state of nbar = T_B xi/2 (a = nbar,
/// b = 2 nbar^2 + nbar) and the Bobs are classically correlated through the common delta; Eve's combined mode
/// (Sec. IV.2 reduction) is |sqrt(1 - 2 T_B) alpha_x&gt; displaced by delta, whose trace gives the factor &lt;e_x'|e_x&gt;.
/// The constraints are per Bob, so an independent-noise model would give the same constraint values.
/// </summary>
public sealed class TwoBobQpskHeterodyneProblem
{
    public const int TrustedBobCount = 2;

    private TwoBobQpskHeterodyneProblem() { }

    public required KeyRateProblem Problem { get; init; }
    public required double Alpha { get; init; }

    /// <summary>T_B = T_fibre / N of each trusted Bob (splitter share times fibre).</summary>
    public required double BobTransmittance { get; init; }

    /// <summary>xi in SNU at Alice's source (preparation noise).</summary>
    public required double ExcessNoiseSnu { get; init; }
    public required int Cutoff { get; init; }
    public required double PostselectionAmplitude { get; init; }

    /// <summary>Observed &lt;n_beta_x&gt; of each Bob: nbar = T_B xi / 2.</summary>
    public required double MeanPhotonNumber { get; init; }

    /// <summary>Observed &lt;n_beta_x^2&gt; of each Bob: 2 nbar^2 + nbar.</summary>
    public required double MeanSquaredPhotonNumber { get; init; }

    /// <summary>W_j: one Bob's tail-weight bound.</summary>
    public required double PerBobWeight { get; init; }

    /// <summary>W = min(1, W1 + W2): bound on the weight outside the joint cutoff space.</summary>
    public required double Weight { get; init; }

    /// <summary>Delta(W) in bits with the total W.</summary>
    public required double CorrectionBits { get; init; }

    public required int FockDimension { get; init; }

    /// <summary>Bob 1's honest p(z | x) (row x, column z).</summary>
    public required double[,] ConditionalProbabilities { get; init; }

    /// <summary>Eve's share of the honest model: 1 - 2 T_B (untrusted Bobs and both fibres' losses).</summary>
    public double EveTransmittance => 1.0 - TrustedBobCount * BobTransmittance;

    public double PassProbability => DisplacedCutoffSpace.PassProbability(ConditionalProbabilities);

    /// <summary>delta_EC of Bob 1's key (as <see cref="QpskHeterodyneProblem.LeakBits"/>).</summary>
    public double LeakBits(double reconciliationEfficiency) => DisplacedCutoffSpace.LeakBits(ConditionalProbabilities, reconciliationEfficiency);

    /// <summary>R = min f - Delta(W) - delta_EC in bits per sent signal (seed 001 Eq. (21); as <see cref="QpskHeterodyneProblem.KeyRateBits"/>).</summary>
    public double KeyRateBits(double minimumObjectiveBits, double reconciliationEfficiency)
        => minimumObjectiveBits - CorrectionBits - LeakBits(reconciliationEfficiency);

    /// <summary>Pi rho_honest Pi of the preparation-noise model (class comment; closed form in <see cref="DisplacedCutoffSpace.HonestProjectedState"/>).</summary>
    public Matrix<Complex> HonestProjectedState()
        => new DisplacedCutoffSpace(Alpha, BobTransmittance, TrustedBobCount, Cutoff).HonestProjectedState(EveTransmittance, MeanPhotonNumber);

    /// <summary>
    /// Build for amplitude alpha, each trusted Bob's transmittance T_B = T_fibre/N (in (0, 1/2]: two Bobs share one input),
    /// preparation noise xi (SNU) and cutoff N_c (&gt;= 1) per Bob.
    /// </summary>
    public static TwoBobQpskHeterodyneProblem Build(double alpha, double bobTransmittance, double excessNoiseSnu, int cutoff, double postselectionAmplitude = 0.0)
    {
        if (!(alpha > 0.0) || !double.IsFinite(alpha)) throw new ArgumentException($"alpha must be finite and > 0 (got {alpha:G6})");
        if (!(bobTransmittance > 0.0 && bobTransmittance <= 1.0 / TrustedBobCount))
            throw new ArgumentException($"each of two Bobs' transmittance must lie in (0, 1/2] (got {bobTransmittance:G6})");
        if (!(excessNoiseSnu >= 0.0) || !double.IsFinite(excessNoiseSnu)) throw new ArgumentException($"excess noise must be finite and >= 0 (got {excessNoiseSnu:G6})");
        if (cutoff < 1) throw new ArgumentException($"cutoff N_c must be >= 1 (got {cutoff})");

        double nbar = bobTransmittance * excessNoiseSnu / 2.0;
        double meanN = nbar, meanN2 = 2 * nbar * nbar + nbar;
        double perBob = DimensionReduction.TailWeightBound(meanN, meanN2, cutoff);
        double weight = Math.Min(1.0, TrustedBobCount * perBob);
        // Removable part of <n_beta^(j)>: own tail + the other Bob's tail (class comment), at most a.
        double removable = Math.Min(meanN, DimensionReduction.FirstMomentTailBound(meanN, meanN2, cutoff)
                                           + Math.Min(cutoff * perBob, Math.Sqrt(meanN2 * perBob)));
        var space = new DisplacedCutoffSpace(alpha, bobTransmittance, TrustedBobCount, cutoff);
        var (kraus, fock) = space.KeyKraus(postselectionAmplitude);
        var constraints = space.AliceMarginalConstraints(weight).ToList();
        for (int bob = 0; bob < TrustedBobCount; bob++)
            constraints.AddRange(space.MomentConstraints($"n_beta^(B{bob + 1})", bob, meanN, meanN2, removable));

        return new TwoBobQpskHeterodyneProblem
        {
            Problem = new KeyRateProblem(space.Dimension, new[] { kraus }, space.KeyProjectors(), constraints),
            Alpha = alpha,
            BobTransmittance = bobTransmittance,
            ExcessNoiseSnu = excessNoiseSnu,
            Cutoff = cutoff,
            PostselectionAmplitude = postselectionAmplitude,
            MeanPhotonNumber = meanN,
            MeanSquaredPhotonNumber = meanN2,
            PerBobWeight = perBob,
            Weight = weight,
            CorrectionBits = DimensionReduction.CorrectionBits(weight),
            FockDimension = fock,
            ConditionalProbabilities = DisplacedCutoffSpace.HonestConditionalProbabilities(space.Betas, nbar, postselectionAmplitude),
        };
    }
}

using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Analytical lower bound on the asymptotic key rate of CV-QKD with an arbitrary modulation of coherent states,
/// heterodyne detection and reverse reconciliation (after Denys, Brown, Leverrier, Quantum 5, 540 (2021), Theorem 1):
/// K = beta I(A:B) - f(Gamma*), f the Holevo information of the Gaussian state with covariance matrix (SNU)
/// Gamma* = [[V_A I, Z* sigma_z], [Z* sigma_z, V_B I]], V_A = 1 + 2 &lt;n&gt;, V_B = 1 + 2 T &lt;n&gt; + T xi and
/// Z* = 2 sqrt(T) c - 2 sqrt(W T xi / 2), c = Tr(tau^(1/2) a tau^(1/2) a^dagger), W = &lt;n&gt; + 1 - c^2/&lt;n&gt;,
/// tau = sum_k p_k |alpha_k&gt;&lt;alpha_k|. The extracted text of Denys et al. was not available to us verbatim, so the bound was
/// re-derived along their route (comment below) and is stated in this normalisation; it is exact (W = 0) for a Gaussian
/// modulation, where Z* = sqrt(T (V_A^2 - 1)) and the rate equals GG02 (<see cref="Gg02KeyRate"/>).
/// Derivation: in the canonical purification |Phi&gt; = (1 ⊗ tau^(1/2)) sum_n |n n&gt;, a_A |Phi&gt; = (1 ⊗ tau^(1/2) a^dagger tau^(-1/2)) |Phi&gt;,
/// so &lt;a_A b_B&gt; = Tr[N*(b) tau^(1/2) a^dagger tau^(1/2)]. With E = N*(b) - sqrt(T) a and the observed first moments
/// Tr[E tau a^dagger] = 0, &lt;a_A b_B&gt; = sqrt(T) c + Tr[E tau^(1/2) (a^dagger tau^(1/2) - mu tau^(1/2) a^dagger)] for any mu;
/// Cauchy-Schwarz, Tr[tau E^dagger E] &lt;= &lt;b^dagger b&gt; - T &lt;n&gt; = T xi / 2 (Kadison-Schwarz) and the optimal mu = c/&lt;n&gt; give
/// |&lt;a_A b_B&gt; - sqrt(T) c| &lt;= sqrt(W T xi / 2), Z = 2 Re &lt;a_A b_B&gt;. Gaussian extremality and the monotonicity of f in Z then
/// bound chi. The trusted detector enters through the five-mode construction of <see cref="Gg02KeyRate"/>.
/// Fock truncation for tau: dimension max|alpha|^2 + 12 max|alpha| + 25 (tail weight below 1e-20).
/// </summary>
public static class DiscreteModulationKeyRate
{
    private const int ModeB = 1, ModeF = 2;

    public static DiscreteModulationResult Compute(DiscreteModulationInput input)
    {
        Validate(input);
        return Compute(input, TauCorrelation(input.Constellation));
    }

    /// <summary>
    /// As <see cref="Compute(DiscreteModulationInput)"/> with the constellation's (c, W) from <see cref="TauCorrelation"/>
    /// computed once by the caller: they depend on the constellation only, not on the channel, so a sweep over T and xi
    /// (e.g. the OFDM subcarrier optimisation of seed 003) diagonalises tau once.
    /// </summary>
    public static DiscreteModulationResult Compute(DiscreteModulationInput input, (double Correlation, double NonGaussianity) tau)
    {
        Validate(input);
        var c = input.Constellation;
        double t = input.Transmittance, xi = input.ExcessNoiseSnu;
        var detector = input.Detector ?? TrustedDetector.Ideal(DetectionKind.Heterodyne);
        double n = c.MeanPhotonNumber;
        var (corr, w) = tau;
        double zStar = Math.Max(0.0, 2.0 * Math.Sqrt(t) * corr - 2.0 * Math.Sqrt(w * t * xi / 2.0));
        double va = 1.0 + 2.0 * n, vb = 1.0 + 2.0 * t * n + t * xi;

        double sigma = QuadrantStatistics.OutcomeSigma(t, xi, detector.InputReferredNoiseSnu);
        double iab = input.MutualInformation switch
        {
            MutualInformationModel.QuadrantKeyMap => QuadrantStatistics.AliceBobBits(c, t, xi, detector.InputReferredNoiseSnu),
            MutualInformationModel.QpskContinuousOutcome => QuadrantStatistics.QpskContinuousBits(QpskAmplitude(c), t, sigma),
            _ => GaussianMutualInformation.AliceBobGaussianModulation(2.0 * n, t, xi, detector),
        };

        double holevo = GaussianHolevoHeterodyne(va, vb, zStar, detector);
        double key = input.ReconciliationEfficiency * iab - holevo;
        return new DiscreteModulationResult(n, corr, w, zStar, iab, holevo, key);
    }

    /// <summary>
    /// chi(y:E) of the Gaussian state [[V_A I, Z sigma_z], [Z sigma_z, V_B I]] for Bob's heterodyne with a trusted detector:
    /// S(AB) - S(AFG | y) (Lodewyck et al., PRA 76, 042305 (2007); five-mode construction as in <see cref="Gg02KeyRate"/>).
    /// </summary>
    public static double GaussianHolevoHeterodyne(double va, double vb, double z, TrustedDetector detector)
    {
        var gammaAb = CovarianceMatrix.TwoModeStandardForm(va, vb, z);
        double sAb = VonNeumannEntropy.Bits(gammaAb);
        var (eta, ancilla) = detector.BeamSplitterModel();
        var five = gammaAb.DirectSum(CovarianceMatrix.Epr(ancilla));
        var after = five.Transformed(BeamSplitter.Symplectic(4, ModeB, ModeF, eta));
        var cond = GaussianMeasurement.AfterHeterodyne(after, ModeB);
        return Math.Max(0.0, sAb - VonNeumannEntropy.Bits(cond));
    }

    /// <summary>
    /// c = Tr(tau^(1/2) a tau^(1/2) a^dagger) and W = &lt;n&gt; + 1 - c^2/&lt;n&gt; of the constellation's average state tau
    /// (truncated Fock space, Hermitian eigendecomposition of tau).
    /// </summary>
    public static (double Correlation, double NonGaussianity) TauCorrelation(Constellation c)
    {
        double maxN = Enumerable.Range(0, c.Count).Max(k => c.Point(k).Magnitude * c.Point(k).Magnitude);
        int dim = (int)Math.Ceiling(maxN + 12.0 * Math.Sqrt(maxN) + 25.0);
        var tau = Matrix<Complex>.Build.Dense(dim, dim);
        for (int k = 0; k < c.Count; k++)
        {
            var v = Vector<Complex>.Build.DenseOfArray(CoherentStateEnsemble.FockAmplitudes(c.Point(k), dim));
            tau += c.Probability(k) * v.OuterProduct(v.Conjugate());
        }
        tau = 0.5 * (tau + tau.ConjugateTranspose());
        var evd = tau.Evd(Symmetricity.Hermitian);
        var u = evd.EigenVectors;
        var sqrtL = Vector<Complex>.Build.Dense(dim, i => Math.Sqrt(Math.Max(0.0, evd.EigenValues[i].Real)));
        var s = u * Matrix<Complex>.Build.DiagonalOfDiagonalVector(sqrtL) * u.ConjugateTranspose();
        var a = Matrix<Complex>.Build.Dense(dim, dim);
        for (int m = 1; m < dim; m++) a[m - 1, m] = Math.Sqrt(m);
        double corr = (s * a * s * a.ConjugateTranspose()).Trace().Real;
        double n = c.MeanPhotonNumber;
        double w = Math.Max(0.0, n + 1.0 - corr * corr / n);
        return (corr, w);
    }

    private static double QpskAmplitude(Constellation c)
    {
        var q = Constellation.Qpsk(c.Point(0).Magnitude);
        bool same = c.Count == 4 && Enumerable.Range(0, 4).All(k => (c.Point(k) - q.Point(k)).Magnitude < 1e-12 && Math.Abs(c.Probability(k) - 0.25) < 1e-12);
        if (!same) throw new AnalysisInputException("mutual_information", "the continuous-outcome model is implemented for QPSK (Constellation.Qpsk) only");
        return c.Point(0).Magnitude;
    }

    private static void Validate(DiscreteModulationInput input)
    {
        if (input.Constellation is null) throw new AnalysisInputException("constellation", "a constellation must be given");
        if (!(input.Constellation.MeanPhotonNumber > 0)) throw new AnalysisInputException("constellation", "mean photon number must be > 0");
        if (!(input.Transmittance > 0.0 && input.Transmittance <= 1.0))
            throw new AnalysisInputException("T", $"transmittance must lie in (0, 1] (got {input.Transmittance:G6})");
        if (!(input.ExcessNoiseSnu >= 0.0) || !double.IsFinite(input.ExcessNoiseSnu))
            throw new AnalysisInputException("xi", $"excess noise must be finite and >= 0 SNU (got {input.ExcessNoiseSnu:G6})");
        if (!(input.ReconciliationEfficiency > 0.0 && input.ReconciliationEfficiency <= 1.0))
            throw new AnalysisInputException("beta", $"reconciliation efficiency must lie in (0, 1] (got {input.ReconciliationEfficiency:G6})");
        if (input.Detector is not null && input.Detector.Kind != DetectionKind.Heterodyne)
            throw new AnalysisInputException("detector", "the bound is for heterodyne detection");
    }
}

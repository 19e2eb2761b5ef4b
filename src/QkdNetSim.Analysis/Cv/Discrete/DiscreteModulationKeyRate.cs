using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Explicit lower bound on the asymptotic key rate of CV-QKD with an arbitrary modulation of coherent states, heterodyne
/// detection and reverse reconciliation (Denys, Brown, Leverrier, Quantum 5, 540 (2021), Theorem 1 and Eq. (2)):
/// K = beta I(X:Y) - chi(Y:E), chi(Y:E) &lt;= f(Gamma*) of the Gaussian state with covariance matrix (SNU)
/// Gamma* = [[V_A I, Z* sigma_z], [Z* sigma_z, V_B I]], V_A = 1 + 2 &lt;n&gt;, V_B = 1 + 2 T &lt;n&gt; + T xi,
/// Z* = 2 sqrt(T) c - 2 sqrt(w T xi / 2), c = Tr(tau^(1/2) a tau^(1/2) a^dagger), tau = sum_k p_k |alpha_k&gt;&lt;alpha_k|,
/// w = sum_k p_k (&lt;alpha_k|a_tau^dagger a_tau|alpha_k&gt; - |&lt;alpha_k|a_tau|alpha_k&gt;|^2), a_tau = tau^(1/2) a tau^(-1/2).
/// Derivation (our check of the theorem): in the purification (1 ⊗ tau^(1/2)) sum_n |n n&gt;, &lt;a_A b_B&gt; = Tr[tau^(1/2) a^dagger tau^(1/2) N*(b)]
/// = sum_k p_k &lt;alpha_k| a_tau^dagger N*(b) |alpha_k&gt;. Write a_tau |alpha_k&gt; = mu_k |alpha_k&gt; + |r_k&gt; with &lt;alpha_k|r_k&gt; = 0; the mu_k part gives
/// sum_k p_k conj(mu_k) &lt;b&gt;_k = sqrt(T) c for the observed first moments &lt;b&gt;_k = sqrt(T) alpha_k, and Cauchy-Schwarz with
/// Kadison-Schwarz bounds the rest by sqrt(sum p_k ||r_k||^2 sum p_k (&lt;b^dagger b&gt;_k - |&lt;b&gt;_k|^2)) = sqrt(w T xi / 2), since each
/// output has &lt;b^dagger b&gt;_k - |&lt;b&gt;_k|^2 = T xi / 2 (variance 1 + T xi). Z = 2 Re &lt;a_A b_B&gt;; Gaussian extremality and the
/// monotonicity of f in Z bound chi. For a Gaussian modulation w = 0 and Z* = sqrt(T (V_A^2 - 1)): the rate is GG02
/// (<see cref="GaussianLimit"/>). The trusted detector enters through the five-mode construction of <see cref="Gg02KeyRate"/>.
/// The mutual information is I(X:Y) of Bob's continuous outcome unless a labelled alternative is asked for
/// (<see cref="MutualInformationModel"/>). Fock truncation for tau: dimension max|alpha|^2 + 12 max|alpha| + 25 (tail below 1e-20).
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
        double sigma = QuadrantStatistics.OutcomeSigma(t, xi, detector.InputReferredNoiseSnu);
        double iab = input.MutualInformation switch
        {
            MutualInformationModel.QuadrantKeyMap => QuadrantStatistics.AliceBobBits(c, t, xi, detector.InputReferredNoiseSnu),
            MutualInformationModel.ContinuousOutcome => ContinuousOutcomeInformation.Bits(c, t, sigma),
            _ => GaussianMutualInformation.AliceBobGaussianModulation(2.0 * n, t, xi, detector),
        };
        return Bound(n, corr, w, iab, t, xi, input.ReconciliationEfficiency, detector);
    }

    /// <summary>
    /// The bound for a Gaussian modulation of mean photon number &lt;n&gt;: tau is thermal, so c = sqrt(&lt;n&gt;(&lt;n&gt; + 1)), w = 0
    /// and I(X:Y) = log2(1 + SNR); the result is the GG02 heterodyne rate (Denys et al. 2021, Sec. 3; <see cref="Gg02KeyRate"/>).
    /// </summary>
    public static DiscreteModulationResult GaussianLimit(double meanPhotonNumber, double transmittance, double excessNoiseSnu,
        double reconciliationEfficiency, TrustedDetector? detector = null)
    {
        if (!(meanPhotonNumber > 0)) throw new ArgumentException("mean photon number must be > 0", nameof(meanPhotonNumber));
        var d = detector ?? TrustedDetector.Ideal(DetectionKind.Heterodyne);
        double n = meanPhotonNumber;
        double iab = GaussianMutualInformation.AliceBobGaussianModulation(2.0 * n, transmittance, excessNoiseSnu, d);
        return Bound(n, Math.Sqrt(n * (n + 1.0)), 0.0, iab, transmittance, excessNoiseSnu, reconciliationEfficiency, d);
    }

    // Theorem 1 of Denys et al.: Z*, the Gaussian covariance matrix and beta I - f(Gamma*).
    private static DiscreteModulationResult Bound(double n, double corr, double w, double iab, double t, double xi, double beta, TrustedDetector detector)
    {
        double zStar = Math.Max(0.0, 2.0 * Math.Sqrt(t) * corr - 2.0 * Math.Sqrt(w * t * xi / 2.0));
        double va = 1.0 + 2.0 * n, vb = 1.0 + 2.0 * t * n + t * xi;
        double holevo = GaussianHolevoHeterodyne(va, vb, zStar, detector);
        return new DiscreteModulationResult(n, corr, w, zStar, iab, holevo, beta * iab - holevo);
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
    /// c = Tr(tau^(1/2) a tau^(1/2) a^dagger) and w = sum_k p_k (||a_tau alpha_k||^2 - |&lt;alpha_k|a_tau|alpha_k&gt;|^2),
    /// a_tau = tau^(1/2) a tau^(-1/2) on the support of tau (Denys et al. 2021, Theorem 1): truncated Fock space, Hermitian
    /// eigendecomposition of tau, eigenvalues below 1e-14 of the largest treated as outside the support (a K-state ensemble
    /// has rank K; the dropped directions carry weight below 1e-14).
    /// </summary>
    public static (double Correlation, double NonGaussianity) TauCorrelation(Constellation c)
    {
        double maxN = Enumerable.Range(0, c.Count).Max(k => c.Point(k).Magnitude * c.Point(k).Magnitude);
        int dim = (int)Math.Ceiling(maxN + 12.0 * Math.Sqrt(maxN) + 25.0);
        var states = Enumerable.Range(0, c.Count)
            .Select(k => Vector<Complex>.Build.DenseOfArray(CoherentStateEnsemble.FockAmplitudes(c.Point(k), dim))).ToArray();
        var tau = Matrix<Complex>.Build.Dense(dim, dim);
        for (int k = 0; k < c.Count; k++) tau += c.Probability(k) * states[k].OuterProduct(states[k].Conjugate());
        tau = 0.5 * (tau + tau.ConjugateTranspose());
        var evd = tau.Evd(Symmetricity.Hermitian);
        var u = evd.EigenVectors;
        double top = evd.EigenValues.Enumerate().Max(l => l.Real);
        var lambda = Enumerable.Range(0, dim).Select(i => Math.Max(0.0, evd.EigenValues[i].Real)).ToArray();
        var sqrtL = Vector<Complex>.Build.Dense(dim, i => Math.Sqrt(lambda[i]));
        var invSqrtL = Vector<Complex>.Build.Dense(dim, i => lambda[i] > 1e-14 * top ? 1.0 / Math.Sqrt(lambda[i]) : 0.0);
        var s = u * Matrix<Complex>.Build.DiagonalOfDiagonalVector(sqrtL) * u.ConjugateTranspose();
        var sInv = u * Matrix<Complex>.Build.DiagonalOfDiagonalVector(invSqrtL) * u.ConjugateTranspose();
        var a = Matrix<Complex>.Build.Dense(dim, dim);
        for (int m = 1; m < dim; m++) a[m - 1, m] = Math.Sqrt(m);
        double corr = (s * a * s * a.ConjugateTranspose()).Trace().Real;
        var aTau = s * a * sInv;
        double w = 0.0;
        for (int k = 0; k < c.Count; k++)
        {
            var image = aTau * states[k];
            w += c.Probability(k) * (image.ConjugateDotProduct(image).Real - Math.Pow(states[k].ConjugateDotProduct(image).Magnitude, 2));
        }
        return (corr, Math.Max(0.0, w));
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

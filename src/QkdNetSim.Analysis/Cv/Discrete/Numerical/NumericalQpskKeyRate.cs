using QkdNetSim.Analysis.NumericalKeyRate;
using QkdNetSim.Analysis.Sdp;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Reliable numerical key rate of QPSK with heterodyne detection, quadrant key map and reverse reconciliation
/// (Lin, Upadhyaya, Lütkenhaus, PRX 9, 041064 (2019)) on the dimension-reduced problem of <see cref="QpskHeterodyneProblem"/>
/// (Upadhyaya et al., PRX Quantum 2, 020325 (2021)): R = min f - Delta(W) - leak with min f bracketed by the two-step method
/// (<see cref="TwoStepKeyRate"/>; Winick, Lütkenhaus, Coles, Quantum 2, 77 (2018)). <see cref="NumericalKeyRateResult.KeyRateBits"/>
/// uses the step-2 certificate, so it is a lower bound; <see cref="NumericalKeyRateResult.Step1KeyRateBits"/> uses the step-1 value, f at a
/// state that meets the constraints to the SDP tolerance only (not an upper bound where the moments are tiny), and shows the remaining gap. Frank-Wolfe starts from the honest projected state, which satisfies every constraint.
/// </summary>
public static class NumericalQpskKeyRate
{
    /// <summary>
    /// Step-1 settings unless a caller asks otherwise: Frank-Wolfe stops at a gap of 1e-6 bits or 100 iterations. The printed
    /// rate is the step-2 certificate either way; the step-1 value beside it shows what a longer run could still gain.
    /// The line search takes 40 golden-section steps (interval 0.618^40 = 4e-9). The SDPs stop at a relative gap of 1e-6 and
    /// a feasibility residual of 1e-7: these problems' thin feasible sets (moments near zero at low noise) stall interior-point
    /// progress near 1e-7, and the looser stop costs at most ~1e-6 bits of tightness, never validity (step 2 checks its own
    /// dual solution and widens the constraints by the step-1 state's violation).
    /// </summary>
    public static TwoStepOptions DefaultOptions { get; } = new(MaxIterations: 100, GapTolerance: 1e-6, LineSearchIterations: 40,
        Sdp: new SdpOptions(GapTolerance: 1e-6, FeasibilityTolerance: 1e-7));

    /// <summary>Cutoff N_c of the displaced number basis used unless a caller asks otherwise.</summary>
    public const int DefaultCutoff = 10;

    public static NumericalKeyRateResult Compute(double alpha, double transmittance, double excessNoiseSnu, double reconciliationEfficiency,
        int cutoff = DefaultCutoff, TwoStepOptions? options = null)
    {
        var p = QpskHeterodyneProblem.Build(alpha, transmittance, excessNoiseSnu, cutoff);
        return Solve(alpha, transmittance, excessNoiseSnu, cutoff, p.Problem, p.HonestProjectedState(), p.Weight, p.CorrectionBits,
            p.LeakBits(reconciliationEfficiency), f => p.KeyRateBits(f, reconciliationEfficiency), options);
    }

    /// <summary>Cutoff per Bob for two trusted Bobs (dimension 4 (N_c + 1)^2; seed 001 Sec. VI.2 needs a small cutoff there too).</summary>
    public const int DefaultTwoBobCutoff = 3;

    /// <summary>
    /// Two trusted Bobs, key from Bob 1 (seed 001 Sec. V.2, scenarios b and c with N_T = 2; <see cref="TwoBobQpskHeterodyneProblem"/>):
    /// each trusted Bob at <paramref name="bobTransmittance"/> = T_fibre / N, the untrusted Bobs' share is Eve's.
    /// </summary>
    public static NumericalKeyRateResult ComputeTwoTrusted(double alpha, double bobTransmittance, double excessNoiseSnu, double reconciliationEfficiency,
        int cutoff = DefaultTwoBobCutoff, TwoStepOptions? options = null)
    {
        var p = TwoBobQpskHeterodyneProblem.Build(alpha, bobTransmittance, excessNoiseSnu, cutoff);
        return Solve(alpha, bobTransmittance, excessNoiseSnu, cutoff, p.Problem, p.HonestProjectedState(), p.Weight, p.CorrectionBits,
            p.LeakBits(reconciliationEfficiency), f => p.KeyRateBits(f, reconciliationEfficiency), options);
    }

    /// <summary>
    /// The numerical rate for a seed-001 trust scenario (Sec. III) over fibres of transmittance T, each Bob at T/N:
    /// N_T = 2 (b with two trusted, c with N = 2) uses the two-Bob problem; every other case uses the single-Bob problem,
    /// which gives Eve every other Bob's share. That is exact for a) and a valid lower bound for b) and c) with N_T &gt; 2 and
    /// for d): handing Eve more systems can only lower H(Z|E), and in d) the other Bobs' information about the key
    /// (Eq. (3)) is at most what Eve learns from their systems. The two-Bob problem for d) (N = 2) would also need the other
    /// Bob's information under correlated preparation noise; it is not implemented, so d) with N = 2 takes the single-Bob rate.
    /// </summary>
    public static NumericalKeyRateResult ForScenario(TrustScenario scenario, double alpha, double fibreTransmittance, double excessNoiseSnu,
        double reconciliationEfficiency, TwoStepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        double bobT = scenario.KeyBobTransmittance(fibreTransmittance);
        return scenario.TrustedCount == 2 && scenario.Kind != TrustKind.AllCurious
            ? ComputeTwoTrusted(alpha, bobT, excessNoiseSnu, reconciliationEfficiency, options: options)
            : Compute(alpha, bobT, excessNoiseSnu, reconciliationEfficiency, options: options);
    }

    private static NumericalKeyRateResult Solve(double alpha, double transmittance, double xi, int cutoff, KeyRateProblem problem,
        MathNet.Numerics.LinearAlgebra.Matrix<System.Numerics.Complex> honest, double weight, double correction, double leak,
        Func<double, double> keyRate, TwoStepOptions? options)
    {
        var solved = TwoStepKeyRate.Solve(problem, (options ?? DefaultOptions) with { InitialState = honest });
        return new NumericalKeyRateResult(alpha, transmittance, xi, cutoff, solved.Step1Bits, solved.LowerBoundBits, weight, correction, leak,
            keyRate(solved.LowerBoundBits), keyRate(solved.Step1Bits), solved.Iterations, solved.Status.ToString());
    }
}

/// <summary>One numerical key rate (bits per sent symbol) with its parts: step-1 and step-2 values of min f, W, Delta(W), leak.</summary>
public sealed record NumericalKeyRateResult(double Alpha, double Transmittance, double ExcessNoiseSnu, int Cutoff,
    double Step1Bits, double Step2Bits, double Weight, double CorrectionBits, double LeakBits,
    double KeyRateBits, double Step1KeyRateBits, int Iterations, string Status);

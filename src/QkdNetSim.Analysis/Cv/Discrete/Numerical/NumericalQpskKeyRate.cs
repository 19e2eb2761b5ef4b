using QkdNetSim.Analysis.NumericalKeyRate;

namespace QkdNetSim.Analysis.Cv.Discrete.Numerical;

/// <summary>
/// Reliable numerical key rate of QPSK with heterodyne detection, quadrant key map and reverse reconciliation
/// (Lin, Upadhyaya, Lütkenhaus, PRX 9, 041064 (2019)) on the dimension-reduced problem of <see cref="QpskHeterodyneProblem"/>
/// (Upadhyaya et al., PRX Quantum 2, 020325 (2021)): R = min f - Delta(W) - leak with min f bracketed by the two-step method
/// (<see cref="TwoStepKeyRate"/>; Winick, Lütkenhaus, Coles, Quantum 2, 77 (2018)). <see cref="NumericalKeyRateResult.KeyRateBits"/>
/// uses the step-2 certificate, so it is a lower bound; <see cref="NumericalKeyRateResult.Step1KeyRateBits"/> uses the step-1 value and
/// shows how tight it is. Frank-Wolfe starts from the honest projected state, which satisfies every constraint.
/// </summary>
public static class NumericalQpskKeyRate
{
    /// <summary>Cutoff N_c of the displaced number basis used unless a caller asks otherwise.</summary>
    public const int DefaultCutoff = 10;

    public static NumericalKeyRateResult Compute(double alpha, double transmittance, double excessNoiseSnu, double reconciliationEfficiency,
        int cutoff = DefaultCutoff, TwoStepOptions? options = null)
    {
        var problem = QpskHeterodyneProblem.Build(alpha, transmittance, excessNoiseSnu, cutoff);
        var solved = TwoStepKeyRate.Solve(problem.Problem, (options ?? new TwoStepOptions()) with { InitialState = problem.HonestProjectedState() });
        return new NumericalKeyRateResult(alpha, transmittance, excessNoiseSnu, cutoff, solved.Step1Bits, solved.LowerBoundBits,
            problem.Weight, problem.CorrectionBits, problem.LeakBits(reconciliationEfficiency),
            problem.KeyRateBits(solved.LowerBoundBits, reconciliationEfficiency), problem.KeyRateBits(solved.Step1Bits, reconciliationEfficiency),
            solved.Iterations, solved.Status.ToString());
    }
}

/// <summary>One numerical key rate (bits per sent symbol) with its parts: step-1 and step-2 values of min f, W, Delta(W), leak.</summary>
public sealed record NumericalKeyRateResult(double Alpha, double Transmittance, double ExcessNoiseSnu, int Cutoff,
    double Step1Bits, double Step2Bits, double Weight, double CorrectionBits, double LeakBits,
    double KeyRateBits, double Step1KeyRateBits, int Iterations, string Status);

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// summary.json of a CV run or analysis (key rates in bits per round, i.e. per symbol). From the model engine the
/// "estimates" are the values at the true parameters, their standard errors and worst cases null.
/// </summary>
public sealed class CvRunSummary() : SummaryEnvelope<CvRunInfo>(KindNames.Cv)
{
    public CvRunSummary(string command, CvRunManifest m) : this() => SetIdentity(command, m.ScenarioName, m.ScenarioHash, m.Seed);

    public override bool WasInterrupted() => Interrupted;

    public long Rounds { get; set; }
    /// <summary>true when the run was interrupted: every number covers the <see cref="Rounds"/> rounds done.</summary>
    public bool Interrupted { get; set; }
    public string Modulation { get; set; } = "";
    public double ReconciliationEfficiency { get; set; }
    public double ConfidenceStandardScore { get; set; }
    public List<CvUserSummary> Users { get; set; } = new();
    /// <summary>Sum of K_ABi from the estimates (seed 000 Eqs. 7, 21-25), null when the estimates are not usable.</summary>
    public double? NetworkTotalKeyRateEstimateBits { get; set; }
    public double? NetworkTotalKeyRateWorstCaseBits { get; set; }
    public double NetworkTotalKeyRateAnalyticBits { get; set; }
    /// <summary>Batch (delete-one-batch jackknife) standard error of K_tot (16 interleaved batches), null when unavailable.</summary>
    public double? NetworkTotalKeyRateStandardErrorBits { get; set; }
    /// <summary>K_UB (co-located Bobs) at the estimated covariance matrix, its batch (jackknife) se, and at the true parameters.</summary>
    public double? UpperLimitEstimateBits { get; set; }
    public double? UpperLimitStandardErrorBits { get; set; }
    public double UpperLimitAnalyticBits { get; set; }
    /// <summary>gamma_{A B_1..B_N} estimated from the samples (seed 000 Methods C), SNU, 2(N+1) x 2(N+1), row-major.</summary>
    public double[][]? EstimatedCovarianceSnu { get; set; }
    /// <summary>Batch (delete-one-batch jackknife) standard error of each entry of <see cref="EstimatedCovarianceSnu"/>.</summary>
    public double[][]? EstimatedCovarianceStandardErrorSnu { get; set; }
    public bool EstimatedCovariancePhysical { get; set; }
    public string? Note { get; set; }



    public static CvRunSummary FromJson(string json) => JsonContract.FromJson<CvRunSummary>(json, RunsJson.Indented);
}

/// <summary>Cost and provenance of a CV run or analysis (not physics; varies between machines).</summary>
public sealed class CvRunInfo
{
    public double WallTimeS { get; set; }
    /// <summary>Rounds processed per wall second; null from the model engine (it processes none).</summary>
    public double? RoundsPerWallSecond { get; set; }
    /// <summary>The sample log written or read; empty when none.</summary>
    public string LogFile { get; set; } = "";
    /// <summary>Events the kernel processed (engine horizons and progress ticks); null for `analyze` (no kernel).</summary>
    public long? KernelEvents { get; set; }
    /// <summary>
    /// Kernel time simulated: rounds x symbol period (scenario `symbolRateHz`); the model engine gives the session's
    /// length the same way; null for `analyze`. Rounds / this is the symbol rate.
    /// </summary>
    public double? SimulatedTimeS { get; set; }
    /// <summary>True when `analyze` read a log whose footer has no content hash (a lab log, not verified); false otherwise.</summary>
    public bool LabLog { get; set; }
}

/// <summary>An estimate with its standard error and interval (the model engine's value is the true one: no error, no interval).</summary>
public sealed record CvIntervalSummary(double Value, double? StandardError, double? Lower, double? Upper);

/// <summary>Per-user part of summary.json.</summary>
public sealed class CvUserSummary
{
    public string Name { get; set; } = "";
    /// <summary>(a, b) pairs the estimates used (2 per round); null from the model engine (it uses none).</summary>
    public long? QuadraturePairs { get; set; }
    public CvIntervalSummary? ModulationVarianceSnu { get; set; }
    public CvIntervalSummary? Transmittance { get; set; }
    public CvIntervalSummary? ExcessNoiseSnu { get; set; }
    public double TrueTransmittance { get; set; }
    public double TrueExcessNoiseSnu { get; set; }
    public bool CovariancePhysical { get; set; }
    public string? PhysicalityViolation { get; set; }
    /// <summary>gamma_AB rebuilt from the estimate, row-major 4x4 (SNU).</summary>
    public double[][]? CovarianceSnu { get; set; }
    /// <summary>Single-user GG02 key rate at the estimate and its delta-method standard error.</summary>
    public double? Gg02KeyRateEstimateBits { get; set; }
    public double? Gg02KeyRateStandardErrorBits { get; set; }
    public double? Gg02KeyRateWorstCaseBits { get; set; }
    public double Gg02KeyRateAnalyticBits { get; set; }
    /// <summary>
    /// Multi-user K_ABi (seed 000 Eq. 21) at the covariance matrix estimated from all users' samples (cross-user
    /// covariances measured), its batch (jackknife) standard error, the worst case K - z se, and at the true parameters.
    /// </summary>
    public double? NetworkKeyRateEstimateBits { get; set; }
    public double? NetworkKeyRateStandardErrorBits { get; set; }
    public double? NetworkKeyRateWorstCaseBits { get; set; }
    public double NetworkKeyRateAnalyticBits { get; set; }
}

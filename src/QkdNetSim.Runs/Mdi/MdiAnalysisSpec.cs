namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Finite-key analysis settings of the MDI decoy-state protocol (seed 002 Supplementary Section 3). A class of its own,
/// not the access network's AnalysisSpec, because a written `analysis:` mapping starts from the class defaults, and f_EC
/// differs (1.16 here).
/// </summary>
public sealed class MdiAnalysisSpec
{
    /// <summary>Failure probability of each Chernoff bound (seed 002: 1e-10).</summary>
    public double Epsilon { get; set; } = 1e-10;
    /// <summary>f: error-correction inefficiency (seed 002: f = 1.16).</summary>
    public double ErrorCorrectionEfficiency { get; set; } = 1.16;
}

namespace QkdNetSim.Runs.Cv;

// Input of `qkdnetsim analyze FILE.yaml` for CV networks (`kind: cvCovariance`): a covariance matrix of Alice's mode A and
// the Bobs' modes B_1..B_N at their detector inputs (entanglement-based picture, SNU, vacuum = 1, quadrature order
// x_A, p_A, x_B1, p_B1, ...), e.g. estimated from lab data as in seed 000 Methods C / Fig. 19, plus each Bob's trusted
// detector calibration. The analyzer returns K_ABi (Eqs. 21-25), K_tot, K_UB and K_LB.

/// <summary>Root of a covariance file.</summary>
public sealed class CvCovarianceFile
{
    public string Name { get; set; } = "cv-covariance";
    public string Description { get; set; } = "";
    /// <summary>2(N+1) rows of 2(N+1) numbers: gamma_{A B_1..B_N}, SNU.</summary>
    public List<List<double>> MatrixSnu { get; set; } = new();
    /// <summary>beta in (0, 1].</summary>
    public double ReconciliationEfficiency { get; set; } = 0.956;
    /// <summary>One per Bob, in matrix order.</summary>
    public List<CvDetectorSpec> Detectors { get; set; } = new();
}

/// <summary>A Bob's trusted heterodyne detector: eta_D = eta / (1 + v_el) with a vacuum ancilla (seed 000 Methods F.1).</summary>
public sealed class CvDetectorSpec
{
    public string Name { get; set; } = "";
    /// <summary>Detection efficiency eta in (0, 1].</summary>
    public double Efficiency { get; set; } = 1.0;
    /// <summary>Electronic noise v_el &gt;= 0, SNU.</summary>
    public double ElectronicNoiseSnu { get; set; }
}

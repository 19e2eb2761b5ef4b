namespace QkdNetSim.Runs.Cv;

// CV network scenario schema (YAML, camelCase keys, `kind: cvNetwork`). Units are in the names. Defaults: the seed 000
// three-node testbed (Bian et al., arXiv:2507.04462, "Experimental proof of principle") where the paper gives a number.

/// <summary>Root of a sample-level CV-QKD broadcast scenario: Alice, a 1-to-N splitter tree, N heterodyning Bobs.</summary>
public sealed class CvScenarioFile
{
    public string Name { get; set; } = "cv-scenario";
    public string Description { get; set; } = "";
    /// <summary>Root seed: Alice's and each Bob's random stream derive from it.</summary>
    public ulong Seed { get; set; } = 1;
    /// <summary>Rounds (Alice symbols); each user logs one row per round.</summary>
    public long Samples { get; set; } = 1_000_000;
    /// <summary>
    /// Alice's symbol rate, Hz: one round per symbol period of kernel time (1e12 / rate rounded to integer ps). Optional
    /// (absent: <see cref="DefaultSymbolRateHz"/>), so scenarios without it keep their canonical YAML and hash.
    /// </summary>
    public double? SymbolRateHz { get; set; }
    /// <summary>gaussian | qpsk | qam.</summary>
    public string Modulation { get; set; } = "gaussian";
    /// <summary>V_M: variance of each of Alice's displacement quadratures, SNU (V = V_M + 1).</summary>
    public double ModulationVarianceSnu { get; set; } = 4.0;
    /// <summary>qam only: PAM levels of one quadrature (any scale; rescaled to V_M).</summary>
    public List<double>? QamLevels { get; set; }
    /// <summary>qam only: probability of each level (sum 1).</summary>
    public List<double>? QamProbabilities { get; set; }
    /// <summary>Fibre from Alice to the splitter tree, km.</summary>
    public double FeederFibreKm { get; set; }
    /// <summary>Fibre attenuation, dB/km (0.2: SMF-28, seed 000 Methods).</summary>
    public double AttenuationDbPerKm { get; set; } = 0.2;
    /// <summary>beta in (0, 1].</summary>
    public double ReconciliationEfficiency { get; set; } = 0.956;
    /// <summary>z of the reported intervals (1.96: two-sided 95 %).</summary>
    public double ConfidenceStandardScore { get; set; } = 1.96;
    /// <summary>The Bobs; N = count, each behind a 1/N splitter output.</summary>
    public List<CvUserSpec> Users { get; set; } = new();
    /// <summary>The sample log cv_samples.parquet.</summary>
    public CvLogSpec Log { get; set; } = new();

    /// <summary>Seed 000 experiment (Methods): "the system baud rate is 1 GBaud".</summary>
    public const double DefaultSymbolRateHz = 1e9;

    /// <summary><see cref="SymbolRateHz"/>, or <see cref="DefaultSymbolRateHz"/> when absent.</summary>
    public double EffectiveSymbolRateHz() => SymbolRateHz ?? DefaultSymbolRateHz;
}

/// <summary>Whether and how cv_samples.parquet is written (40 bytes per row before compression).</summary>
public sealed class CvLogSpec
{
    /// <summary>false: only summary.json (estimates come from streaming sums, so nothing is lost but the raw rows).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// Rows per Parquet row group. Absent means <see cref="CvSampleLogWriter.DefaultRowGroupSizeRows"/> (and is not written
    /// into the canonical text, so scenario hashes stay as they were when the default was 2^20).
    /// </summary>
    public int? RowGroupSize { get; set; }

    /// <summary>The row-group size in effect.</summary>
    public int EffectiveRowGroupSize => RowGroupSize ?? CvSampleLogWriter.DefaultRowGroupSizeRows;
}

/// <summary>One Bob: drop fibre, excess noise (SNU at the channel input, independent per user), trusted detector.</summary>
public sealed class CvUserSpec
{
    public string Name { get; set; } = "";
    public double FibreLengthKm { get; set; }
    public double ExcessNoiseSnu { get; set; }
    public double Efficiency { get; set; } = 0.6;
    public double ElectronicNoiseSnu { get; set; } = 0.1;
}

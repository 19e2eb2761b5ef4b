using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// `analyze FILE.yaml` for `kind: cvCovariance`: multi-user key rates of seed 000 (Eqs. 7, 21-25; K_UB, K_LB) from a
/// given covariance matrix and trusted detectors, written atomically as FILE.summary.json next to the input.
/// </summary>
public static class CvCovarianceAnalysis
{
    public static CvCovarianceSummary Analyze(string path, IReadOnlyList<string>? overrides = null)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var loaded = CvCovarianceLoader.Load(path, overrides);
        var f = loaded.File;
        var etaD = f.Detectors.Select(d => d.Efficiency / (1.0 + d.ElectronicNoiseSnu)).ToArray();
        var state = BroadcastState.WithTrustedDetectors(loaded.AliceAndBobs, etaD);
        var r = BroadcastKeyRates.Compute(state, f.ReconciliationEfficiency);
        return new CvCovarianceSummary(f.Name, loaded.Hash)
        {
            Run = new CvCovarianceRunInfo { WallTimeS = wall.Elapsed.TotalSeconds, InputFile = path },
            Name = f.Name,
            ReconciliationEfficiency = f.ReconciliationEfficiency,
            TotalKeyRateBits = r.Total,
            UpperLimitBits = r.UpperBound,
            FractionOfUpperLimit = double.IsNaN(r.FractionOfUpperBound) ? null : r.FractionOfUpperBound,
            Users = r.Users.Select((u, i) => new CvCovarianceUserSummary(
                string.IsNullOrEmpty(f.Detectors[i].Name) ? $"bob{i + 1}" : f.Detectors[i].Name,
                u.MutualInformation, u.OtherBobsInformation, u.ConditionalHolevo, u.KeyRate, u.LowerBoundKeyRate)).ToList(),
        };
    }
}

/// <summary>FILE.summary.json of a covariance analysis (bits per pulse).</summary>
public sealed class CvCovarianceSummary() : SummaryEnvelope<CvCovarianceRunInfo>(KindNames.CvCovariance)
{
    /// <param name="name">The file's `name:` (also the envelope's scenarioName).</param>
    /// <param name="hash">SHA-256 of the canonical covariance file.</param>
    public CvCovarianceSummary(string name, string hash) : this() => SetIdentity("analyze", name, hash, 0);

    public override bool WasInterrupted() => false;

    public string Name { get; set; } = "";
    public double ReconciliationEfficiency { get; set; }
    public List<CvCovarianceUserSummary> Users { get; set; } = new();
    /// <summary>K_tot = sum_i K_ABi.</summary>
    public double TotalKeyRateBits { get; set; }
    /// <summary>K_UB: co-located Bobs.</summary>
    public double UpperLimitBits { get; set; }
    /// <summary>K_tot / K_UB; null when K_UB &lt;= 0.</summary>
    public double? FractionOfUpperLimit { get; set; }


}

/// <summary>Provenance of a covariance-file analysis.</summary>
public sealed class CvCovarianceRunInfo
{
    public double WallTimeS { get; set; }
    public string InputFile { get; set; } = "";
}

/// <summary>Per-Bob terms: I(a:b_i) (Eq. 22), I(b_i:b_r) (Eq. 23), S(b_i:E|b_r) (Eq. 25), K_ABi (Eq. 21), K_LB,i.</summary>
public sealed record CvCovarianceUserSummary(string Name, double MutualInformationBits, double OtherBobsInformationBits,
    double ConditionalHolevoBits, double KeyRateBits, double LowerLimitKeyRateBits);

using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv;
using QkdNetSim.Core;

namespace QkdNetSim.Runs.Cv;

/// <summary>A validated covariance file: the physical matrix (uncertainty principle checked) and the detectors.</summary>
public sealed record LoadedCvCovariance(CvCovarianceFile File, CovarianceMatrix AliceAndBobs, string SourcePath)
{
    /// <summary>SHA-256 of the canonical file (after overrides), the summary envelope's scenarioHash.</summary>
    public string Hash => ScenarioDocument.Hash(ScenarioDocument.Canonical(File, KindNames.Spec(KindNames.CvCovariance)));
}

/// <summary>
/// Loads `kind: cvCovariance` with the scenario machinery (model includes, `--set`, strict keys), then checks the rules:
/// a square 2(N+1) matrix with N &gt;= 1 Bobs, one detector per Bob, eta in (0, 1], v_el &gt;= 0, beta in (0, 1], and a
/// symmetric, positive-definite matrix with every symplectic eigenvalue &gt;= 1 (V + i Omega &gt;= 0). Each failure is one
/// <see cref="InputError"/> naming the file, the field and the rule.
/// </summary>
public static class CvCovarianceLoader
{
    public static LoadedCvCovariance Load(string path, IReadOnlyList<string>? overrides = null)
    {
        var (file, origins) = ScenarioDocument.Bind<CvCovarianceFile>(ScenarioDocument.ReadFile(path), path, overrides ?? [], KindNames.Spec(KindNames.CvCovariance));
        void Fail(string field, string rule) => throw new InputError(origins.FileOf(field), field, rule);

        int rows = file.MatrixSnu.Count;
        if (rows < 4 || rows % 2 != 0) Fail("matrixSnu", $"needs 2(N+1) rows for Alice and N >= 1 Bobs (got {rows})");
        for (int r = 0; r < rows; r++)
            if (file.MatrixSnu[r].Count != rows) Fail($"matrixSnu.{r}", $"row has {file.MatrixSnu[r].Count} entries, the matrix needs {rows}");
        int bobs = rows / 2 - 1;
        if (file.Detectors.Count != bobs) Fail("detectors", $"needs one detector per Bob: the matrix has {bobs} Bobs, {file.Detectors.Count} detectors given");
        for (int i = 0; i < bobs; i++)
        {
            var d = file.Detectors[i];
            if (!(d.Efficiency > 0.0 && d.Efficiency <= 1.0)) Fail($"detectors.{i}.efficiency", $"eta must lie in (0, 1] (got {d.Efficiency:G6})");
            if (!(d.ElectronicNoiseSnu >= 0.0) || !double.IsFinite(d.ElectronicNoiseSnu))
                Fail($"detectors.{i}.electronicNoiseSnu", $"must be finite and >= 0 SNU (got {d.ElectronicNoiseSnu:G6})");
        }
        if (!(file.ReconciliationEfficiency > 0.0 && file.ReconciliationEfficiency <= 1.0))
            Fail("reconciliationEfficiency", $"beta must lie in (0, 1] (got {file.ReconciliationEfficiency:G6})");

        var m = Matrix<double>.Build.Dense(rows, rows, (r, c) => file.MatrixSnu[r][c]);
        if (CovarianceMatrix.Violation(m) is { } rule) Fail("matrixSnu", rule);
        var gamma = CovarianceMatrix.Create(m);
        return new LoadedCvCovariance(file, gamma, path);
    }
}

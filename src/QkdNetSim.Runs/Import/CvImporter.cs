using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Cv;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// CV import: per-round quadrature samples from CSV (<c>round,user,alice_x,alice_p,bob_x,bob_p</c>; user by name) into
/// cv_samples.parquet, in shot-noise units. Calibration (the standard shot-noise calibration of a homodyne/heterodyne
/// detector, e.g. Lodewyck et al., PRA 76, 042305 (2007)): with the local oscillator on and the signal blocked a raw
/// quadrature has variance V_shot = N0 + V_el, with the LO off V_el (electronic noise alone), both in raw units squared; so
/// the shot-noise unit is N0 = V_shot - V_el, a raw quadrature q is q / sqrt(N0) SNU, and the electronic noise is
/// v_el = V_el / N0 SNU, the convention of cv_samples.parquet (vacuum at Bob's input: variance 1 + v_el). Each Bob has his
/// own N0 (his detector and LO); both quadratures of a heterodyne share it. Alice's quadratures are multiplied by
/// cv.aliceSnuPerUnit (1 when she records SNU). Rows are written in the file's order, which `analyze` keeps; the rows of a
/// round are joined as `analyze` joins them (<see cref="CvRoundJoiner"/>), so a file `analyze` would reject is rejected here.
/// </summary>
public static class CvImporter
{
    public static readonly string[] Columns = ["round", "user", "alice_x", "alice_p", "bob_x", "bob_p"];

    /// <summary>N0 = V_shot - V_el, raw units squared.</summary>
    public static double ShotNoiseUnit(ImportCvUser u) => u.ShotNoiseVariance!.Value - ElectronicNoise(u);

    /// <summary>V_el, raw units squared (0 when the setup gives none).</summary>
    public static double ElectronicNoise(ImportCvUser u) => u.ElectronicNoiseVariance ?? 0;

    public static ImportReport Import(ImportSetupFile s, string setupPath, string samplesPath, string logPath, CancellationToken cancel = default)
    {
        var c = s.Cv!;
        var index = c.Users.Select((u, i) => (u.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var scale = c.Users.Select(u => 1.0 / Math.Sqrt(ShotNoiseUnit(u))).ToArray();
        double alice = c.AliceSnuPerUnit;
        var report = new ImportReport { Kind = "cv" };
        foreach (var u in c.Users) report.Calibration.Add((u.Name, ShotNoiseUnit(u), ElectronicNoise(u) / ShotNoiseUnit(u)));
        var joiner = new CvRoundJoiner(new CvNetworkMomentAccumulator(c.Users.Count), CvLogAnalysis.WindowRounds, samplesPath);
        using var log = new CvSampleLogWriter(logPath, new Dictionary<string, string>());
        using (var rows = CsvRows.Open(samplesPath, Columns))
        {
            while (rows.Next())
            {
                long round = rows.Int64(0);
                if (round < 0) throw rows.Bad(0, $"round must be >= 0, got {round}");
                var name = rows.Text(1).ToString();
                if (!index.TryGetValue(name, out int u)) throw rows.Bad(1, $"'{name}' is not a Bob of the setup ({string.Join(", ", index.Keys)})");
                double ax = rows.Double(2) * alice, ap = rows.Double(3) * alice, bx = rows.Double(4) * scale[u], bp = rows.Double(5) * scale[u];
                try
                {
                    joiner.Add(round, u, ax, ap, bx, bp);
                }
                catch (QkdNetSim.Core.InputError e)
                {
                    throw new QkdNetSim.Core.InputError(samplesPath, e.Field, $"line {rows.LineNumber}: {e.Rule}");
                }
                log.Append(round, u, ax, ap, bx, bp);
                report.InputRows++;
                if ((report.InputRows & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            }
        }
        joiner.Complete();
        report.LogRows = log.RowsAppended;
        var manifest = new CvRunManifest
        {
            ScenarioName = s.Name, Rounds = joiner.RoundsJoined, Modulation = c.Modulation, ModulationVarianceSnu = c.ModulationVarianceSnu,
            ReconciliationEfficiency = c.ReconciliationEfficiency, ConfidenceStandardScore = c.ConfidenceStandardScore,
            Users = c.Users.Select(u => new CvManifestUser
            {
                Name = u.Name, Efficiency = u.Efficiency, ElectronicNoiseSnu = ElectronicNoise(u) / ShotNoiseUnit(u),
                TrueTransmittance = u.ExpectedTransmittance, TrueExcessNoiseSnu = u.ExpectedExcessNoiseSnu,
            }).ToList(),
        };
        manifest.Validate(setupPath);
        log.SetMetadata(LogMetadata.ManifestKey, manifest.ToJson());
        log.Complete();
        return report;
    }
}

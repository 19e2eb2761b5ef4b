using QkdNetSim.Experiments.Tables;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// Seed 004 Fig. 3 as the paper ran it: QBER and secure key of each 20-minute key session over 12 hours, for the 1x8
/// splitter (3a) and the DWDM network (3b). Each network runs twice with the block-sampling engine (exact per-gate laws
/// per control interval): with the transmitters drifting and stabilizing themselves (models/drift/: assumed drifts and
/// loops, the paper gives none), and static, where only finite-size statistics move a session's numbers. The paper
/// prints each session's points but its text gives only the means, so the means are compared; the spread is reported
/// (finite size alone, and under the assumed drifts) and no match of it is claimed. The full simulation (fast engine)
/// of the drifting network over the first session(s) cross-checks the block-sampling engine.
/// </summary>
public static class Fig3SeriesExperiment
{
    public sealed record Result(ResultTable Sessions, ResultTable Summary, ResultTable CrossCheck);

    private const string Drifting = "drift and control", Static = "finite size only";

    /// <param name="seriesS">Length of the series, s (full: 12 h; quick: 20 min).</param>
    /// <param name="sessionS">Length of a key session, s (full: 20 min, the paper's; quick: 5 min).</param>
    /// <param name="crossCheckS">Length of the fast engine's cross-check, s (full: one session; quick: 10 s).</param>
    public static Result Run(ExperimentContext ctx, PaperValues paper, double? seriesS = null, double? sessionS = null, double? crossCheckS = null)
    {
        double series = seriesS ?? (ctx.Full ? 43200 : 1200), session = sessionS ?? (ctx.Full ? 1200 : 300), check = crossCheckS ?? (ctx.Full ? 1200 : 10);
        var sessions = new ResultTable("fig3_series", "figure", "condition", "user", "session", "startS", "endS", "siftedSignalBits", "qberSignal",
            "finiteKeyRateBitPerS", "disclosedBits", "phaseErrorRad", "delayOffsetPs", "polarizationOverlap", "intensityFactor");
        var summary = new ResultTable("fig3_series_summary", "figure", "condition", "user", "sessions", "sessionS", "paperQber", "meanQber",
            "sdQberAcrossSessions", "finiteSizeSdQber", "paperKeyRateBitPerS", "meanKeyRateBitPerS", "sdKeyRateAcrossSessions", "disclosedFraction",
            "qberWithinTolerance", "keyRateWithinTolerance");
        var crossCheck = new ResultTable("fig3_series_crosscheck", "figure", "user", "simulatedS", "fastQber", "blocksQber", "binomialSigma",
            "sessionSpreadSigma", "z");
        var variants = new[]
        {
            (Figure: "3a", Base: "networks/seed004-fig3a-splitter.yaml", Drifting: "networks/seed004-fig3a-splitter-12h.yaml", Qber: paper.Fig3aQber, Key: paper.Fig3aKeyRateBitPerS),
            (Figure: "3b", Base: "networks/seed004-fig3b-dwdm.yaml", Drifting: "networks/seed004-fig3b-dwdm-12h.yaml", Qber: paper.Fig3bQber, Key: paper.Fig3bKeyRateBitPerS),
        };
        string[] lengths = [$"durationS={series}", $"timeseries.blockS={session}", "mode=blocks"];
        foreach (var v in variants)
        {
            double driftSpread = 0;
            foreach (var (condition, file) in new[] { (Drifting, v.Drifting), (Static, v.Base) })
            {
                var (run, rows) = ctx.SimulateSeries($"fig{v.Figure} 12 h, {condition}", RepoPaths.Model(file), lengths);
                for (int i = 0; i < run.Summary.Users.Count; i++)
                {
                    var u = run.Summary.Users[i];
                    var mine = rows.Where(r => r.User == u.Index && !r.Interrupted).ToArray();
                    foreach (var r in mine)
                        sessions.Add("Fig. " + v.Figure, condition, u.Name, r.Block, r.StartS, r.EndS, SignalSifted(r), r.QberSignal ?? double.NaN,
                            r.KeyRateBps, r.DisclosedBits, r.PhaseErrorRad, r.DelayOffsetPs, r.PolarizationOverlap, r.IntensityFactor);
                    double[] q = mine.Select(r => r.QberSignal ?? double.NaN).ToArray(), k = mine.Select(r => r.KeyRateBps).ToArray();
                    // A session's QBER estimate from n sifted signal bits has the binomial SD sqrt(q (1 - q) / n).
                    double finiteSd = mine.Select(r => Math.Sqrt((r.QberSignal ?? 0) * (1 - (r.QberSignal ?? 0)) / Math.Max(1, SignalSifted(r)))).DefaultIfEmpty(double.NaN).Average();
                    double meanQ = q.DefaultIfEmpty(double.NaN).Average(), meanK = k.DefaultIfEmpty(double.NaN).Average();
                    if (condition == Drifting) driftSpread = Math.Max(driftSpread, Sd(q));
                    summary.Add("Fig. " + v.Figure, condition, u.Name, mine.Length, session, v.Qber[i], meanQ, Sd(q), finiteSd, v.Key[i], meanK, Sd(k),
                        (double)mine.Sum(r => r.DisclosedBits) / Math.Max(1, mine.Sum(SignalSifted)),
                        Math.Abs(meanQ - v.Qber[i]) <= paper.QberToleranceAbsolute, Math.Abs(meanK / v.Key[i] - 1) <= paper.KeyRateToleranceRelative);
                }
            }
            // Cross-check: the drifting network's first `check` seconds by the full simulation and by the block sampler, same seed:
            // the drifts are the same (their own streams); the loops see different click noise, so the runs differ by the
            // finite-size noise of both plus the spread the loops' noise gives a session (bounded by the drifting series' spread).
            string[] shortRun = [$"durationS={check}", $"timeseries.blockS={check}"];
            var fast = ctx.Simulate($"fig{v.Figure} cross-check, fast", RepoPaths.Model(v.Drifting), [.. shortRun, "mode=fast"]).Summary;
            var blocks = ctx.Simulate($"fig{v.Figure} cross-check, blocks", RepoPaths.Model(v.Drifting), [.. shortRun, "mode=blocks"]).Summary;
            for (int i = 0; i < fast.Users.Count; i++)
            {
                var f = fast.Users[i];
                var b = blocks.Users[i];
                double sigma = Math.Sqrt(Binomial(f.QberSignal, Signal(f)) + Binomial(b.QberSignal, Signal(b)));
                double spread = driftSpread * Math.Sqrt(session / check); // a shorter run averages fewer loop updates
                crossCheck.Add("Fig. " + v.Figure, f.Name, check, f.QberSignal, b.QberSignal, sigma, spread,
                    (f.QberSignal - b.QberSignal) / Math.Sqrt(sigma * sigma + spread * spread));
            }
        }
        return new Result(sessions, summary, crossCheck);
    }

    private static long SignalSifted(TimeSeriesRow r) => r.Sifted[0][0] + r.Sifted[1][0];

    private static long Signal(UserSummary u) => u.SiftedBitsPerBasisIntensity[0][0] + u.SiftedBitsPerBasisIntensity[1][0];

    private static double Binomial(double q, long n) => q * (1 - q) / Math.Max(1, n);

    /// <summary>Sample standard deviation (n - 1); NaN below two values.</summary>
    private static double Sd(double[] x)
    {
        if (x.Length < 2) return double.NaN;
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1));
    }
}

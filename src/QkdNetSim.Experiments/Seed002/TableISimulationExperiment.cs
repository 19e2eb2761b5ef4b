using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Seed 002 Table I in silico: the four-user network at the paper's ~30 dB per pair, all six modules at once, for the
/// paper's 8.3 h (3e12 pulse pairs per pair; --full) or 1/100 of it (quick). Per pair: the Table I rows from the simulated
/// coincidences and the finite-key analysis of those counts, next to the paper's two columns of that pair (scaled to the
/// simulated number of pulse pairs) and the expected-count model (no dead time across slots) at the same N.
/// Also the source of Fig. 5 (four-fold events) and of the 30 dB points of Fig. 4.
/// </summary>
public static class TableISimulationExperiment
{
    public sealed record Result(MdiRunSummary Summary, ResultTable Table, ResultTable FourFold, double ScaleToPaper, Protocols.Mdi.MdiNetworkConfig Config);

    public static Result Run(ExperimentContext ctx, Seed002Paper paper)
    {
        double sessionS = ctx.Full ? paper.SessionS : paper.SessionS / 100;
        var loaded = Seed002Setup.Load(ctx, [.. Seed002Setup.PairLoss(paper.PairLossDb), $"durationS={sessionS.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"]);
        var summary = Seed002Setup.Simulate(ctx, $"Table I: four-user network at {paper.PairLossDb} dB, {sessionS:G4} s", loaded.Config);
        double n = summary.SimulatedSlots;
        double scale = n / paper.PulsePairs;
        var t = paper.Table;

        var table = new ResultTable("table1_simulated", "pair", "source", "loss_db", "pulse_pairs", "NzzSzz", "NzzSzzEzz", "NyySyy", "NxxSxx", "NxxSxxExx",
            "NyoSyo_plus_NoySoy", "NxoSxo_plus_NoxSox", "NooSoo", "qber_z", "qber_x", "s11", "e11ph", "key_per_pulse", "key_bit_per_s", "key_bit_per_s_rigorous");
        var enc = loaded.Config.Users[0].Encoder;
        foreach (var p in summary.Pairs)
        {
            long C(string k) => p.Yields[k].Count;
            long E(string k) => p.Yields[k].Errors;
            table.Add(p.Name, "simulated", p.LossDb, n, C("zz"), E("zz"), C("yy"), C("xx"), E("xx"), C("yo") + C("oy"), C("xo") + C("ox"), C("oo"),
                p.QberZ, p.QberX, p.S11, p.E11Ph, p.KeyRatePerPulse, p.KeyRateBitPerS, p.KeyRateBitPerSRigorous);

            // Expected-count model at the same N (coherent fields, windows, darks; no dead time reaching across slots).
            var model = new MdiExpectedCounts(loaded.Config, p.Module, n);
            var mi = model.DecoyInput(enc, summary.Epsilon, summary.ErrorCorrectionEfficiency);
            var mr = MdiDecoyAnalysis.Analyze(mi);
            table.Add(p.Name, "model (no cross-slot dead time)", p.LossDb, n, mi.CountZz, mi.ErrorsZz, mi.CountYy, mi.CountXx, mi.ErrorsXx,
                mi.CountYoPlusOy, mi.CountXoPlusOx, mi.CountOo, mr.QberZ, mr.QberX, mr.Paper.S11Lower, mr.Paper.E11PhUpper,
                mr.Paper.KeyRatePerPulsePair, mr.Paper.KeyRateBitPerS(summary.ClockRateHz), mr.Rigorous.KeyRateBitPerS(summary.ClockRateHz));

            // PAPER: mean of the pair's two Table I columns, counts scaled to the simulated N (printed s11, e11, key unscaled).
            var cols = Enumerable.Range(0, t.Pair.Length).Where(c => t.Pair[c] == p.Name).ToArray();
            double M(long[] v) => cols.Average(c => (double)v[c]) * scale;
            double Md(double[] v) => cols.Average(c => v[c]);
            table.Add(p.Name, "paper (mean of its Table I columns, counts x N/3e12)", Md(t.LossDb), n, M(t.Zz), M(t.ZzErr), M(t.Yy), M(t.Xx), M(t.XxErr),
                M(t.YoOy), M(t.XoOx), M(t.Oo), cols.Average(c => (double)t.ZzErr[c] / t.Zz[c]), cols.Average(c => (double)t.XxErr[c] / t.Xx[c]),
                Md(t.S11), Md(t.E11), Md(t.KeyRatePerPulse), Md(t.KeyRatePerPulse) * t.ClockHz, double.NaN);
        }

        var four = new ResultTable("fig5_fourfold", "pairs", "share_user", "count", "rate_hz", "count_per_8_3h");
        foreach (var f in summary.FourFold!) // a simulated summary has four-folds
            four.Add(f.Pairs, f.ShareUser ? 1 : 0, f.Count, f.RateHz, f.RateHz * paper.SessionS);
        return new Result(summary, table, four, scale, loaded.Config);
    }
}

using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>Turns a coincidence tally and its manifest into summary.json (same path for `run` and `analyze`).</summary>
public static class MdiSummaryBuilder
{
    /// <param name="moduleSlotsSampled">Module slots the fast engine sampled (its cost; 0 when analysing a log).</param>
    /// <param name="shards">Independent sessions the run was split into.</param>
    public static MdiRunSummary Build(MdiRunManifest m, MdiCoincidenceTally tally, string command, double wallS, string logFile,
        long moduleSlotsSampled = 0, int shards = 1)
    {
        var levels = m.Users.Count > 0 ? m.Users[0].Intensities.Length : 0;
        string[] names = levels == 4 ? ["z", "y", "x", "o"] : Enumerable.Range(0, levels).Select(i => $"i{i}").ToArray();
        var s = new MdiRunSummary(command, m)
        {
            Mode = m.Mode,
            ClockRateHz = m.ClockRateHz, RequestedDurationS = m.RequestedDurationS, SimulatedSlots = m.SimulatedSlots,
            SimulatedTimeS = m.SimulatedTimeS, Interrupted = m.Interrupted, Epsilon = m.Epsilon,
            ErrorCorrectionEfficiency = m.ErrorCorrectionEfficiency, IntensityNames = names,
        };
        foreach (var mod in m.Modules)
            s.Pairs.Add(Pair(m, mod, tally, names));

        var ok = s.Pairs.Where(p => p.AnalysisError.Length == 0).ToList();
        s.AverageKeyRateBitPerS = ok.Count > 0 ? ok.Average(p => p.KeyRateBitPerS) : 0;
        s.AverageKeyRateBitPerSRigorous = ok.Count > 0 ? ok.Average(p => p.KeyRateBitPerSRigorous) : 0;
        for (int a = 0; a < m.Modules.Count; a++)
        for (int b = a + 1; b < m.Modules.Count; b++)
        {
            var ma = m.Modules[a];
            var mb = m.Modules[b];
            long count = tally.FourFold(a, b);
            s.FourFold.Add(new MdiFourFoldSummary
            {
                Pairs = $"{ma.Name}&{mb.Name}", ModuleA = a, ModuleB = b, Count = count,
                ShareUser = ma.UserA == mb.UserA || ma.UserA == mb.UserB || ma.UserB == mb.UserA || ma.UserB == mb.UserB,
                RateHz = m.SimulatedTimeS > 0 ? count / m.SimulatedTimeS : 0,
            });
        }
        s.FourFoldAverageCount = s.FourFold.Count > 0 ? s.FourFold.Average(f => (double)f.Count) : 0;
        s.FourFoldAverageRateHz = s.FourFold.Count > 0 ? s.FourFold.Average(f => f.RateHz) : 0;
        long coincidences = Enumerable.Range(0, m.Modules.Count).Sum(i => tally.TwoFold(i));
        s.Run = new MdiRunInfo
        {
            WallTimeS = wallS, Coincidences = coincidences, LogFile = logFile, ModuleSlotsSampled = moduleSlotsSampled, Shards = shards,
            CoincidencesPerWallSecond = wallS > 0 ? coincidences / wallS : 0,
        };
        return s;
    }

    private static MdiPairSummary Pair(MdiRunManifest m, MdiManifestModule mod, MdiCoincidenceTally tally, string[] names)
    {
        var ua = m.Users[mod.UserA];
        var ub = m.Users[mod.UserB];
        var p = new MdiPairSummary
        {
            Module = mod.Index, Name = mod.Name, UserA = ua.Name, UserB = ub.Name, ItuChannel = mod.ItuChannel,
            LossDb = mod.LossADb + mod.LossBDb, PulsePairs = m.SimulatedSlots,
            TwoFold = tally.TwoFold(mod.Index), SameBin = tally.SameBin(mod.Index), TruthDarkInvolved = tally.DarkInvolved(mod.Index),
        };
        long psi = 0;
        for (int l = 0; l < names.Length; l++)
        for (int r = 0; r < names.Length; r++)
        {
            long c = tally.PsiMinus(mod.Index, l, r), e = tally.Errors(mod.Index, l, r);
            double n = m.SimulatedSlots * ua.Probabilities[l] * ub.Probabilities[r]; // N_lr = N p_l p_r (seed 002 Table I convention)
            p.Yields[names[l] + names[r]] = new MdiYield
            {
                Count = c, PulsePairs = n, Yield = n > 0 ? c / n : 0, Errors = e, ErrorYield = n > 0 ? e / n : 0,
            };
            psi += c;
        }
        p.PsiMinus = psi;
        if (names.Length != 4)
        {
            p.AnalysisError = "key-rate analysis needs the four-intensity protocol (z, y, x, o)";
            return p;
        }
        try
        {
            var input = tally.DecoyInput(mod.Index, ua.Intensities, ua.Probabilities, m.SimulatedSlots, m.Epsilon,
                m.ErrorCorrectionEfficiency);
            var r = MdiDecoyAnalysis.Analyze(input);
            p.QberZ = r.QberZ; p.QberX = r.QberX;
            p.S11 = r.Paper.S11Lower; p.E11Ph = r.Paper.E11PhUpper;
            p.KeyRatePerPulse = r.Paper.KeyRatePerPulsePair; p.KeyRateBitPerS = r.Paper.KeyRateBitPerS(m.ClockRateHz);
            p.S11Rigorous = r.Rigorous.S11Lower; p.E11PhRigorous = r.Rigorous.E11PhUpper;
            p.KeyRatePerPulseRigorous = r.Rigorous.KeyRatePerPulsePair; p.KeyRateBitPerSRigorous = r.Rigorous.KeyRateBitPerS(m.ClockRateHz);
        }
        catch (AnalysisInputException e) // counts the analysis rejects (e.g. no zz coincidences): the pair has no key
        {
            p.AnalysisError = $"{e.Field}: {e.Rule}";
            var zz = p.Yields["zz"];
            p.QberZ = zz.Count > 0 ? (double)zz.Errors / zz.Count : 0;
            var xx = p.Yields["xx"];
            p.QberX = xx.Count > 0 ? (double)xx.Errors / xx.Count : 0;
        }
        return p;
    }
}

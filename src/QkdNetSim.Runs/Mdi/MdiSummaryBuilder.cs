using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// Turns counts and their manifest into summary.json: one path for `run` and `analyze` (a coincidence tally) and the
/// model engine (expected counts, <see cref="MdiModelCounts"/>), through the same finite-key analysis.
/// </summary>
public static class MdiSummaryBuilder
{
    /// <param name="moduleSlotsSampled">Module slots the fast engine sampled (its cost; 0 when analysing a log).</param>
    /// <param name="shards">Independent sessions the run was split into.</param>
    public static MdiRunSummary Build(MdiRunManifest m, MdiCoincidenceTally tally, string command, double wallS, string logFile,
        long moduleSlotsSampled = 0, int shards = 1) =>
        Build(m, new MdiTallyCounts(tally), command, wallS, logFile, moduleSlotsSampled, shards);

    /// <summary>
    /// The summary of <paramref name="counts"/>; expected counts (<see cref="IMdiCounts.Expected"/>) make it an
    /// `engine: model` summary, with null four-folds, ground truth and throughput where the counts give none.
    /// </summary>
    public static MdiRunSummary Build(MdiRunManifest m, IMdiCounts counts, string command, double wallS, string logFile,
        long moduleSlotsSampled = 0, int shards = 1)
    {
        string[] names = IntensityNames(m);
        var s = new MdiRunSummary(command, m)
        {
            Mode = m.Mode,
            ClockRateHz = m.ClockRateHz, RequestedDurationS = m.RequestedDurationS, SimulatedSlots = m.SimulatedSlots,
            SimulatedTimeS = m.SimulatedTimeS, Interrupted = m.Interrupted, Epsilon = m.Epsilon,
            ErrorCorrectionEfficiency = m.ErrorCorrectionEfficiency, IntensityNames = names,
            Engine = counts.Expected ? "model" : "simulate",
        };
        foreach (var mod in m.Modules)
            s.Pairs.Add(Pair(m, mod, counts, names));

        var ok = s.Pairs.Where(p => p.AnalysisError.Length == 0).ToList();
        s.AverageKeyRateBitPerS = ok.Count > 0 ? ok.Average(p => p.KeyRateBitPerS) : 0;
        s.AverageKeyRateBitPerSRigorous = ok.Count > 0 ? ok.Average(p => p.KeyRateBitPerSRigorous) : 0;
        s.FourFold = FourFolds(m, counts);
        if (s.FourFold is { } ff)
        {
            s.FourFoldAverageCount = ff.Count > 0 ? ff.Average(f => (double)f.Count) : 0;
            s.FourFoldAverageRateHz = ff.Count > 0 ? ff.Average(f => f.RateHz) : 0;
        }
        long coincidences = Enumerable.Range(0, m.Modules.Count).Sum(i => counts.TwoFold(i));
        s.Run = new MdiRunInfo
        {
            WallTimeS = wallS, Coincidences = coincidences, LogFile = logFile, ModuleSlotsSampled = moduleSlotsSampled, Shards = shards,
            CoincidencesPerWallSecond = counts.Expected ? null : wallS > 0 ? coincidences / wallS : 0,
        };
        return s;
    }

    /// <summary>The summary's intensity names (`intensityNames`): z, y, x, o for the four-intensity protocol, else i0, i1, ...</summary>
    public static string[] IntensityNames(MdiRunManifest m)
    {
        var levels = m.Users.Count > 0 ? m.Users[0].Intensities.Length : 0;
        return levels == 4 ? ["z", "y", "x", "o"] : Enumerable.Range(0, levels).Select(i => $"i{i}").ToArray();
    }

    /// <summary>Four-folds of every pair of modules; null when the counts have none.</summary>
    private static List<MdiFourFoldSummary>? FourFolds(MdiRunManifest m, IMdiCounts counts)
    {
        var list = new List<MdiFourFoldSummary>();
        for (int a = 0; a < m.Modules.Count; a++)
        for (int b = a + 1; b < m.Modules.Count; b++)
        {
            if (counts.FourFold(a, b) is not long count) return null;
            var ma = m.Modules[a];
            var mb = m.Modules[b];
            list.Add(new MdiFourFoldSummary
            {
                Pairs = $"{ma.Name}&{mb.Name}", ModuleA = a, ModuleB = b, Count = count,
                ShareUser = ma.UserA == mb.UserA || ma.UserA == mb.UserB || ma.UserB == mb.UserA || ma.UserB == mb.UserB,
                RateHz = m.SimulatedTimeS > 0 ? count / m.SimulatedTimeS : 0,
            });
        }
        return list;
    }

    private static MdiPairSummary Pair(MdiRunManifest m, MdiManifestModule mod, IMdiCounts counts, string[] names)
    {
        var ua = m.Users[mod.UserA];
        var ub = m.Users[mod.UserB];
        var p = new MdiPairSummary
        {
            Module = mod.Index, Name = mod.Name, UserA = ua.Name, UserB = ub.Name, ItuChannel = mod.ItuChannel,
            LossDb = mod.LossADb + mod.LossBDb, PulsePairs = m.SimulatedSlots,
            TwoFold = counts.TwoFold(mod.Index), SameBin = counts.SameBin(mod.Index), TruthDarkInvolved = counts.DarkInvolved(mod.Index),
        };
        long psi = 0;
        for (int l = 0; l < names.Length; l++)
        for (int r = 0; r < names.Length; r++)
        {
            long c = counts.PsiMinus(mod.Index, l, r), e = counts.Errors(mod.Index, l, r);
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
            var input = counts.DecoyInput(mod.Index, ua.Intensities, ua.Probabilities, m.SimulatedSlots, m.Epsilon,
                m.ErrorCorrectionEfficiency);
            var r = MdiDecoyAnalysis.Analyze(input);
            p.QberZ = r.QberZ; p.QberX = r.QberX;
            p.S11 = r.Paper.S11Lower; p.E11Ph = r.Paper.E11PhUpper; p.E11PhPhysical = r.Paper.E11PhPhysical;
            p.KeyRatePerPulse = r.Paper.KeyRatePerPulsePair; p.KeyRateBitPerS = r.Paper.KeyRateBitPerS(m.ClockRateHz);
            p.S11Rigorous = r.Rigorous.S11Lower; p.E11PhRigorous = r.Rigorous.E11PhUpper; p.E11PhRigorousPhysical = r.Rigorous.E11PhPhysical;
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

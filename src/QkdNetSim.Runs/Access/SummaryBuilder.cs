using QkdNetSim.Analysis;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Builds summary.json from the two things a lab would also have: the detection tally (Bob's clicks joined with
/// Alice's announced settings) and the manifest (settings and emitted pulse counts). Used identically by `run`
/// and by `analyze`, so both give the same numbers.
/// </summary>
public static class SummaryBuilder
{
    /// <param name="eventsProcessed">Detection events the run processed (the engine's click rows); by default the rows of the tally.</param>
    public static RunSummary Build(RunManifest m, DetectionTally tally, TruthSummary truth, string source, double wallTimeS, string file,
        long? eventsProcessed = null)
    {
        long rows = 0, gates = 0;
        for (int b = 0; b < tally.BinCount; b++) rows += tally.BinClickRows(b);
        rows = eventsProcessed ?? rows;
        var summary = new RunSummary(source, m)
        {
            ToolVersion = m.ToolVersion,
            Run = new RunInfo
            {
                ScenarioName = m.ScenarioName, ScenarioHash = m.ScenarioHash, Seed = m.Seed, Mode = m.Mode,
                GateRateHz = m.GateRateHz, TimeBins = m.TimeBins, TransmitterRateHz = m.GateRateHz / Math.Max(1, m.TimeBins),
                ActiveUsers = m.Users.Count(u => u.Active), RequestedDurationS = m.RequestedDurationS,
                SimulatedTimeS = m.SimulatedTimeS, SimulatedGates = m.SimulatedGates, Interrupted = m.Interrupted,
                EventsProcessed = rows, KernelEvents = m.KernelEvents, WallTimeS = wallTimeS,
                EventsPerWallSecond = wallTimeS > 0 ? rows / wallTimeS : 0,
                Epsilon = m.Epsilon, ErrorCorrectionEfficiency = m.ErrorCorrectionEfficiency,
            },
            Truth = truth,
        };
        foreach (var u in m.Users)
        {
            var us = BuildUser(m, u, tally, file);
            gates += us.Detections.Sum();
            summary.Users.Add(us);
        }
        for (int b = 0; b < m.TimeBins; b++)
        {
            var owner = m.Users.FirstOrDefault(u => u.Active && u.Slot == b);
            summary.Bins.Add(new BinSummary
            {
                Bin = b, User = owner?.Index ?? -1,
                ClickRows = b < tally.BinCount ? tally.BinClickRows(b) : 0,
                NoiseClickRows = b < tally.BinCount ? tally.BinNoiseClickRows(b) : 0,
            });
        }
        summary.Run.DetectionGates = gates;
        return summary;
    }

    private static UserSummary BuildUser(RunManifest m, ManifestUser u, DetectionTally tally, string file)
    {
        int levels = u.Intensities.Length;
        long[][] n = tally.SiftedCountsFor(u.Index).Select(r => r.Take(levels).ToArray()).ToArray();
        long[][] e = tally.ErrorCountsFor(u.Index).Select(r => r.Take(levels).ToArray()).ToArray();
        var us = new UserSummary
        {
            Index = u.Index, Name = u.Name, Slot = u.Slot, Active = u.Active, ChannelLossDb = u.ChannelLossDb,
            Intensities = u.Intensities, IntensityProbabilities = u.Probabilities, EmittedPulses = u.EmittedPulses,
            Detections = Enumerable.Range(0, levels).Select(k => tally.ClickedGates(u.Index, k)).ToArray(),
            ClickRows = Enumerable.Range(0, levels).Select(k => tally.ClickRows(u.Index, k)).ToArray(),
            DoubleClicks = tally.DoubleClicks(u.Index),
            SiftedBitsPerBasisIntensity = n, ErrorsPerBasisIntensity = e,
            SiftedBits = n.Sum(r => r.Sum()),
        };
        long signalN = n[0][0] + n[1][0], signalE = e[0][0] + e[1][0];
        us.QberSignal = signalN > 0 ? (double)signalE / signalN : 0;
        us.QberAll = us.SiftedBits > 0 ? (double)e.Sum(r => r.Sum()) / us.SiftedBits : 0;
        us.QberPerBasisIntensity = n.Select((row, b) => row.Select((v, k) => v > 0 ? (double)e[b][k] / v : 0).ToArray()).ToArray();
        if (!u.Active || levels != 3 || us.SiftedBits == 0) return us;

        var input = new DecoyBb84Input
        {
            MeanPhotons = u.Intensities,
            IntensityProbabilities = u.Probabilities,
            SiftedCounts = n,
            ErrorCounts = e,
            SessionTimeS = m.SimulatedTimeS,
            EmittedPulses = u.EmittedPulses.Length == levels && u.EmittedPulses.All(p => p > 0) ? u.EmittedPulses : null,
            AliceBasis0Probability = u.Basis0Probability,
            BobBasis0Probability = m.BobBasis0Probability,
            EpsSec = m.Epsilon,
            EpsCor = m.Epsilon,
            ErrorCorrectionEfficiency = m.ErrorCorrectionEfficiency,
        };
        // Counts and settings that break the analysis' rules are bad input in the scenario or log named by file.
        var r = AnalysisInputErrors.In(file, () => DecoyBb84Analysis.Analyze(input));
        us.DecoyFinite = Estimates(r.Finite, r.SinglePhotonErrorRateFinite);
        us.DecoyAsymptotic = Estimates(r.Asymptotic, r.SinglePhotonErrorRateAsymptotic);
        us.FiniteKeyLengthBits = r.FiniteKeyLengthBits;
        us.SecretKeyRateBitPerS = r.FiniteKeyRateBitPerS;
        us.AsymptoticKeyRateBitPerS = r.AsymptoticKeyRateBitPerS;
        us.Gains = r.GainsPerBasisIntensity;
        us.Y0Lower = r.Y0Lower;
        us.Y1Lower = r.Y1Lower;
        return us;
    }

    private static DecoyEstimates Estimates(BasisKeyBlock[] blocks, double[] e1) => new()
    {
        VacuumBitsLower = blocks.Select(b => b.S0LowerBits).ToArray(),
        SinglePhotonBitsLower = blocks.Select(b => b.S1LowerBits).ToArray(),
        SinglePhotonErrorRate = e1,
        PhaseErrorUpper = blocks.Select(b => b.PhaseErrorUpper).ToArray(),
        LeakEcBits = blocks.Select(b => b.LeakEcBits).ToArray(),
        BlockLengthBits = blocks.Select(b => b.BlockLengthBits).ToArray(),
    };
}

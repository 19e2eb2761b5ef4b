using QkdNetSim.Analysis;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// Builds summary.json from the two things a lab would also have: the observed counts (Bob's clicks joined with Alice's
/// announced settings: a <see cref="DetectionTally"/>, or the model's expected counts) and the manifest (settings and
/// emitted pulse counts). Used identically by `run`, by `analyze` and by the model engine, so all give the same fields
/// from the same analysis.
/// </summary>
public static class SummaryBuilder
{
    /// <param name="eventsProcessed">Detection events the run processed (the engine's click rows); by default the rows of the tally.</param>
    /// <param name="disclosed">Sifted signal bits each user disclosed for control (none when null): they count in the estimates and leave the key (<see cref="AnalyzeUser"/>).</param>
    /// <param name="expectedModel">The run's network: each active user's <see cref="UserSummary.AsymptoticKeyRateExpectedBitPerS"/> comes from its
    /// expected counts (<see cref="AccessModel.ExpectedAsymptoticKeyRateBitPerS"/>); null leaves that field null.</param>
    public static RunSummary Build(RunManifest m, DetectionTally tally, TruthSummary truth, string source, double wallTimeS, string file,
        long? eventsProcessed = null, Func<int, DisclosedCounts>? disclosed = null, QkdNetSim.Protocols.AccessNetwork.AccessNetworkConfig? expectedModel = null) =>
        Build(m, new TallyCounts(tally), truth, source, wallTimeS, file, eventsProcessed, disclosed, expectedModel);

    /// <summary>
    /// The summary of <paramref name="counts"/>. Counts of the model engine (<see cref="IAccessCounts.Engine"/> "model") give
    /// null for what a model does not process: detection events, kernel events and the events per wall second.
    /// </summary>
    public static RunSummary Build(RunManifest m, IAccessCounts counts, TruthSummary? truth, string source, double wallTimeS, string file,
        long? eventsProcessed = null, Func<int, DisclosedCounts>? disclosed = null, QkdNetSim.Protocols.AccessNetwork.AccessNetworkConfig? expectedModel = null)
    {
        bool model = counts.Engine == AccessModel.Engine;
        long? rows = model ? null : eventsProcessed ?? counts.TotalClickRows;
        long gates = 0;
        var summary = new RunSummary(source, m)
        {
            ToolVersion = m.ToolVersion,
            Engine = counts.Engine,
            Run = new RunInfo
            {
                ScenarioName = m.ScenarioName, ScenarioHash = m.ScenarioHash, Seed = m.Seed, Mode = m.Mode,
                GateRateHz = m.GateRateHz, TimeBins = m.TimeBins, TransmitterRateHz = m.GateRateHz / Math.Max(1, m.TimeBins),
                ActiveUsers = m.Users.Count(u => u.Active), RequestedDurationS = m.RequestedDurationS,
                SimulatedTimeS = m.SimulatedTimeS, SimulatedGates = m.SimulatedGates, Interrupted = m.Interrupted,
                EventsProcessed = rows, KernelEvents = model ? null : m.KernelEvents, WallTimeS = wallTimeS,
                EventsPerWallSecond = rows is long r ? (wallTimeS > 0 ? r / wallTimeS : 0) : null,
                Epsilon = m.Epsilon, ErrorCorrectionEfficiency = m.ErrorCorrectionEfficiency,
            },
            Truth = truth,
        };
        foreach (var u in m.Users)
        {
            var us = BuildUser(m, u, counts, file, u.Active ? disclosed?.Invoke(u.Index) : null);
            if (expectedModel is not null && us.DecoyFinite.BlockLengthBits.Length > 0) // analysed users only
                us.AsymptoticKeyRateExpectedBitPerS = AccessModel.ExpectedAsymptoticKeyRateBitPerS(expectedModel, u.Index, m);
            gates += us.Detections.Sum();
            summary.Users.Add(us);
        }
        for (int b = 0; b < m.TimeBins; b++)
        {
            var owner = m.Users.FirstOrDefault(u => u.Active && u.Slot == b);
            summary.Bins.Add(new BinSummary
            {
                Bin = b, User = owner?.Index ?? -1,
                ClickRows = counts.BinClickRows(b),
                NoiseClickRows = counts.BinNoiseClickRows(b),
            });
        }
        summary.Run.DetectionGates = gates;
        return summary;
    }

    /// <summary>
    /// The decoy-BB84 analysis input of one user's counts, as every summary and the model's key-rate curves build it: pulses
    /// emitted are used only when each intensity has some.
    /// </summary>
    public static DecoyBb84Input AnalysisInput(double[] intensities, double[] probabilities, double aliceBasis0Probability, double bobBasis0Probability,
        long[][] sifted, long[][] errors, long[] emittedPulses, double sessionTimeS, double epsilon, double errorCorrectionEfficiency,
        DisclosedCounts? disclosed = null, bool signalStateErrorBound = true) => new()
    {
        SignalStateErrorBound = signalStateErrorBound,
        DisclosedBits = disclosed?.Bits,
        DisclosedErrors = disclosed?.Errors,
        MeanPhotons = intensities,
        IntensityProbabilities = probabilities,
        SiftedCounts = sifted,
        ErrorCounts = errors,
        SessionTimeS = sessionTimeS,
        EmittedPulses = emittedPulses.Length == intensities.Length && emittedPulses.All(p => p > 0) ? emittedPulses : null,
        AliceBasis0Probability = aliceBasis0Probability,
        BobBasis0Probability = bobBasis0Probability,
        EpsSec = epsilon,
        EpsCor = epsilon,
        ErrorCorrectionEfficiency = errorCorrectionEfficiency,
    };

    /// <summary>
    /// The decoy-BB84 finite-key analysis of one user's counts <paramref name="n"/>, <paramref name="e"/> over
    /// <paramref name="sessionTimeS"/> with <paramref name="emittedPulses"/> (the whole run for the summary, one block for
    /// timeseries.parquet); null when a user is not analysed (inactive, not three intensities, or no sifted bit).
    /// <paramref name="disclosed"/>: the signal-intensity bits disclosed for control (Protocols/AccessNetwork/Control); they
    /// count in the estimates and leave the key (<see cref="DecoyBb84Analysis"/>, disclosed bits).
    /// </summary>
    public static DecoyBb84Result? AnalyzeUser(RunManifest m, ManifestUser u, long[][] n, long[][] e, long[] emittedPulses, double sessionTimeS,
        string file, DisclosedCounts? disclosed = null)
    {
        if (!u.Active || u.Intensities.Length != 3 || n.Sum(r => r.Sum()) == 0) return null;
        var input = AnalysisInput(u.Intensities, u.Probabilities, u.Basis0Probability, m.BobBasis0Probability, n, e, emittedPulses,
            sessionTimeS, m.Epsilon, m.ErrorCorrectionEfficiency, disclosed);
        // Counts and settings that break the analysis' rules are bad input in the scenario or log named by file.
        return AnalysisInputErrors.In(file, () => DecoyBb84Analysis.Analyze(input));
    }

    private static UserSummary BuildUser(RunManifest m, ManifestUser u, IAccessCounts counts, string file, DisclosedCounts? disclosed)
    {
        int levels = u.Intensities.Length;
        long[][] n = counts.Sifted(u.Index, levels);
        long[][] e = counts.Errors(u.Index, levels);
        var us = new UserSummary
        {
            Index = u.Index, Name = u.Name, Slot = u.Slot, Active = u.Active, ChannelLossDb = u.ChannelLossDb,
            Intensities = u.Intensities, IntensityProbabilities = u.Probabilities, EmittedPulses = u.EmittedPulses,
            Detections = Enumerable.Range(0, levels).Select(k => counts.ClickedGates(u.Index, k)).ToArray(),
            ClickRows = Enumerable.Range(0, levels).Select(k => counts.ClickRows(u.Index, k)).ToArray(),
            DoubleClicks = counts.DoubleClicks(u.Index),
            SiftedBitsPerBasisIntensity = n, ErrorsPerBasisIntensity = e,
            SiftedBits = n.Sum(r => r.Sum()),
        };
        long signalN = n[0][0] + n[1][0], signalE = e[0][0] + e[1][0];
        us.QberSignal = signalN > 0 ? (double)signalE / signalN : 0;
        us.QberAll = us.SiftedBits > 0 ? (double)e.Sum(r => r.Sum()) / us.SiftedBits : 0;
        us.QberPerBasisIntensity = n.Select((row, b) => row.Select((v, k) => v > 0 ? (double)e[b][k] / v : 0).ToArray()).ToArray();
        if (AnalyzeUser(m, u, n, e, u.EmittedPulses, m.SimulatedTimeS, file, disclosed) is not { } r) return us;
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

/// <summary>Sifted signal-intensity bits a user disclosed for control and the errors among them, per basis [2].</summary>
public sealed record DisclosedCounts(long[] Bits, long[] Errors)
{
    public long Total => Bits.Sum();
}

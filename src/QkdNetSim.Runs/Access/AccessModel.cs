using System.Diagnostics;
using QkdNetSim.Analysis;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The access network's model engine (`engine: model`): the counts a session would give if every count came out at its
/// expectation (<see cref="ExpectedCountsModel"/>, the same device physics as the engines to first order in the
/// secondary clicks), rounded to the nearest integer, fed through the same <see cref="SummaryBuilder"/> and finite-key
/// analysis as a simulated run ("We use the same routine as for the experimental data", seed 004 Methods). It is also
/// the one home of the "theory" key rates of the seed-004 figures (Experiments' ModelKeyRate calls it).
/// </summary>
/// <remarks>
/// What the model gives: every count of the summary (sifted and error counts per basis and intensity, emitted pulses,
/// clicked gates, click rows, double clicks, bin click rows; empty bins' noise is 2 b gates with b the per-detector
/// background of <see cref="ExpectedCountsModel.BackgroundProbability"/>) and everything the analysis derives from them.
/// What it cannot give is null: ground truth per click cause, detection and kernel events, events per wall second.
/// The session covers exactly the requested duration (round(durationS x gateRateHz) gates), never interrupted.
/// </remarks>
public static class AccessModel
{
    /// <summary>The summary's `engine` value of the model.</summary>
    public const string Engine = "model";

    /// <summary>The model engine's summary of a loaded scenario (no log is written).</summary>
    public static RunSummary Run(LoadedScenario loaded, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        var wall = Stopwatch.StartNew();
        var s = loaded.Scenario;
        var config = AccessNetworkBuilder.Build(loaded);
        var counts = new ModelCounts(config, config.SessionGates);
        var manifest = AccessSimulation.BuildManifest(s.Name, loaded.ScenarioHash, loaded.CanonicalYaml, s.Mode, s.Analysis.Epsilon,
            s.Analysis.ErrorCorrectionEfficiency, config, config.SessionGates, config.DurationS, interrupted: false, kernelEvents: 0, counts.EmittedPulses);
        wall.Stop();
        return SummaryBuilder.Build(manifest, counts, truth: null, "run", wall.Elapsed.TotalSeconds, loaded.SourcePath, expectedModel: config);
    }

    /// <summary>
    /// The click rows (detections.parquet rows) the session of <paramref name="loaded"/> is expected to give, for `run` to
    /// announce its log: the model engine's first-order physics (<see cref="ExpectedCountsModel"/>) summed over the bins in
    /// closed form, so it costs O(bins + users) where the per-bin model costs O(bins x users). With G session gates, N bins,
    /// P_u = G/N pulses of user u and C_u its photon click probability per pulse (<see cref="AccessNetworkConfig.PhotonClickProbability"/>):
    /// rows = sum_u P_u C_u (1 + K) + 2 p_D G + 2 sum_s P_s spill_s, where K = sum_r kappa(r) is the secondary clicks
    /// (afterpulses and crosstalk, cascades included) one avalanche brings anywhere in the frame (each bin's background
    /// takes 1/2 C_j kappa per detector, summed over the bins that is C_j K per pulse), p_D the dark-click probability per
    /// detector and gate, and spill_s the other pulses' light in bin s (<see cref="ExpectedCountsModel.SpillProbability"/>,
    /// zero when every transmitter is aligned to its gate). Left out, as second order: double clicks from light alone
    /// (~(mu eta)^2 of a pulse) and a background click on a gate that already clicked (~ click probability, 1e-3): the model
    /// engine's TotalClickRows agrees to better than 0.1 % (test). Static network: drifts and schedules are left out.
    /// </summary>
    public static double ExpectedClickRows(LoadedScenario loaded)
    {
        var config = AccessNetworkBuilder.Build(loaded);
        long gates = config.SessionGates;
        int n = config.TimeBins;
        var det = config.Detector;
        double secondariesPerAvalanche = 0;
        for (int r = 0; r < n; r++) secondariesPerAvalanche += det.SecondaryLandingProbability(r, n);
        double rows = 2 * det.MeasuredDarkCountProbabilityPerGate * gates;
        foreach (var u in config.Users.Where(u => u.Active))
            rows += config.PulsesInSlot(u.Slot, gates) * config.PhotonClickProbability(u) * (1 + secondariesPerAvalanche);
        var arrivals = GateArrivals.Of(config, config.Users.Select(LinkState.Nominal).ToArray());
        for (int s = 0; s < n; s++)
            if (arrivals.BackgroundBySlot[s].Length > 0) rows += 2 * config.PulsesInSlot(s, gates) * ExpectedCountsModel.SpillProbability(config, arrivals, s);
        return rows;
    }

    /// <summary>
    /// The asymptotic key rate of user <paramref name="userIndex"/>'s expected counts over the run of <paramref name="m"/> (its
    /// simulated time, epsilon and f_EC): the summary's `asymptoticKeyRateExpectedBitPerS`. A short run's observed
    /// `asymptoticKeyRateBitPerS` takes the smaller of two single-photon error bounds, each computed from noisy counts
    /// (<see cref="DecoyBb84Input.SignalStateErrorBound"/>); the minimum of two noisy estimates is biased low, so that rate reads
    /// high. This one has no count noise. It is the static network of the scenario (no drift, no disclosed control bits).
    /// Null when the user is not in the network, inactive, or the run simulated no time.
    /// </summary>
    public static double? ExpectedAsymptoticKeyRateBitPerS(AccessNetworkConfig config, int userIndex, RunManifest m)
    {
        var user = config.Users.FirstOrDefault(u => u.Index == userIndex);
        if (user is null || !user.Active || !(m.SimulatedTimeS > 0) || user.Source.Levels != 3) return null;
        return Analyze(config, user, m.SimulatedTimeS, m.Epsilon, m.ErrorCorrectionEfficiency).AsymptoticKeyRateBitPerS;
    }

    /// <summary>
    /// The network of a log's manifest, rebuilt from its scenario YAML (for `analyze`'s expected-count rate); null for a log without
    /// one (a lab log) or whose scenario no longer loads.
    /// </summary>
    public static AccessNetworkConfig? NetworkOf(RunManifest m, string file)
    {
        if (string.IsNullOrWhiteSpace(m.ScenarioYaml)) return null;
        try
        {
            return AccessNetworkBuilder.Build(ScenarioLoader.LoadFromText(m.ScenarioYaml, file, []));
        }
        catch (QkdNetSim.Core.InputError)
        {
            return null;
        }
    }

    /// <summary>
    /// The finite-key analysis of one user's expected counts over a session of <paramref name="sessionS"/> (the seed-004
    /// "theory" curves): the same rounding and analysis input as the summary of <see cref="Run"/>.
    /// <paramref name="signalStateErrorBound"/>: <see cref="DecoyBb84Input.SignalStateErrorBound"/> (false: Lim's decoy bound alone).
    /// </summary>
    public static DecoyBb84Result Analyze(AccessNetworkConfig config, AccessUser user, double sessionS, double epsilon = 1e-10, double fEc = 1.1,
        bool signalStateErrorBound = true)
    {
        long gates = (long)Math.Round(sessionS * config.GateRateHz);
        var expected = ExpectedCountsModel.ForUser(config, user, gates);
        var input = SummaryBuilder.AnalysisInput(user.Source.MeanPhotonNumbers.ToArray(), user.Source.Probabilities.ToArray(),
            user.Source.Basis0Probability, config.BobBasis0Probability, Counts(expected.Sifted), Counts(expected.Errors), Counts(expected.Emitted),
            sessionS, epsilon, fEc, signalStateErrorBound: signalStateErrorBound);
        return DecoyBb84Analysis.Analyze(input);
    }

    /// <summary>Signal-state QBER of a user's expected counts (independent of the session length).</summary>
    public static double SignalQber(AccessNetworkConfig config, AccessUser user)
    {
        var e = ExpectedCountsModel.ForUser(config, user, config.TimeBins * 1_000_000L);
        return (e.Errors[0][0] + e.Errors[1][0]) / (e.Sifted[0][0] + e.Sifted[1][0]);
    }

    /// <summary>An expected count as a count: the nearest integer.</summary>
    public static long Count(double expected) => (long)Math.Round(expected);

    private static long[] Counts(double[] expected) => expected.Select(Count).ToArray();

    private static long[][] Counts(double[][] expected) => expected.Select(Counts).ToArray();

    /// <summary>The expected counts of every active user (inactive users send nothing) and of every empty bin.</summary>
    private sealed class ModelCounts : IAccessCounts
    {
        private readonly AccessNetworkConfig _config;
        private readonly Dictionary<int, ExpectedCounts> _users = new();
        private readonly long[] _binRows, _binNoise;

        public ModelCounts(AccessNetworkConfig config, long sessionGates)
        {
            _config = config;
            foreach (var u in config.Users.Where(u => u.Active)) _users[u.Index] = ExpectedCountsModel.ForUser(config, u, sessionGates);
            var owners = config.SlotOwners();
            _binRows = new long[config.TimeBins];
            _binNoise = new long[config.TimeBins];
            for (int b = 0; b < config.TimeBins; b++)
            {
                if (owners[b] >= 0)
                {
                    _binRows[b] = Count(_users[owners[b]].ClickRows.Sum());
                    continue;
                }
                // Two detectors, each clicking with the background probability in every gate of the empty bin.
                _binNoise[b] = _binRows[b] = Count(2 * ExpectedCountsModel.BackgroundProbability(config, b) * config.PulsesInSlot(b, sessionGates));
            }
        }

        public string Engine => AccessModel.Engine;

        public long[] EmittedPulses(int user) => _users.TryGetValue(user, out var e) ? Counts(e.Emitted) : new long[Levels(user)];

        public long[][] Sifted(int user, int levels) => Matrix(user, levels, e => e.Sifted);

        public long[][] Errors(int user, int levels) => Matrix(user, levels, e => e.Errors);

        public long ClickedGates(int user, int intensity) => _users.TryGetValue(user, out var e) ? Count(e.ClickedGates[intensity]) : 0;

        public long ClickRows(int user, int intensity) => _users.TryGetValue(user, out var e) ? Count(e.ClickRows[intensity]) : 0;

        public long DoubleClicks(int user) => _users.TryGetValue(user, out var e) ? Count(e.DoubleClicks) : 0;

        public long BinClickRows(int bin) => (uint)bin < (uint)_binRows.Length ? _binRows[bin] : 0;

        public long BinNoiseClickRows(int bin) => (uint)bin < (uint)_binNoise.Length ? _binNoise[bin] : 0;

        public long TotalClickRows => _binRows.Sum();

        private int Levels(int user) => _config.Users.First(u => u.Index == user).Source.Levels;

        private long[][] Matrix(int user, int levels, Func<ExpectedCounts, double[][]> pick) =>
            _users.TryGetValue(user, out var e) ? Counts(pick(e)) : [new long[levels], new long[levels]];
    }
}

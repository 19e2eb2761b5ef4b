using QkdNetSim.Analysis;
using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed004;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>The access network's model engine (engine: model): the simulator's summary fields from expected counts.</summary>
public sealed class AccessModelTests(ITestOutputHelper output)
{
    private static readonly string Fig3a = RepoPaths.Model("networks/seed004-fig3a-splitter.yaml");

    /// <summary>The fig-3a network with knob settings applied in turn (each to the scenario the previous produced).</summary>
    internal static LoadedScenario Network(IReadOnlyList<string> sets, params (string Knob, double Value)[] knobs)
    {
        var overrides = new List<string>(sets);
        foreach (var (name, value) in knobs)
            overrides.AddRange(AccessKnobs.All.Single(k => k.Name == name).Overrides(ScenarioLoader.Load(Fig3a, overrides), value));
        return ScenarioLoader.Load(Fig3a, overrides);
    }

    [Fact]
    public void The_model_summary_says_engine_model_and_leaves_what_a_model_cannot_give_null()
    {
        var kind = KindRegistry.Get(KindNames.Access);
        var s = (RunSummary)kind.Model(Network(["durationS=10"]), default);
        Assert.True(kind.HasModel);
        Assert.Equal("model", s.Engine);
        Assert.Null(s.Truth);
        Assert.Null(s.Run.EventsProcessed);
        Assert.Null(s.Run.KernelEvents);
        Assert.Null(s.Run.EventsPerWallSecond);
        Assert.False(s.Run.Interrupted);
        Assert.Equal(10, s.Run.SimulatedTimeS);
        Assert.All(s.Users, u => Assert.True(u.SecretKeyRateBitPerS > 0 && u.SiftedBits > 0 && u.Detections.All(d => d > 0)));
        Assert.Equal(s.Users.Min(u => u.SecretKeyRateBitPerS), kind.WorstKeyRateBitPerS(s));
        var json = s.ToJson();
        Assert.Contains("\"engine\": \"model\"", json);
        Assert.Contains("\"truth\": null", json);
        Assert.Equal(json, RunSummary.FromJson(json).ToJson()); // reads back as it was written
    }

    [Fact]
    public void Summaries_carry_the_asymptotic_rate_of_the_expected_counts_beside_the_observed_one()
    {
        // The fig-3a network for 0.2 s: the simulated run's new field is the model engine's asymptotic rate of the same scenario
        // (expected counts, no count noise), to the last bit; in the model's own summary the two asymptotic fields coincide
        // (its observed counts are the expected ones); an inactive user has none. Same counts, same analysis: equal to
        // rounding (the session time enters once as gates / rate, once as given: relative 1e-12 covers a few ulps).
        var loaded = Network(["durationS=0.2", "seed=5", "users.1.active=false"]);
        var model = AccessModel.Run(loaded);
        var sim = AccessSimulation.Simulate(loaded, null);
        static void Same(double a, double? b) => Assert.True(b is double v && Math.Abs(a - v) <= 1e-12 * Math.Abs(a), $"{a:R} vs {b:R}");
        Same(model.Users[0].AsymptoticKeyRateBitPerS, model.Users[0].AsymptoticKeyRateExpectedBitPerS);
        Same(model.Users[0].AsymptoticKeyRateBitPerS, sim.Users[0].AsymptoticKeyRateExpectedBitPerS);
        Assert.True(sim.Users[0].AsymptoticKeyRateExpectedBitPerS > 0);
        Assert.NotEqual(sim.Users[0].AsymptoticKeyRateBitPerS, sim.Users[0].AsymptoticKeyRateExpectedBitPerS); // observed counts differ
        Assert.Null(sim.Users[1].AsymptoticKeyRateExpectedBitPerS);
        Assert.Null(model.Users[1].AsymptoticKeyRateExpectedBitPerS);
        output.WriteLine($"observed {sim.Users[0].AsymptoticKeyRateBitPerS:F0}, expected counts {sim.Users[0].AsymptoticKeyRateExpectedBitPerS:F0} bit/s");
    }

    [Fact]
    public void The_worst_key_rate_ignores_inactive_users()
    {
        var kind = KindRegistry.Get(KindNames.Access);
        var s = (RunSummary)kind.Model(Network(["durationS=10", "users.1.active=false", "users.0.fibreLengthKm=25"]), default);
        Assert.Equal(0, s.Users[1].SecretKeyRateBitPerS);
        Assert.True(s.Users[0].SecretKeyRateBitPerS > 0);
        Assert.Equal(s.Users[0].SecretKeyRateBitPerS, kind.WorstKeyRateBitPerS(s));
        Assert.Null(kind.WorstKeyRateBitPerS((RunSummary)kind.Model(Network(["durationS=10", "activeUsers=0"]), default)));
    }

    /// <summary>
    /// Seed 004 Fig. 4b networks (all N users active, and a partly populated N = 16) built by the knobs from the fig-3a
    /// scenario give exactly the numbers of Experiments' ModelKeyRate on CapacityNetworks.Build: one model, one analysis.
    /// </summary>
    [Theory]
    [InlineData(8, 8, 0.0, 1200)]
    [InlineData(16, 4, 30.0, 1200)]
    [InlineData(32, 32, 12.5, 7200)]
    [InlineData(64, 64, 20.0, 43200)]
    public void The_model_engine_agrees_exactly_with_the_seed004_figure_model(int capacity, int active, double km, double sessionS)
    {
        var template = AccessNetworkBuilder.Build(ScenarioLoader.Load(Fig3a, []));
        var knobs = new List<(string, double)> { (AccessKnobs.Capacity, capacity), (AccessKnobs.Distance, km) };
        if (active != capacity) knobs.Add((AccessKnobs.ActiveUsers, active));
        var s = AccessModel.Run(Network([$"durationS={sessionS}"], [.. knobs]));
        var cfg = CapacityNetworks.Build(template, capacity, active, km, sessionS);
        Assert.Equal(active, s.Users.Count(u => u.Active));
        foreach (var u in cfg.Users)
        {
            var expected = ModelKeyRate.Analyze(cfg, u, sessionS);
            var got = s.Users.Single(x => x.Slot == u.Slot);
            Assert.Equal(expected.FiniteKeyRateBitPerS, got.SecretKeyRateBitPerS);
            Assert.Equal(expected.AsymptoticKeyRateBitPerS, got.AsymptoticKeyRateBitPerS);
            Assert.Equal(expected.FiniteKeyLengthBits, got.FiniteKeyLengthBits);
        }
    }

    /// <summary>
    /// Settings that give a finite key within a second of simulated time (so statistical tests stay fast): more decoy and
    /// vacuum pulses (probabilities 0.7, 0.15, 0.15) and a looser security parameter (1e-3).
    /// </summary>
    internal static IReadOnlyList<string> QuickFiniteKey(IReadOnlyList<string> sets) =>
        [.. sets, "analysis.epsilon=1e-3", "userDefaults.source.probabilities=[0.7, 0.15, 0.15]"];

    /// <summary>
    /// A 4-user N = 8 network at 0 km, 1 s (<see cref="QuickFiniteKey"/>): the model's counts, QBER and key rates against one simulation. Tolerances are
    /// 5 sigma of the simulation's fluctuation: counts are (nearly) Poisson, sigma = sqrt(expected); QBER binomial; key rates
    /// by linear propagation of independent Poisson fluctuations of the correct and wrong sifted counts and the emitted
    /// pulses through the same analysis (central differences of one sigma).
    /// </summary>
    /// <remarks>
    /// Why these bounds hold for a correct model. Each count is a sum over gates of independent Bernoulli outcomes, variance
    /// N p (1 - p) at most the mean; emitted pulses are multinomial (variance N p_k (1 - p_k), also below the mean), so
    /// sqrt(expected) over-estimates sigma. The model's rounding to whole counts (at most 0.5) is under 0.1 sigma for any
    /// cell of expected count 1 or more; a cell whose rounded expectation is 0 or 1 gets the floor of 5 counts (a Poisson
    /// of mean up to 1.5 exceeds it with probability about 1e-3 at most; the fixed seed makes the test deterministic). The
    /// model is first order in the secondary clicks (afterpulses and crosstalk, <see cref="QkdNetSim.Protocols.AccessNetwork.ExpectedCountsModel"/>):
    /// the largest |z| over all counts is printed (2.7 at seed 11) so a growing bias shows long before it fails. About 100 comparisons at
    /// 5 sigma (two-sided 5.7e-7 each) leave a correct model a false-alarm chance of ~6e-5 per fresh seed. The key-rate
    /// sigma takes the scenario's basis choice (1/2 for Alice and Bob, the fig-3a default) because the summary does not
    /// carry it.
    /// </remarks>
    [Fact]
    [Trait("Category", "Statistical")]
    public void The_model_agrees_with_a_simulation_within_its_statistical_error()
    {
        var loaded = Network(QuickFiniteKey(["durationS=1", "seed=11"]), (AccessKnobs.ActiveUsers, 4), (AccessKnobs.Distance, 0));
        var model = AccessModel.Run(loaded);
        var sim = AccessSimulation.Simulate(loaded, null);
        const double Z = 5;
        double largestZ = 0;
        void Near(long expected, long actual, string what)
        {
            double tol = Z * Math.Sqrt(Math.Max(expected, 1));
            largestZ = Math.Max(largestZ, Math.Abs(actual - expected) / Math.Sqrt(Math.Max(expected, 1)));
            Assert.True(Math.Abs(actual - expected) <= tol, $"{what}: simulated {actual}, model {expected} (5 sigma = {tol:F0})");
        }
        for (int i = 0; i < model.Users.Count; i++)
        {
            var (m, s) = (model.Users[i], sim.Users[i]);
            for (int k = 0; k < 3; k++)
            {
                Near(m.EmittedPulses[k], s.EmittedPulses[k], $"user {i} emitted[{k}]");
                Near(m.Detections[k], s.Detections[k], $"user {i} detections[{k}]");
                Near(m.ClickRows[k], s.ClickRows[k], $"user {i} clickRows[{k}]");
                for (int b = 0; b < 2; b++)
                {
                    Near(m.SiftedBitsPerBasisIntensity[b][k], s.SiftedBitsPerBasisIntensity[b][k], $"user {i} sifted[{b}][{k}]");
                    Near(m.ErrorsPerBasisIntensity[b][k], s.ErrorsPerBasisIntensity[b][k], $"user {i} errors[{b}][{k}]");
                }
            }
            Near(m.DoubleClicks, s.DoubleClicks, $"user {i} double clicks");
            long signal = m.SiftedBitsPerBasisIntensity[0][0] + m.SiftedBitsPerBasisIntensity[1][0];
            double qberTol = Z * Math.Sqrt(m.QberSignal * (1 - m.QberSignal) / signal);
            Assert.True(Math.Abs(s.QberSignal - m.QberSignal) <= qberTol, $"user {i} QBER: simulated {s.QberSignal}, model {m.QberSignal}");
            foreach (var (name, pick, mv, sv) in new (string, Func<DecoyBb84Result, double>, double, double)[]
                     {
                         ("finite", r => r.FiniteKeyRateBitPerS, m.SecretKeyRateBitPerS, s.SecretKeyRateBitPerS),
                         ("asymptotic", r => r.AsymptoticKeyRateBitPerS, m.AsymptoticKeyRateBitPerS, s.AsymptoticKeyRateBitPerS),
                     })
            {
                double sigma = KeyRateSigma(m, model.Run, pick);
                Assert.True(mv > 0 && sigma > 0, $"user {i} {name}: the comparison needs a key ({mv}) and a spread ({sigma})");
                output.WriteLine($"user {i} {name}: model {mv:F0}, simulated {sv:F0} +- {sigma:F0} bit/s");
                Assert.True(Math.Abs(sv - mv) <= Z * sigma, $"user {i} {name} key rate: simulated {sv}, model {mv}, sigma {sigma}");
            }
        }
        for (int b = 0; b < model.Bins.Count; b++)
            Near(model.Bins[b].NoiseClickRows, sim.Bins[b].NoiseClickRows, $"bin {b} noise");
        output.WriteLine($"largest |z| over the counts: {largestZ:F2}");
    }

    /// <summary>Standard deviation of a key rate under independent Poisson fluctuations of the counts it is computed from.</summary>
    private static double KeyRateSigma(UserSummary u, RunInfo run, Func<DecoyBb84Result, double> pick)
    {
        double Rate(long[][] n, long[][] e, long[] emitted) => pick(DecoyBb84Analysis.Analyze(SummaryBuilder.AnalysisInput(u.Intensities,
            u.IntensityProbabilities, 0.5, 0.5, n, e, emitted, run.SimulatedTimeS, run.Epsilon, run.ErrorCorrectionEfficiency)));
        long[][] Copy(long[][] a) => a.Select(r => r.ToArray()).ToArray();
        double variance = 0;
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 3; k++)
                foreach (bool error in new[] { false, true })
                {
                    // Correct bits (n - m) or errors (m): an error also counts as a sifted bit.
                    long count = error ? u.ErrorsPerBasisIntensity[b][k] : u.SiftedBitsPerBasisIntensity[b][k] - u.ErrorsPerBasisIntensity[b][k];
                    long d = Math.Max(1, (long)Math.Round(Math.Sqrt(count)));
                    double Shifted(long by)
                    {
                        var n = Copy(u.SiftedBitsPerBasisIntensity);
                        var e = Copy(u.ErrorsPerBasisIntensity);
                        n[b][k] += by;
                        if (error) e[b][k] += by;
                        return Rate(n, e, u.EmittedPulses);
                    }
                    double slope = (Shifted(d) - Shifted(-Math.Min(d, count))) / (d + Math.Min(d, count));
                    variance += slope * slope * count;
                }
        for (int k = 0; k < 3; k++)
        {
            long count = u.EmittedPulses[k], d = (long)Math.Round(Math.Sqrt(count));
            double Shifted(long by)
            {
                var emitted = u.EmittedPulses.ToArray();
                emitted[k] += by;
                return Rate(u.SiftedBitsPerBasisIntensity, u.ErrorsPerBasisIntensity, emitted);
            }
            double slope = (Shifted(d) - Shifted(-d)) / (2 * d);
            variance += slope * slope * count;
        }
        return Math.Sqrt(variance);
    }
}

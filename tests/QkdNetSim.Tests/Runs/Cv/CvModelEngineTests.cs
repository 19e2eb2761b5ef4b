using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Core;
using QkdNetSim.Core.Units;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Cv;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Runs.Cv;

/// <summary>
/// The CV kind's model engine (estimates at the true parameters, analytic rates): agreement with the simulated estimates,
/// the documented nulls, the `userCount` and `distance` knobs and the worst-Bob rate in bit/s.
/// </summary>
public sealed class CvModelEngineTests
{
    private static readonly CvKind Kind = new();

    private static string NetworkPath => ModelPath("networks/seed000-three-node-cv.yaml");

    private static LoadedCvScenario Load(params string[] overrides) =>
        (LoadedCvScenario)Kind.Load(File.ReadAllText(NetworkPath), NetworkPath, overrides);

    private static IReadOnlyList<string> Knob(string name, double value) => Kind.Knobs.Single(k => k.Name == name).Overrides(Load(), value);

    private static CvRunSummary Model(params string[] overrides) => (CvRunSummary)Kind.Model(Load(overrides), default);

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_model_agrees_with_the_simulated_estimates_within_their_standard_errors()
    {
        // Seed 000's testbed, 200,000 rounds (~0.1 s).
        var scenario = Load("samples=200000", "log.enabled=false");
        var sim = (CvRunSummary)Kind.Simulate(scenario, null, null, default);
        var model = (CvRunSummary)Kind.Model(scenario, default);

        // Each estimate is asymptotically normal about the value at the true parameters (the model's): 5 of its standard
        // errors (T, xi: delta method; K_ABi, K_tot and covariance entries: the 16-batch jackknife, whose se is itself
        // uncertain by ~1/sqrt(2 x 15) = 18 %, still far inside 5 se) at 200,000 rounds. With the jackknife's se the ratio
        // is Student-t with 15 degrees of freedom: P(|t| > 5) = 1.6e-4 per quantity (a 3.8 sigma normal tail), ~3e-3 over
        // the ~20 distinct quantities here (9 per-Bob values, K_tot, 10 distinct rebuilt entries: V, and per Bob V_B, c_i,
        // and d_ij) for a fresh seed; the fixed seed makes the test deterministic. The + 1e-12 lets the x-p entries, which
        // the rebuild sets to exactly 0 on both sides (se = 0), compare equal.
        static void Close(double simulated, double? se, double model, string what) =>
            Assert.True(Math.Abs(simulated - model) <= 5 * se!.Value, $"{what}: simulated {simulated} ± {se}, model {model}");
        for (int i = 0; i < sim.Users.Count; i++)
        {
            var (s, m) = (sim.Users[i], model.Users[i]);
            Close(s.Transmittance!.Value, s.Transmittance.StandardError, m.Transmittance!.Value, $"{s.Name} T");
            Close(s.ExcessNoiseSnu!.Value, s.ExcessNoiseSnu.StandardError, m.ExcessNoiseSnu!.Value, $"{s.Name} xi");
            Close(s.NetworkKeyRateEstimateBits!.Value, s.NetworkKeyRateStandardErrorBits, m.NetworkKeyRateEstimateBits!.Value, $"{s.Name} K_ABi");
        }
        Close(sim.NetworkTotalKeyRateEstimateBits!.Value, sim.NetworkTotalKeyRateStandardErrorBits, model.NetworkTotalKeyRateEstimateBits!.Value, "K_tot");
        var (sc, se, mc) = (sim.EstimatedCovarianceSnu!, sim.EstimatedCovarianceStandardErrorSnu!, model.EstimatedCovarianceSnu!);
        Assert.Equal(sc.Length, mc.Length);
        for (int r = 0; r < sc.Length; r++)
        for (int c = 0; c < sc.Length; c++)
            Assert.True(Math.Abs(sc[r][c] - mc[r][c]) <= 5 * se[r][c] + 1e-12, $"gamma[{r},{c}]: simulated {sc[r][c]} ± {se[r][c]}, model {mc[r][c]}");
    }

    [Fact]
    public void Model_summaries_say_engine_model_give_true_values_and_leave_errors_null()
    {
        var scenario = Load();
        var model = (CvRunSummary)Kind.Model(scenario, default);
        Assert.Equal("model", model.Engine);
        Assert.Equal(scenario.ScenarioHash, model.ScenarioHash);
        Assert.Equal(1_000_000, model.Rounds);
        Assert.Equal(1e-3, model.Run.SimulatedTimeS!.Value, 12); // 1e6 rounds at 1 GBaud
        Assert.Null(model.Run.KernelEvents);
        Assert.Null(model.Run.RoundsPerWallSecond);
        Assert.Null(model.NetworkTotalKeyRateStandardErrorBits);
        Assert.Null(model.NetworkTotalKeyRateWorstCaseBits);
        Assert.Null(model.UpperLimitStandardErrorBits);
        Assert.Null(model.EstimatedCovarianceStandardErrorSnu);
        Assert.True(model.EstimatedCovariancePhysical);
        Assert.Equal(model.NetworkTotalKeyRateAnalyticBits, model.NetworkTotalKeyRateEstimateBits);
        Assert.Equal(model.UpperLimitAnalyticBits, model.UpperLimitEstimateBits);
        Assert.Equal(6, model.EstimatedCovarianceSnu!.Length); // A, B_1, B_2: 2 x 3 quadratures
        Assert.All(model.Users, u =>
        {
            Assert.Null(u.QuadraturePairs);
            Assert.Equal(u.TrueTransmittance, u.Transmittance!.Value);
            Assert.Equal(u.TrueExcessNoiseSnu, u.ExcessNoiseSnu!.Value);
            Assert.Equal(2.33, u.ModulationVarianceSnu!.Value);
            Assert.Null(u.Transmittance.StandardError);
            Assert.Null(u.Transmittance.Lower);
            Assert.Null(u.Transmittance.Upper);
            Assert.Equal(u.Gg02KeyRateAnalyticBits, u.Gg02KeyRateEstimateBits);
            Assert.Null(u.Gg02KeyRateStandardErrorBits);
            Assert.Equal(u.NetworkKeyRateAnalyticBits, u.NetworkKeyRateEstimateBits);
            Assert.Null(u.NetworkKeyRateStandardErrorBits);
            Assert.Null(u.NetworkKeyRateWorstCaseBits);
            Assert.True(u.CovariancePhysical);
            Assert.Equal(4, u.CovarianceSnu!.Length);
        });
        Assert.Contains("\"standardError\": null", model.ToJson());
        Assert.Equal(2, Kind.Rows(model).Rows.Count);

        // The model's covariance is the estimators' target: the simulator's estimator, evaluated at it (trusted detectors
        // eta / (1 + v_el), seed 000 Methods F.1), gives the model's K_ABi (the analytic network rates).
        var users = Load().Scenario.Users;
        var atTruth = BroadcastKeyRates.Compute(BroadcastState.WithTrustedDetectors(CovarianceMatrix.Create(
            MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowArrays(model.EstimatedCovarianceSnu)),
            users.Select(u => u.Efficiency / (1 + u.ElectronicNoiseSnu)).ToArray()), model.ReconciliationEfficiency);
        for (int i = 0; i < users.Count; i++)
            Assert.Equal(model.Users[i].NetworkKeyRateEstimateBits!.Value, atTruth.Users[i].KeyRate, 9);
        Assert.Equal("users", Kind.UnitsKey);
        Assert.True(Kind.HasModel);
        Assert.False(((INetworkKind)new CvCovarianceKind()).HasModel);
    }

    [Fact]
    public void The_user_count_knob_copies_the_first_Bob_behind_a_one_in_N_splitter()
    {
        var scenario = Load([.. Knob("userCount", 5)]);
        Assert.Equal(["bob1", "bob2", "bob3", "bob4", "bob5"], scenario.Scenario.Users.Select(u => u.Name));
        var first = Load().Scenario.Users[0];
        Assert.All(scenario.Scenario.Users, u =>
        {
            Assert.Equal(first.FibreLengthKm, u.FibreLengthKm);
            Assert.Equal(first.ExcessNoiseSnu, u.ExcessNoiseSnu);
            Assert.Equal(first.Efficiency, u.Efficiency);
            Assert.Equal(first.ElectronicNoiseSnu, u.ElectronicNoiseSnu);
        });
        // Seed 000 Eqs. 29-31: each Bob gets 1/N of the feeder output, then his drop: T = T_feeder / N * T_drop.
        double t = Decibels.FibreTransmittance(25, 0.2) / 5 * Decibels.FibreTransmittance(first.FibreLengthKm, 0.2);
        Assert.All(((CvRunSummary)Kind.Model(scenario, default)).Users, u => Assert.Equal(t, u.TrueTransmittance, 12));
        Assert.Equal("userCount", Assert.Throws<InputError>(() => Knob("userCount", 0)).Field);
        Assert.Equal("userCount", Assert.Throws<InputError>(() => Knob("userCount", 2.5)).Field);
    }

    [Fact]
    public void The_distance_knob_sets_the_feeder_and_leaves_the_drops()
    {
        var scenario = Load([.. Knob("distance", 40)]);
        Assert.Equal(40, scenario.Scenario.FeederFibreKm);
        Assert.Equal(Load().Scenario.Users.Select(u => u.FibreLengthKm), scenario.Scenario.Users.Select(u => u.FibreLengthKm));
    }

    [Fact]
    public void The_worst_Bob_rate_falls_with_distance_and_user_count_and_is_in_bit_per_second()
    {
        var model = Model();
        // Key rates are bits per symbol; 1 GBaud (seed 000's default symbol rate) makes bit/s.
        Assert.Equal(model.Users.Min(u => u.NetworkKeyRateEstimateBits!.Value) * 1e9, Kind.WorstKeyRateBitPerS(model)!.Value, 6);
        Assert.Equal(Kind.WorstKeyRateBitPerS(model)!.Value / 2, Kind.WorstKeyRateBitPerS(Model("symbolRateHz=5e8"))!.Value, 6);

        double Worst(params string[] o) => Kind.WorstKeyRateBitPerS(Model(o))!.Value;
        double[] byDistance = new[] { 0.0, 10, 20 }.Select(km => Worst([.. Knob("distance", km)])).ToArray();
        Assert.True(byDistance[0] > byDistance[1] && byDistance[1] > byDistance[2] && byDistance[2] > 0, string.Join(", ", byDistance));
        double[] byUsers = new[] { 1.0, 2, 4 }.Select(n => Worst([.. Knob("userCount", n), .. Knob("distance", 5)])).ToArray();
        Assert.True(byUsers[0] > byUsers[1] && byUsers[1] > byUsers[2] && byUsers[2] > 0, string.Join(", ", byUsers));
        // Far enough, no Bob has key: 0, not a negative rate.
        Assert.Equal(0, Worst([.. Knob("distance", 200)]));
    }
}
